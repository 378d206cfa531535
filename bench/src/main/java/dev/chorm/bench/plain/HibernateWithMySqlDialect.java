package dev.chorm.bench.plain;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.util.function.IntFunction;

/**
 * Hibernate ORM as people point it at ClickHouse today, without chorm: {@code MySQLDialect} set
 * explicitly, the official JDBC driver, JDBC batches of 5,000. Runs in a JVM whose class path has no
 * chorm module (see {@code MySqlDialectPaths}), so none of chorm's dialect resolver, integrator,
 * connection wrapper or batching defaults apply.
 */
public final class HibernateWithMySqlDialect implements AutoCloseable {

    private static final int BATCH = 5_000;

    private final EntityManagerFactory factory;
    private final IntFunction<Object[]> rows;
    private final boolean scalarOnly;

    /**
     * @param scalarOnly map {@link PlainScalarEvent} (eight columns) instead of {@link PlainEvent} (all ten)
     */
    public HibernateWithMySqlDialect(String jdbcUrl, String user, String password, boolean ignoreUnsupported,
                                     boolean scalarOnly, IntFunction<Object[]> rows) {
        this.rows = rows;
        this.scalarOnly = scalarOnly;
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("mysql-dialect")
                .jdbcUrl(jdbcUrl).jdbcCredentials(user, password)
                .property("hibernate.dialect", "org.hibernate.dialect.MySQLDialect")
                .property("hibernate.jdbc.batch_size", String.valueOf(BATCH))
                .property("jakarta.persistence.schema-generation.database.action", "none")
                .managedClass(scalarOnly ? PlainScalarEvent.class : PlainEvent.class);
        if (ignoreUnsupported) {
            // the driver's switch that turns setAutoCommit(false)/commit/rollback into no-ops
            configuration.property("hibernate.connection.jdbc_ignore_unsupported_values", "true");
        }
        this.factory = configuration.createEntityManagerFactory();
    }

    /** The dialect Hibernate actually uses, to prove it is not chorm's. */
    public String dialect() {
        return factory.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getJdbcServices().getDialect()
                .getClass().getName();
    }

    public long insert(int n) {
        long start = System.nanoTime();
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            for (int i = 0; i < n; i++) {
                em.persist(scalarOnly ? new PlainScalarEvent(rows.apply(i)) : new PlainEvent(rows.apply(i)));
                if ((i + 1) % BATCH == 0) {
                    em.flush();
                    em.clear();
                }
            }
            em.getTransaction().commit();
        }
        return System.nanoTime() - start;
    }

    /** Reads every row; returns {nanoseconds, rows, checksum}. */
    public long[] read() {
        long start = System.nanoTime();
        long[] countAndSum = new long[2];
        try (StatelessSession session = factory.unwrap(SessionFactory.class).openStatelessSession()) {
            if (scalarOnly) {
                try (var stream = session.createSelectionQuery("from PlainScalarEvent", PlainScalarEvent.class)
                        .getResultStream()) {
                    stream.forEach(e -> {
                        countAndSum[0]++;
                        countAndSum[1] += e.id + e.device.length();
                    });
                }
            } else {
                try (var stream = session.createSelectionQuery("from PlainEvent", PlainEvent.class).getResultStream()) {
                    stream.forEach(e -> {
                        countAndSum[0]++;
                        countAndSum[1] += e.id + e.tags.size() + e.attributes.size();
                    });
                }
            }
        }
        return new long[]{System.nanoTime() - start, countAndSum[0], countAndSum[1]};
    }

    @Override
    public void close() {
        factory.close();
    }
}
