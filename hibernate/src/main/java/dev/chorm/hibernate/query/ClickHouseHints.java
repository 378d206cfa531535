package dev.chorm.hibernate.query;

import org.hibernate.jpa.HibernateHints;

/**
 * The query hints chorm reads. JPA drops hint names it does not know, so chorm's hints travel as
 * values of Hibernate's database hint ({@value #DATABASE_HINT}), which reaches the dialect when
 * the statement is executed:
 *
 * <pre>{@code
 * query.setHint(ClickHouseHints.DATABASE_HINT, ClickHouseHints.settings("max_threads = 2"));
 * // Spring Data:
 * @QueryHints(@QueryHint(name = ClickHouseHints.DATABASE_HINT, value = "chorm.settings: max_threads = 2"))
 * }</pre>
 *
 * A query may carry several such hints; for a setting named twice the later one wins.
 */
public final class ClickHouseHints {

    /** Hibernate's hint for text handed to the database dialect: {@value}. */
    public static final String DATABASE_HINT = HibernateHints.HINT_QUERY_DATABASE;

    /** The prefix of a settings hint value: {@value}. */
    public static final String SETTINGS_PREFIX = Settings.HINT_PREFIX;

    private ClickHouseHints() {
    }

    /** The hint value for {@code settings}, e.g. {@code "max_threads = 2, max_block_size = 8192"} (validated). */
    public static String settings(String settings) {
        return Settings.parse(settings).hint();
    }

    /** The hint value for {@code settings}. */
    public static String settings(Settings settings) {
        return settings.hint();
    }
}
