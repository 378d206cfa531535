package dev.chorm.hibernate.query;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import org.hibernate.Session;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * ClickHouse settings for queries run through JPA/Hibernate.
 *
 * <h2>Precedence</h2>
 * A SELECT's settings come, strongest first, from:
 * <ol>
 *   <li>the query: {@link #settings(Query, Settings)} (or the hint of {@link ClickHouseHints});</li>
 *   <li>the EntityManager: {@link #createEntityManager(EntityManagerFactory, Settings)};</li>
 *   <li>the factory: the persistence property {@value #SETTINGS_PROPERTY}
 *       ({@code "max_threads = 8, max_memory_usage = 10000000000"}, a {@code Map} or a {@link Settings});</li>
 *   <li>chorm's {@link #SQL_SEMANTICS}, which every query carries so that results mean what they
 *       mean in SQL;</li>
 *   <li>the connection: settings in the JDBC URL ({@code ?clickhouse_setting_max_threads=2}) or
 *       driver properties, and the server profile.</li>
 * </ol>
 * Levels 1 to 3 override the SQL-semantics settings too: a query may say
 * {@code join_use_nulls = 0} to get ClickHouse's defaults (0, '') for outer-join misses. Level 5
 * does not override them, because levels 1 to 4 are written into the statement.
 */
public final class ClickHouseQuery {

    /**
     * The settings chorm puts on every query: outer-join misses are NULL ({@code join_use_nulls}),
     * {@code sum/avg/min/max} over no rows are NULL ({@code aggregate_functions_null_for_empty}),
     * and ROLLUP/CUBE subtotal rows have NULL keys ({@code group_by_use_nulls}).
     */
    public static final Settings SQL_SEMANTICS = Settings.of(Map.of())
            .and("join_use_nulls", 1)
            .and("aggregate_functions_null_for_empty", 1)
            .and("group_by_use_nulls", 1);

    /** The persistence property holding the settings of every query of a factory: {@value}. */
    public static final String SETTINGS_PROPERTY = "chorm.settings";

    private ClickHouseQuery() {
    }

    /**
     * The settings every query of {@code factory} carries: {@link #SQL_SEMANTICS} overridden by the
     * factory's {@value #SETTINGS_PROPERTY} property.
     *
     * @throws IllegalArgumentException naming the property when its value is not valid settings
     */
    public static Settings defaultSettings(EntityManagerFactory factory) {
        Object configured = factory.getProperties().get(SETTINGS_PROPERTY);
        try {
            Settings settings = configured == null ? Settings.none()
                    : configured instanceof Settings given ? given
                    : configured instanceof Map<?, ?> map ? Settings.of(stringKeys(map))
                    : Settings.parse(configured.toString());
            return SQL_SEMANTICS.and(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Property " + SETTINGS_PROPERTY + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        map.forEach((key, value) -> result.put(String.valueOf(key), value));
        return result;
    }

    /** Runs {@code query} with {@code settings} (validated); returns the query. */
    public static <Q extends Query> Q settings(Q query, Settings settings) {
        query.setHint(ClickHouseHints.DATABASE_HINT, settings.hint());
        return query;
    }

    /** Runs {@code query} with {@code settings} (validated); returns the query. */
    public static <Q extends Query> Q settings(Q query, Map<String, ?> settings) {
        return settings(query, Settings.of(settings));
    }

    /**
     * An EntityManager whose queries carry {@code settings} unless the query sets them itself.
     * Closing it is the caller's job, as for {@link EntityManagerFactory#createEntityManager()}. A
     * statement inspector configured on the factory still sees every statement (after this one).
     */
    public static EntityManager createEntityManager(EntityManagerFactory factory, Settings settings) {
        SessionFactoryImplementor sessionFactory = factory.unwrap(SessionFactoryImplementor.class);
        StatementInspector configured = sessionFactory.getSessionFactoryOptions().getStatementInspector();
        SessionSettings sessionSettings = new SessionSettings(settings, defaultSettings(factory));
        UnaryOperator<String> inspector = configured == null ? sessionSettings
                : sql -> configured.inspect(sessionSettings.apply(sql));
        return sessionFactory.withOptions().statementInspector(inspector).openSession();
    }

    /**
     * ClickHouse's explanation of a query, without running it: {@code query} builds the query (HQL
     * or Criteria, with its parameters and settings) on the EntityManager it is given, which
     * sends it as {@code EXPLAIN <kind> <query>}. The text comes back line by line.
     *
     * <pre>{@code
     * String plan = ClickHouseQuery.explain(factory, Explain.PLAN, em -> em
     *         .createQuery("select v.page, count(v) from Visit v where v.loadMs > :ms group by v.page")
     *         .setParameter("ms", 100));
     * }</pre>
     */
    public static String explain(EntityManagerFactory factory, Explain kind, Function<EntityManager, Query> query) {
        SessionFactoryImplementor sessionFactory = factory.unwrap(SessionFactoryImplementor.class);
        ConnectionProvider connections = sessionFactory.getServiceRegistry().requireService(ConnectionProvider.class);
        ExplainingConnection explaining = new ExplainingConnection(kind);
        try {
            Connection connection = connections.getConnection();
            try (Session session = sessionFactory.withOptions().connection(explaining.wrap(connection)).openSession()) {
                query.apply(session).getResultList();
            } finally {
                connections.closeConnection(connection);
            }
            return explaining.explanation();
        } catch (SQLException e) {
            throw new PersistenceException("EXPLAIN failed: " + e.getMessage(), e);
        }
    }
}
