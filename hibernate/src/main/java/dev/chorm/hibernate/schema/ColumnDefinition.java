package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.type.ClickHouseType;

import java.util.List;
import java.util.Objects;

/**
 * One column: {@code name Type [DEFAULT|MATERIALIZED|ALIAS|EPHEMERAL expr] [COMMENT '...']
 * [CODEC(...)] [TTL expr]}. Expressions are SQL text. Build with {@link #of} and the {@code with...}
 * methods:
 *
 * <pre>{@code
 * ColumnDefinition.of("created", "DateTime64(3, 'UTC')").withDefault(DefaultKind.DEFAULT, "now64(3)")
 *         .withCodecs("Delta", "ZSTD(1)").withComment("insertion time");
 * }</pre>
 *
 * @param name              the column's name
 * @param type              its type
 * @param defaultKind       how its value is computed, or null for none
 * @param defaultExpression the expression of {@code defaultKind}; null for none (only {@code EPHEMERAL} may lack one)
 * @param codecs            compression codecs, e.g. {@code ["Delta(4)", "ZSTD(1)"]}; empty for the default
 * @param ttl               the column's TTL expression, or null
 * @param comment           the column's comment, or null
 */
public record ColumnDefinition(String name, ClickHouseType type, DefaultKind defaultKind, String defaultExpression,
                               List<String> codecs, String ttl, String comment) {

    /** How a column's value is computed when an insert does not give it. */
    public enum DefaultKind {
        /** {@code DEFAULT expr}: computed when not inserted, stored. */
        DEFAULT,
        /** {@code MATERIALIZED expr}: always computed, stored, not in {@code SELECT *}. */
        MATERIALIZED,
        /** {@code ALIAS expr}: computed on read, never stored. */
        ALIAS,
        /** {@code EPHEMERAL [expr]}: insertable, never stored, usable in other defaults. */
        EPHEMERAL
    }

    public ColumnDefinition {
        Objects.requireNonNull(name, "a column needs a name");
        Objects.requireNonNull(type, () -> "column " + name + " needs a type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a column name cannot be empty");
        }
        if ((defaultKind == null) != (defaultExpression == null) && defaultKind != DefaultKind.EPHEMERAL) {
            throw new IllegalArgumentException("column " + name + ": " + (defaultKind == null
                    ? "a default expression needs a kind (DEFAULT, MATERIALIZED, ALIAS, EPHEMERAL)"
                    : defaultKind + " needs an expression"));
        }
        codecs = List.copyOf(codecs);
    }

    /** A column with no default, codec, TTL or comment. */
    public static ColumnDefinition of(String name, ClickHouseType type) {
        return new ColumnDefinition(name, type, null, null, List.of(), null, null);
    }

    /** A column whose type is given as ClickHouse text, e.g. {@code "LowCardinality(String)"}. */
    public static ColumnDefinition of(String name, String type) {
        return of(name, ClickHouseType.parse(type));
    }

    /** This column renamed. */
    public ColumnDefinition withName(String name) {
        return new ColumnDefinition(name, type, defaultKind, defaultExpression, codecs, ttl, comment);
    }

    /** This column with another type. */
    public ColumnDefinition withType(ClickHouseType type) {
        return new ColumnDefinition(name, type, defaultKind, defaultExpression, codecs, ttl, comment);
    }

    /** This column with {@code kind expression} (an {@code EPHEMERAL} expression may be null); null, null for none. */
    public ColumnDefinition withDefault(DefaultKind kind, String expression) {
        return new ColumnDefinition(name, type, kind, expression, codecs, ttl, comment);
    }

    /** This column with {@code DEFAULT expression}. */
    public ColumnDefinition withDefault(String expression) {
        return withDefault(DefaultKind.DEFAULT, expression);
    }

    /** This column compressed with these codecs, e.g. {@code "Delta(4)", "ZSTD(1)"}; none for the default. */
    public ColumnDefinition withCodecs(String... codecs) {
        return new ColumnDefinition(name, type, defaultKind, defaultExpression, List.of(codecs), ttl, comment);
    }

    /** This column with a TTL expression (null for none), e.g. {@code at + INTERVAL 1 DAY}. */
    public ColumnDefinition withTtl(String ttl) {
        return new ColumnDefinition(name, type, defaultKind, defaultExpression, codecs, ttl, comment);
    }

    /** This column with a comment (null for none). */
    public ColumnDefinition withComment(String comment) {
        return new ColumnDefinition(name, type, defaultKind, defaultExpression, codecs, ttl, comment);
    }
}
