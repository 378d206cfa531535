package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.QueryTimeoutException;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cancelling a query reaches the server: {@code Session.cancelQuery()} from another thread, and a
 * stream or scroll closed before its end, stop the query there rather than let it run on.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancellationTest {

    /** 20^8 rows to count: hours of work. */
    private static final String ENDLESS_HQL = "select count(a) from Hit a, Hit b, Hit c, Hit d, Hit e, Hit f, Hit g, Hit i";
    /** 10^10 rows: about 80 GB of response. */
    private static final String HUGE_RESULT = "select number from numbers(10000000000)";

    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, new QueryTests.Statements(), Hit.class);
        Jpa.inTransaction(factory, em -> {
            for (int i = 1; i <= 20; i++) {
                em.persist(new Hit(i, "/p" + i, i % 2 == 0 ? "NL" : "DE", Instant.EPOCH, i));
            }
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @Test
    void cancelQueryFromAnotherThreadStopsALongHqlQueryOnTheServer(TestDatabase db) throws Exception {
        try (EntityManager em = factory.createEntityManager()) {
            Session session = em.unwrap(Session.class);
            CompletableFuture<Long> count = CompletableFuture.supplyAsync(
                    () -> em.createQuery(ENDLESS_HQL, Long.class).getSingleResult());
            awaitServerRunning(db, "Hit h8_0", true);
            long start = System.nanoTime();
            session.cancelQuery();
            assertThatThrownBy(() -> count.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(QueryTimeoutException.class)
                    .rootCause().hasMessageContaining("Code: 394"); // QUERY_WAS_CANCELLED, from the server
            assertThat(millisSince(start)).isLessThan(3_000L);
            awaitServerRunning(db, "Hit h8_0", false);
        }
    }

    @Test
    void aResultStreamClosedAfterTenRowsReturnsQuicklyAndStopsTheServerQuery(TestDatabase db) throws Exception {
        try (EntityManager em = factory.createEntityManager()) {
            long start;
            try (Stream<Long> numbers = em.createNativeQuery(HUGE_RESULT, Long.class).getResultStream()) {
                Iterator<Long> rows = numbers.iterator();
                for (long i = 0; i < 10; i++) {
                    assertThat(rows.next()).isEqualTo(i);
                }
                start = System.nanoTime();
            }
            long closeMillis = millisSince(start);
            assertThat(closeMillis).as("close took %d ms", closeMillis).isLessThan(3_000L);
            awaitServerRunning(db, "numbers(10000000000)", false);
            // the connection is usable afterwards
            assertThat(em.createQuery("select count(h) from Hit h", Long.class).getSingleResult()).isEqualTo(20L);
        }
    }

    @Test
    void scrollableResultsClosedEarlyStopTheServerQuery(TestDatabase db) throws Exception {
        try (EntityManager em = factory.createEntityManager()) {
            long start;
            try (ScrollableResults<Long> rows = em.unwrap(Session.class)
                    .createNativeQuery(HUGE_RESULT, Long.class).scroll(ScrollMode.FORWARD_ONLY)) {
                for (int i = 0; i < 10; i++) {
                    assertThat(rows.next()).isTrue();
                }
                assertThat(rows.get()).isEqualTo(9L);
                start = System.nanoTime();
            }
            assertThat(millisSince(start)).isLessThan(3_000L);
            awaitServerRunning(db, "numbers(10000000000)", false);
        }
    }

    @Test
    void aStreamReadToItsEndGivesEveryRow() {
        try (EntityManager em = factory.createEntityManager();
             Stream<Hit> hits = em.createQuery("select h from Hit h order by h.id", Hit.class).getResultStream()) {
            assertThat(hits.mapToLong(h -> h.id).sum()).isEqualTo(210L);
        }
    }

    /** Waits until the server's own process list does (or no longer does) show a query containing {@code part}. */
    static void awaitServerRunning(TestDatabase db, String part, boolean running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(running ? 20 : 5);
        while (true) {
            long found = db.queryLong("select count() from system.processes where query like '%" + part
                    + "%' and query not like '%system.processes%'");
            if ((found > 0) == running) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError((running ? "no query" : found + " queries") + " containing " + part
                        + " running on the server: " + processes(db));
            }
            Thread.sleep(50);
        }
    }

    private static String processes(TestDatabase db) {
        try (java.sql.Connection connection = db.openConnection();
             java.sql.ResultSet rs = connection.createStatement().executeQuery("select query from system.processes")) {
            StringBuilder text = new StringBuilder();
            while (rs.next()) {
                text.append("\n  ").append(rs.getString(1));
            }
            return text.toString();
        } catch (java.sql.SQLException e) {
            return e.toString();
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
