package dev.chorm.hibernate.schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A data-skipping index: {@code INDEX name expression TYPE type [GRANULARITY n]} (MergeTree family only).
 *
 * @param name        the index's name
 * @param expression  the indexed expression, SQL text (a column name, {@code lower(s)}, ...)
 * @param type        the index type, e.g. {@link IndexType#set(int) set(1000)}
 * @param granularity granules per index block, or null for the server's default (1, or 100000000 for
 *                    {@code text} indexes on 26.7)
 */
public record IndexDefinition(String name, String expression, IndexType type, Integer granularity) {

    public IndexDefinition {
        Objects.requireNonNull(name, "an index needs a name");
        Objects.requireNonNull(expression, () -> "index " + name + " needs an expression");
        Objects.requireNonNull(type, () -> "index " + name + " needs a type");
        if (granularity != null && granularity < 1) {
            throw new IllegalArgumentException("index " + name + ": granularity must be at least 1, got " + granularity);
        }
    }

    /** An index with the server's default granularity. */
    public IndexDefinition(String name, String expression, IndexType type) {
        this(name, expression, type, null);
    }

    /**
     * An index type and its arguments as SQL text: {@code minmax}, {@code set(100)},
     * {@code bloom_filter(0.01)}, ... The factories cover the common ones; {@link #IndexType(String, List)}
     * any other ({@code vector_similarity}, ...).
     */
    public record IndexType(String name, List<String> arguments) {

        public IndexType {
            Objects.requireNonNull(name, "an index type needs a name");
            arguments = List.copyOf(arguments);
        }

        /** Min and max of the expression per block. */
        public static IndexType minmax() {
            return new IndexType("minmax", List.of());
        }

        /** The distinct values per block, up to {@code maxRows} (0: unlimited). */
        public static IndexType set(int maxRows) {
            return new IndexType("set", List.of(Integer.toString(maxRows)));
        }

        /** A Bloom filter with the server's default false-positive rate (0.025). */
        public static IndexType bloomFilter() {
            return new IndexType("bloom_filter", List.of());
        }

        /** A Bloom filter with this false-positive rate (0 &lt; rate &lt; 1). */
        public static IndexType bloomFilter(double falsePositiveRate) {
            return new IndexType("bloom_filter", List.of(BigDecimal.valueOf(falsePositiveRate).stripTrailingZeros().toPlainString()));
        }

        /** A Bloom filter of the n-grams of strings: {@code ngrambf_v1(n, sizeBytes, hashes, seed)}. */
        public static IndexType ngramBloomFilter(int n, int sizeBytes, int hashes, int seed) {
            return new IndexType("ngrambf_v1", List.of(Integer.toString(n), Integer.toString(sizeBytes),
                    Integer.toString(hashes), Integer.toString(seed)));
        }

        /** A Bloom filter of the tokens of strings: {@code tokenbf_v1(sizeBytes, hashes, seed)}. */
        public static IndexType tokenBloomFilter(int sizeBytes, int hashes, int seed) {
            return new IndexType("tokenbf_v1", List.of(Integer.toString(sizeBytes), Integer.toString(hashes), Integer.toString(seed)));
        }

        /**
         * A full-text index (ClickHouse 25.x+): {@code text(tokenizer = splitByNonAlpha)}; {@code tokenizer}
         * is SQL text such as {@code splitByNonAlpha}, {@code 'splitByString'} or {@code ngrams(3)}.
         */
        public static IndexType text(String tokenizer) {
            return new IndexType("text", List.of("tokenizer = " + tokenizer));
        }

        /** {@code name} or {@code name(arg, ...)}. */
        public String render() {
            return arguments.isEmpty() ? name : name + "(" + String.join(", ", arguments) + ")";
        }
    }
}
