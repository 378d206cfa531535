package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.LogRecord;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standard JPA code on ClickHouse: no dialect configured, EntityManager transactions without
 * errors, batched inserts, reads, and a rollback that cannot go unnoticed.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionsAndInsertsTest {

    private static final String CONNECTIONS_LOG = "dev.chorm.hibernate.jdbc.ClickHouseConnections";

    private EntityManagerFactory factory;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        db.execute(PageView.TABLE);
        factory = Jpa.factory(db, null, PageView.class);
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @BeforeEach
    void empty() {
        db.truncateAllTables();
    }

    @Test
    void theDialectIsPickedWithoutConfiguration() {
        assertThat(factory.unwrap(SessionFactory.class).unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
                .getJdbcServices().getDialect()).isInstanceOf(ClickHouseDialect.class);
    }

    @Test
    void persistInATransactionCommitsWithoutErrorsAndFindsTheRowsBack() {
        Instant at = Instant.parse("2026-11-22T10:15:30.123456Z");
        inTransaction(em -> {
            for (long id = 1; id <= 10_000; id++) {
                em.persist(new PageView(id, "/p" + (id % 7), at.plusSeconds(id), id % 3 == 0 ? null : (int) id));
            }
        });
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select count(v) from PageView v", Long.class).getSingleResult()).isEqualTo(10_000L);
            PageView view = em.find(PageView.class, 43L);
            assertThat(view.getPage()).isEqualTo("/p1");
            assertThat(view.getAt()).isEqualTo(at.plusSeconds(43));
            assertThat(view.getLoadMs()).isEqualTo(43);
            assertThat(em.find(PageView.class, 42L).getLoadMs()).as("every third row has no load time").isNull();
        }
    }

    @Test
    void batchedInsertsReachTheServerAsFewInserts() {
        inTransaction(em -> {
            for (long id = 1; id <= 12_000; id++) {
                em.persist(new PageView(id, "/", Instant.EPOCH, 1));
            }
        });
        // one part per INSERT: 12,000 rows in batches of the default size make 3 parts, not 12,000
        assertThat(db.queryLong("SELECT count() FROM system.parts WHERE database = currentDatabase()"
                + " AND table = 'page_view' AND active")).isBetween(1L, 3L);
    }

    @Test
    void statelessSessionInsertsInATransactionAreBatchedToo() {
        try (StatelessSession session = factory.unwrap(SessionFactory.class).openStatelessSession()) {
            session.beginTransaction();
            for (long id = 1; id <= 12_000; id++) {
                session.insert(new PageView(id, "/stateless", Instant.EPOCH, 1));
            }
            session.getTransaction().commit();
        }
        assertThat(db.queryLong("SELECT count() FROM page_view WHERE page = '/stateless'")).isEqualTo(12_000);
        assertThat(db.queryLong("SELECT count() FROM system.parts WHERE database = currentDatabase()"
                + " AND table = 'page_view' AND active")).isBetween(1L, 3L);
    }

    @Test
    void anExplicitBatchSizeAppliesToStatelessSessionsToo() {
        // Hibernate applies hibernate.jdbc.batch_size to stateful sessions only: without chorm a
        // stateless session would send each of these inserts alone, one part per row
        try (EntityManagerFactory batched = new org.hibernate.jpa.HibernatePersistenceConfiguration("batched")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("hibernate.jdbc.batch_size", "4000").managedClass(PageView.class).createEntityManagerFactory();
             StatelessSession session = batched.unwrap(SessionFactory.class).openStatelessSession()) {
            session.beginTransaction();
            for (long id = 1; id <= 12_000; id++) {
                session.insert(new PageView(id, "/explicit", Instant.EPOCH, 1));
            }
            session.getTransaction().commit();
        }
        assertThat(db.queryLong("SELECT count() FROM page_view WHERE page = '/explicit'")).isEqualTo(12_000);
        assertThat(db.queryLong("SELECT count() FROM system.parts WHERE database = currentDatabase()"
                + " AND table = 'page_view' AND active")).isBetween(1L, 3L);
    }

    @Test
    void aRollbackAfterWritesIsLoggedAndTheRowsStay() {
        List<LogRecord> records = Jpa.logsOf(CONNECTIONS_LOG, () -> {
            try (EntityManager em = factory.createEntityManager()) {
                em.getTransaction().begin();
                em.persist(new PageView(7, "/kept", Instant.now().truncatedTo(ChronoUnit.MICROS), 1));
                em.flush();
                em.getTransaction().rollback();
            }
        });
        assertThat(records).anySatisfy(record ->
                assertThat(record.getMessage()).contains("has no rollback").contains("stay written"));
        assertThat(db.queryLong("SELECT count() FROM page_view WHERE page = '/kept'")).isEqualTo(1);
    }

    @Test
    void aRollbackWithoutWritesIsSilent() {
        List<LogRecord> records = Jpa.logsOf(CONNECTIONS_LOG, () -> {
            try (EntityManager em = factory.createEntityManager()) {
                em.getTransaction().begin();
                em.createQuery("select count(v) from PageView v", Long.class).getSingleResult();
                em.getTransaction().rollback();
            }
        });
        assertThat(records).isEmpty();
    }

    private void inTransaction(java.util.function.Consumer<EntityManager> work) {
        Jpa.inTransaction(factory, work);
    }
}
