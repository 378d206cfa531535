package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.QueryTimeoutException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EXPLAIN of HQL and Criteria queries, and query timeouts that the server enforces. */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainAndTimeoutTest {

    /** 20^8 rows to count: hours of work. */
    private static final String ENDLESS = "select count(a) from Hit a, Hit b, Hit c, Hit d, Hit e, Hit f, Hit g, Hit i";

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Visit.class, Hit.class);
        Jpa.inTransaction(factory, em -> {
            for (int i = 1; i <= 20; i++) {
                em.persist(new Visit(i, i % 2, "/p" + (i % 5), i * 10, 1));
                em.persist(new Hit(i, "/p" + i, i % 2 == 0 ? "NL" : "DE", Instant.EPOCH, i));
            }
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @Test
    void explainPlanOfAnHqlQueryWithParametersAndClauses() {
        String plan = ClickHouseQuery.explain(factory, Explain.PLAN, em -> em.createQuery(
                        "select v.page, count(v) from Visit v where final(v) and v.loadMs > :ms group by v.page")
                .setParameter("ms", 100));
        assertThat(plan).contains("Aggregating").contains("loadMs > 100").contains("ReadFromMergeTree")
                .contains("FINAL: 1");
    }

    @Test
    void explainSyntaxShowsTheQueryAsSentWithItsParametersAndSettings() {
        String syntax = ClickHouseQuery.explain(factory, Explain.SYNTAX, em -> ClickHouseQuery.settings(
                em.createQuery("select h.id from Hit h where h.country = :c and prewhere(h.loadMs > 3)")
                        .setParameter("c", "NL"), Settings.of("max_threads", 1)));
        assertThat(syntax).containsIgnoringCase("PREWHERE").contains("'NL'").contains("max_threads = 1");
    }

    @Test
    void explainOfACriteriaQueryAndEstimateAndPipeline() {
        String estimate = ClickHouseQuery.explain(factory, Explain.ESTIMATE, em -> {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Hit> h = q.from(Hit.class);
            return em.createQuery(q.select(h.get("id")).where(cb.equal(h.get("country"), "NL")));
        });
        assertThat(estimate).contains("Hit").contains("\t20"); // database, table, parts, rows (20), marks
        assertThat(ClickHouseQuery.explain(factory, Explain.PIPELINE, em -> em.createQuery("select count(h) from Hit h")))
                .isNotBlank();
    }

    @Test
    void explainRunsNothing() {
        long before = statements.sent.size();
        ClickHouseQuery.explain(factory, Explain.PLAN, em -> em.createQuery("select h from Hit h"));
        assertThat(statements.sent.subList((int) before, statements.sent.size())).singleElement()
                .satisfies(sql -> assertThat(sql).startsWith("select"));
        // the statement Hibernate prepared is the query; the connection sent it as EXPLAIN
    }

    @Test
    void aQueryTimeoutBecomesTheServersMaxExecutionTime() {
        try (EntityManager em = factory.createEntityManager()) {
            long start = System.nanoTime();
            var query = em.createQuery(ENDLESS, Long.class)
                    .setHint("jakarta.persistence.query.timeout", 1000);
            assertThatThrownBy(query::getSingleResult).isInstanceOf(QueryTimeoutException.class)
                    .rootCause().hasMessageContaining("Code: 159").hasMessageContaining("maximum: 1000 ms"); // the server's
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000L);
        }
    }

    @Test
    void anEntityManagerTimeoutAppliesToItsQueries() {
        try (EntityManager em = factory.createEntityManager()) {
            em.setProperty("jakarta.persistence.query.timeout", 1000);
            assertThatThrownBy(() -> em.createQuery(ENDLESS, Long.class).getSingleResult())
                    .isInstanceOf(QueryTimeoutException.class);
        }
    }
}
