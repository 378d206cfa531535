package dev.chorm.hibernate.schema;

/**
 * The rules a {@link TableDefinition} obeys, checked when it is built; an {@link InvalidTableException}
 * names the one broken. Each is a rule ClickHouse 26.7 enforces on {@code CREATE TABLE}, caught before
 * the statement is sent, with the table and column named.
 */
public enum TableRule {

    /** A table has at least one column. */
    NO_COLUMNS,

    /** Column names are unique, and so are index, constraint and projection names. */
    DUPLICATE_NAME,

    /**
     * A MergeTree-family table has an {@code ORDER BY} ({@code tuple()} for no sorting key).
     * <p>ClickHouse 26.7 is more lenient: with its default {@code create_table_empty_primary_key_by_default = 1}
     * it turns a missing ORDER BY into {@code ORDER BY tuple()}. The model keeps the key explicit, so
     * that it reads the same as {@code SHOW CREATE TABLE} and works on servers without that default.
     */
    ORDER_BY_REQUIRED,

    /**
     * Only the MergeTree family accepts {@code ORDER BY}, {@code PARTITION BY}, {@code PRIMARY KEY},
     * {@code SAMPLE BY}, table and column TTLs, data-skipping indexes and projections. (Constraints,
     * comments and settings are accepted by every engine.)
     */
    MERGE_TREE_ONLY,

    /**
     * A bare name in {@code ORDER BY}, {@code PRIMARY KEY}, {@code PARTITION BY} or {@code SAMPLE BY} is
     * a column of the table (ClickHouse: "Missing columns"). Other expressions are checked by the server.
     */
    KEY_COLUMN,

    /** {@code PRIMARY KEY} is a prefix of {@code ORDER BY} (expressions compared as written, insignificant spaces aside). */
    PRIMARY_KEY_PREFIX,

    /** The {@code SAMPLE BY} expression is one of the primary key's (or, without one, the sorting key's). */
    SAMPLE_BY_KEY,

    /**
     * Columns named by the engine exist and suit it: a Replacing/VersionedCollapsing {@code version} is
     * an integer (signed or not), Bool, Date, Date32, DateTime or DateTime64, not Nullable (ClickHouse
     * 26.7 accepts signed integers and Date32, not only unsigned ones); a Replacing {@code is_deleted}
     * is UInt8 (or Bool); a Collapsing {@code sign} is exactly Int8; Summing columns exist and are not
     * in the sorting key.
     */
    ENGINE_COLUMN,

    /** A column type breaks a {@link dev.chorm.hibernate.type.TypeRule} (see {@link TableDefinition#validateColumnTypes}). */
    COLUMN_TYPE
}
