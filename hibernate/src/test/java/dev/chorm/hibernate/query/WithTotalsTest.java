package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code group by withTotals(keys)}: ClickHouse's WITH TOTALS as a row of the result (NULL keys,
 * aggregated over every row), from HQL and Criteria, checked against totals computed by hand.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WithTotalsTest {

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Hit.class);
        Jpa.inTransaction(factory, em -> {
            em.persist(new Hit(1, "/a", "NL", Instant.EPOCH, 10));
            em.persist(new Hit(2, "/a", "NL", Instant.EPOCH, 20));
            em.persist(new Hit(3, "/b", "DE", Instant.EPOCH, 5));
            em.persist(new Hit(4, "/b", "NL", Instant.EPOCH, 7));
            em.persist(new Hit(5, "/c", "FR", Instant.EPOCH, 100));
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    // By hand: DE 1 hit, 5 ms; FR 1, 100 ms; NL 3, 37 ms; all 5 hits, 142 ms, 28.4 ms on average.

    @Test
    void hqlWithTotalsAddsOneRowOverAllRowsWithANullKey() {
        List<Object[]> rows = query("select h.country, count(h), sum(h.loadMs), avg(h.loadMs) from Hit h "
                + "group by withTotals(h.country) order by h.country nulls last");
        assertThat(rows).extracting(Arrays::asList).containsExactly(
                List.of("DE", 1L, 5L, 5.0),
                List.of("FR", 1L, 100L, 100.0),
                List.of("NL", 3L, 37L, 37.0 / 3),
                Arrays.asList(null, 5L, 142L, 28.4)); // the average of all rows, not of the groups' averages
        assertThat(statements.last()).contains("group by grouping sets ((h1_0.country),())");
    }

    @Test
    void severalKeysGetOneTotalsRowAndNoSubtotals() {
        List<Object[]> rows = query("select h.country, h.page, count(h), sum(h.loadMs) from Hit h "
                + "group by withTotals(h.country, h.page) order by h.country nulls last, h.page");
        assertThat(rows).extracting(Arrays::asList).containsExactly(
                List.of("DE", "/b", 1L, 5L),
                List.of("FR", "/c", 1L, 100L),
                List.of("NL", "/a", 2L, 30L),
                List.of("NL", "/b", 1L, 7L),
                Arrays.asList(null, null, 5L, 142L));
    }

    @Test
    void criteriaWithTotalsGivesTheSameRows() {
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
            Root<Hit> hit = q.from(Hit.class);
            q.multiselect(hit.get("country"), cb.count(hit), cb.sum(hit.<Integer>get("loadMs")))
                    .groupBy(ClickHouseCriteria.withTotals(cb, hit.get("country")))
                    .orderBy(cb.asc(hit.get("country")));
            List<Object[]> rows = em.createQuery(q).getResultList();
            assertThat(rows).extracting(Arrays::asList).containsExactly(
                    List.of("DE", 1L, 5), // Criteria's sum of an Integer attribute is an Integer
                    List.of("FR", 1L, 100),
                    List.of("NL", 3L, 37),
                    Arrays.asList(null, 5L, 142)); // ClickHouse sorts NULL last by default
        }
    }

    @Test
    void havingFiltersTheTotalsRowLikeAnyOtherButItCountsEveryRow() {
        // the totals row aggregates all rows (before HAVING) and must itself pass HAVING
        assertThat(query("select h.country, count(h) from Hit h group by withTotals(h.country) "
                + "having count(h) > 1 order by h.country nulls last")).extracting(Arrays::asList)
                .containsExactly(List.of("NL", 3L), Arrays.asList(null, 5L));
        assertThat(query("select h.country, count(h) from Hit h group by withTotals(h.country) "
                + "having count(h) < 2 order by h.country nulls last")).extracting(Arrays::asList)
                .containsExactly(List.of("DE", 1L), List.of("FR", 1L));
    }

    @Test
    void nativeWithTotalsLosesItsTotalsRowInTheFormatTheDriverReads() {
        try (EntityManager em = factory.createEntityManager()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select country, count() from Hit group by country with totals")
                    .getResultList();
            assertThat(rows).hasSize(3); // the groups only: RowBinaryWithNamesAndTypes has no totals block
        }
    }

    @Test
    void withTotalsOutsideGroupByIsRefused() {
        assertThatThrownBy(() -> query("select withTotals(h.country) from Hit h"))
                .rootCause().hasMessageContaining("belongs in the GROUP BY clause");
    }

    private List<Object[]> query(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, Object[].class).getResultList();
        }
    }
}
