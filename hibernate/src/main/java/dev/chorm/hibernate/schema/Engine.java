package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.type.SqlQuoting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table engine, as in {@code ENGINE = ReplacingMergeTree(version)}. Column arguments (version,
 * sign, ...) are column names; {@link #render()} quotes them when needed.
 */
public sealed interface Engine {

    /** The engine's name as written in DDL, e.g. {@code ReplicatedReplacingMergeTree}. */
    String name();

    /** The engine's arguments as SQL text, rendered; empty when it has none. */
    List<String> arguments();

    /** {@code Name} or {@code Name(arg, ...)}, as after {@code ENGINE = }. */
    default String render() {
        List<String> arguments = arguments();
        return arguments.isEmpty() ? name() : name() + "(" + String.join(", ", arguments) + ")";
    }

    /**
     * Whether this is a MergeTree-family engine: it needs {@code ORDER BY}, and only it accepts
     * {@code PARTITION BY}, {@code PRIMARY KEY}, {@code SAMPLE BY}, TTLs, data-skipping indexes and
     * projections.
     */
    default boolean isMergeTreeFamily() {
        return this instanceof MergeTreeFamily;
    }

    /**
     * Whether {@code SELECT ... FINAL} collapses rows of this engine at query time: Replacing,
     * Summing, Aggregating, Collapsing and VersionedCollapsing MergeTree (replicated or not).
     */
    default boolean supportsFinal() {
        return false;
    }

    /** The MergeTree family. */
    sealed interface MergeTreeFamily extends Engine {

        /** This engine replicated through ClickHouse Keeper, with the usual macros as paths. */
        default Replicated replicated() {
            return replicated(Replicated.DEFAULT_ZOO_PATH, Replicated.DEFAULT_REPLICA);
        }

        /** This engine replicated through ClickHouse Keeper at {@code zooPath}, as replica {@code replicaName}. */
        default Replicated replicated(String zooPath, String replicaName) {
            return new Replicated(this, zooPath, replicaName);
        }
    }

    /** {@code MergeTree}. */
    record MergeTree() implements MergeTreeFamily {
        @Override
        public String name() {
            return "MergeTree";
        }

        @Override
        public List<String> arguments() {
            return List.of();
        }
    }

    /**
     * {@code ReplacingMergeTree([version[, isDeleted]])}: keeps the last row (highest {@code version})
     * per sorting key; {@code isDeleted} (UInt8) marks deleted rows. Both are column names or null.
     */
    record ReplacingMergeTree(String version, String isDeleted) implements MergeTreeFamily {
        public ReplacingMergeTree {
            if (isDeleted != null && version == null) {
                throw new IllegalArgumentException("ReplacingMergeTree needs a version column to have an is_deleted column");
            }
        }

        /** Without version: the last inserted row wins. */
        public ReplacingMergeTree() {
            this(null, null);
        }

        public ReplacingMergeTree(String version) {
            this(version, null);
        }

        @Override
        public String name() {
            return "ReplacingMergeTree";
        }

        @Override
        public List<String> arguments() {
            return columns(version, isDeleted);
        }

        @Override
        public boolean supportsFinal() {
            return true;
        }
    }

    /** {@code SummingMergeTree[((col, ...))]}: sums {@code columns} (all numeric non-key columns when empty). */
    record SummingMergeTree(List<String> columns) implements MergeTreeFamily {
        public SummingMergeTree {
            columns = List.copyOf(columns);
        }

        public SummingMergeTree(String... columns) {
            this(List.of(columns));
        }

        @Override
        public String name() {
            return "SummingMergeTree";
        }

        @Override
        public List<String> arguments() {
            List<String> quoted = Engine.columns(columns.toArray(String[]::new));
            return switch (quoted.size()) {
                case 0 -> List.of();
                case 1 -> quoted;
                default -> List.of("(" + String.join(", ", quoted) + ")");
            };
        }

        @Override
        public boolean supportsFinal() {
            return true;
        }
    }

    /** {@code AggregatingMergeTree}: merges {@code AggregateFunction} states. */
    record AggregatingMergeTree() implements MergeTreeFamily {
        @Override
        public String name() {
            return "AggregatingMergeTree";
        }

        @Override
        public List<String> arguments() {
            return List.of();
        }

        @Override
        public boolean supportsFinal() {
            return true;
        }
    }

    /** {@code CollapsingMergeTree(sign)}: rows with sign -1 cancel rows with sign 1; {@code sign} is an Int8 column. */
    record CollapsingMergeTree(String sign) implements MergeTreeFamily {
        public CollapsingMergeTree {
            Objects.requireNonNull(sign, "CollapsingMergeTree needs a sign column");
        }

        @Override
        public String name() {
            return "CollapsingMergeTree";
        }

        @Override
        public List<String> arguments() {
            return columns(sign);
        }

        @Override
        public boolean supportsFinal() {
            return true;
        }
    }

    /** {@code VersionedCollapsingMergeTree(sign, version)}. */
    record VersionedCollapsingMergeTree(String sign, String version) implements MergeTreeFamily {
        public VersionedCollapsingMergeTree {
            Objects.requireNonNull(sign, "VersionedCollapsingMergeTree needs a sign column");
            Objects.requireNonNull(version, "VersionedCollapsingMergeTree needs a version column");
        }

        @Override
        public String name() {
            return "VersionedCollapsingMergeTree";
        }

        @Override
        public List<String> arguments() {
            return columns(sign, version);
        }

        @Override
        public boolean supportsFinal() {
            return true;
        }
    }

    /** {@code GraphiteMergeTree('config_section')}: rolls Graphite data up by the server's rollup configuration. */
    record GraphiteMergeTree(String configSection) implements MergeTreeFamily {
        public GraphiteMergeTree {
            Objects.requireNonNull(configSection, "GraphiteMergeTree needs a configuration section");
        }

        @Override
        public String name() {
            return "GraphiteMergeTree";
        }

        @Override
        public List<String> arguments() {
            return List.of(SqlQuoting.quoteString(configSection));
        }
    }

    /**
     * A MergeTree-family engine replicated through ClickHouse Keeper: {@code ReplicatedMergeTree('/path',
     * 'replica', base arguments...)}. With a null {@code zooPath} and {@code replicaName} the server's
     * configured defaults apply ({@code ReplicatedMergeTree} alone).
     */
    record Replicated(MergeTreeFamily base, String zooPath, String replicaName) implements MergeTreeFamily {
        /** The conventional Keeper path, unique per table and shard. */
        public static final String DEFAULT_ZOO_PATH = "/clickhouse/tables/{uuid}/{shard}";
        /** The conventional replica name, from the server's macros. */
        public static final String DEFAULT_REPLICA = "{replica}";

        public Replicated {
            Objects.requireNonNull(base, "Replicated needs a base engine");
            if (base instanceof Replicated) {
                throw new IllegalArgumentException("an engine cannot be replicated twice");
            }
            if ((zooPath == null) != (replicaName == null)) {
                throw new IllegalArgumentException("a replicated engine needs both a Keeper path and a replica name, or neither");
            }
        }

        @Override
        public String name() {
            return "Replicated" + base.name();
        }

        @Override
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>();
            if (zooPath != null) {
                arguments.add(SqlQuoting.quoteString(zooPath));
                arguments.add(SqlQuoting.quoteString(replicaName));
            }
            arguments.addAll(base.arguments());
            return arguments;
        }

        @Override
        public boolean supportsFinal() {
            return base.supportsFinal();
        }
    }

    /** {@code Memory}: rows in RAM, lost on restart. */
    record Memory() implements Engine {
        @Override
        public String name() {
            return "Memory";
        }

        @Override
        public List<String> arguments() {
            return List.of();
        }
    }

    /** {@code Log}. */
    record Log() implements Engine {
        @Override
        public String name() {
            return "Log";
        }

        @Override
        public List<String> arguments() {
            return List.of();
        }
    }

    /** {@code TinyLog}. */
    record TinyLog() implements Engine {
        @Override
        public String name() {
            return "TinyLog";
        }

        @Override
        public List<String> arguments() {
            return List.of();
        }
    }

    /** {@code StripeLog}. */
    record StripeLog() implements Engine {
        @Override
        public String name() {
            return "StripeLog";
        }

        @Override
        public List<String> arguments() {
            return List.of();
        }
    }

    /** {@code Null}: accepts inserts and keeps nothing (feeds materialized views). */
    record Null() implements Engine {
        @Override
        public String name() {
            return "Null";
        }

        @Override
        public List<String> arguments() {
            return List.of();
        }
    }

    /**
     * {@code Distributed('cluster', 'database', 'table'[, sharding_key[, 'policy']])}: a view over
     * {@code table} on every shard of {@code cluster}. A null {@code database} means the current one
     * ({@code currentDatabase()}); {@code shardingKey} is an expression, e.g. {@code rand()}.
     */
    record Distributed(String cluster, String database, String table, String shardingKey, String policy) implements Engine {
        public Distributed {
            Objects.requireNonNull(cluster, "Distributed needs a cluster");
            Objects.requireNonNull(table, "Distributed needs a table");
            if (policy != null && shardingKey == null) {
                throw new IllegalArgumentException("Distributed needs a sharding key to have a storage policy");
            }
        }

        public Distributed(String cluster, String database, String table) {
            this(cluster, database, table, null, null);
        }

        public Distributed(String cluster, String database, String table, String shardingKey) {
            this(cluster, database, table, shardingKey, null);
        }

        @Override
        public String name() {
            return "Distributed";
        }

        @Override
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of(SqlQuoting.quoteString(cluster),
                    database == null ? "currentDatabase()" : SqlQuoting.quoteString(database), SqlQuoting.quoteString(table)));
            if (shardingKey != null) {
                arguments.add(shardingKey);
            }
            if (policy != null) {
                arguments.add(SqlQuoting.quoteString(policy));
            }
            return arguments;
        }
    }

    private static List<String> columns(String... names) {
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            if (name != null) {
                quoted.add(Identifiers.quote(name));
            }
        }
        return quoted;
    }
}
