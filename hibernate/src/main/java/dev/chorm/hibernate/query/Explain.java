package dev.chorm.hibernate.query;

/** The kinds of ClickHouse's EXPLAIN, for {@link ClickHouseQuery#explain}. */
public enum Explain {
    /** The query plan: steps, with the indexes and parts a read uses when {@code indexes = 1} is added. */
    PLAN("explain plan"),
    /** The plan with its index analysis ({@code EXPLAIN PLAN indexes = 1}). */
    PLAN_WITH_INDEXES("explain plan indexes = 1"),
    /** The processors and threads that will run the query. */
    PIPELINE("explain pipeline"),
    /** The query as ClickHouse rewrote it. */
    SYNTAX("explain syntax"),
    /** Estimated parts, rows and marks read per table (MergeTree tables), tab-separated per line. */
    ESTIMATE("explain estimate");

    private final String sql;

    Explain(String sql) {
        this.sql = sql;
    }

    String prefix() {
        return sql;
    }
}
