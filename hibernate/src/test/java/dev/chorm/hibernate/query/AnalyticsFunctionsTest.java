package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Root;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
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
 * ClickHouse's aggregates, combinators, date and string helpers in HQL and Criteria: results and
 * their Java types on the engine; ROLLUP and CUBE with NULL subtotal keys.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsFunctionsTest {

    private static final Instant T0 = Instant.parse("2026-03-14T09:26:53.500Z");

    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, new QueryTests.Statements(), Hit.class);
        Jpa.inTransaction(factory, em -> {
            // loads 10, 20, ..., 100 ms; countries NL x5, DE x3, FR x2; one hit per 7 minutes
            String[] countries = {"NL", "DE", "NL", "FR", "NL", "DE", "NL", "FR", "NL", "DE"};
            for (int i = 0; i < 10; i++) {
                em.persist(new Hit(i + 1, "https://shop.example.com/p/" + (i % 3) + "?utm=mail&id=" + i, countries[i],
                        T0.plusSeconds(i * 420L), (i + 1) * 10));
            }
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    private List<Object> row(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            Object result = em.createQuery(hql).getSingleResult();
            return result instanceof Object[] array ? Arrays.asList(array) : Arrays.asList(result);
        }
    }

    private List<List<Object>> rows(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, Object[].class).getResultList().stream().map(Arrays::asList).toList();
        }
    }

    @Test
    void distinctCountsAreLongs() {
        assertThat(row("select uniq(h.country), uniqExact(h.country), uniqCombined(h.country), uniqHLL12(h.page) from Hit h"))
                .containsExactly(3L, 3L, 3L, 10L);
        assertThat(row("select uniqExact(h.country, path(h.page)) from Hit h")).containsExactly(8L);
    }

    @Test
    void quantilesTakeTheLevelFirst() {
        assertThat(row("select median(h.loadMs), quantile(0.9, h.loadMs), quantileExact(0.5, h.loadMs), "
                + "medianExact(h.loadMs), quantileTDigest(0.5, h.loadMs) from Hit h"))
                .satisfiesExactly(
                        median -> assertThat((Double) median).isEqualTo(55.0),
                        p90 -> assertThat((Double) p90).isEqualTo(91.0, org.assertj.core.data.Offset.offset(0.01)),
                        exact -> assertThat(exact).isEqualTo(60),
                        medianExact -> assertThat(medianExact).isEqualTo(60),
                        tdigest -> assertThat((Double) tdigest).isBetween(50.0, 60.0));
    }

    @Test
    void argMinArgMaxAndAnyValueKeepTheArgumentType() {
        assertThat(row("select argMin(h.country, h.loadMs), argMax(h.id, h.loadMs), anyLast(h.country), "
                + "anyValue(h.country) from Hit h where h.country = 'FR'"))
                .containsExactly("FR", 8L, "FR", "FR");
    }

    @Test
    void conditionalAggregates() {
        assertThat(row("select countIf(h.country = 'NL'), sumIf(h.loadMs, h.country = 'DE'), "
                + "avgIf(h.loadMs, h.country = 'FR'), minIf(h.loadMs, h.country = 'NL'), maxIf(h.loadMs, h.country = 'NL'), "
                + "uniqIf(path(h.page), h.country = 'NL'), uniqExactIf(h.country, h.loadMs > 50) from Hit h"))
                .containsExactly(5L, 180L, 60.0, 10, 90, 3L, 3L);
    }

    @Test
    void aggregatesOverNoRowsAreNullExceptCountsAndDistinctCounts() {
        assertThat(row("select countIf(h.loadMs > 0), sumIf(h.loadMs, h.loadMs > 0), median(h.loadMs), uniq(h.id), "
                + "uniqExactIf(h.id, h.id > 0) from Hit h where h.id < 0")).containsExactly(0L, null, null, 0L, 0L);
    }

    @Test
    void aggregatesGroupAndOrder() {
        assertThat(rows("select h.country, uniqExact(path(h.page)), quantileExact(0.5, h.loadMs) from Hit h "
                + "group by h.country order by uniqExact(path(h.page)) desc, h.country"))
                .containsExactly(List.of("DE", 3L, 60), List.of("NL", 3L, 50), List.of("FR", 2L, 80));
    }

    @Test
    void dateBuckets() {
        assertThat(rows("select toStartOfInterval(h.at, 15, 'minute'), count(h) from Hit h "
                + "group by toStartOfInterval(h.at, 15, 'minute') order by 1"))
                .containsExactly(
                        List.of(Instant.parse("2026-03-14T09:15:00Z"), 1L),
                        List.of(Instant.parse("2026-03-14T09:30:00Z"), 2L),
                        List.of(Instant.parse("2026-03-14T09:45:00Z"), 2L),
                        List.of(Instant.parse("2026-03-14T10:00:00Z"), 2L),
                        List.of(Instant.parse("2026-03-14T10:15:00Z"), 3L));
        assertThat(row("select toStartOfHour(h.at), toStartOfDay(h.at), toStartOfMinute(h.at), "
                + "toYYYYMM(h.at), toYYYYMMDD(h.at) from Hit h where h.id = 1"))
                .containsExactly(Instant.parse("2026-03-14T09:00:00Z"), Instant.parse("2026-03-14T00:00:00Z"),
                        Instant.parse("2026-03-14T09:26:00Z"), 202603, 20260314);
        assertThat(row("select toStartOfInterval(h.at, 1, 'week'), toStartOfInterval(h.at, 1, 'month'), "
                + "toStartOfInterval(h.at, 1, 'year') from Hit h where h.id = 1"))
                .containsExactly(Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> row("select toStartOfInterval(h.at, 15, 'fortnight') from Hit h"))
                .hasMessageContaining("the unit must be one of");
    }

    @Test
    void stringAndUrlHelpers() {
        assertThat(row("select domain(h.page), path(h.page), extractURLParameter(h.page, 'utm'), "
                + "regexpExtract(h.page, 'p/([0-9]+)', 1), countSubstrings(h.page, 'p'), "
                + "positionCaseInsensitiveUTF8(h.page, 'SHOP') from Hit h where h.id = 2"))
                .containsExactly("shop.example.com", "/p/1", "mail", "1", 4L, 9);
        assertThat(row("select count(h) from Hit h where match(h.page, 'id=[0-4]$')")).containsExactly(5L);
    }

    @Test
    void criteriaUsesTheSameFunctions() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Tuple> q = cb.createTupleQuery();
            Root<Hit> h = q.from(Hit.class);
            Expression<Long> visitors = cb.function("uniqExact", Long.class,
                    cb.function("path", String.class, h.get("page")));
            Expression<Double> p90 = cb.function("quantile", Double.class, cb.literal(0.9), h.get("loadMs"));
            Expression<Long> slow = cb.function("countIf", Long.class, cb.gt(h.get("loadMs"), 50));
            q.multiselect(h.get("country"), visitors, p90, slow).groupBy(h.get("country")).orderBy(cb.asc(h.get("country")));
            List<Tuple> result = em.createQuery(q).getResultList();
            assertThat(result).extracting(t -> t.get(0), t -> t.get(1), t -> t.get(3))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("DE", 3L, 2L),
                            org.assertj.core.groups.Tuple.tuple("FR", 2L, 1L),
                            org.assertj.core.groups.Tuple.tuple("NL", 3L, 2L));
            assertThat(result.get(0).get(2, Double.class)).isGreaterThan(60.0);
        }
    }

    @Test
    void rollupAndCubeAddSubtotalRowsWithNullKeys() {
        assertThat(rows("select h.country, count(h) from Hit h group by rollup(h.country) order by h.country nulls last"))
                .containsExactly(List.of("DE", 3L), List.of("FR", 2L), List.of("NL", 5L), Arrays.asList(null, 10L));
        List<List<Object>> cube = rows("select h.country, path(h.page), count(h) from Hit h "
                + "group by cube(h.country, path(h.page)) order by 1 nulls last, 2 nulls last");
        assertThat(cube).hasSize(15).contains(Arrays.asList(null, "/p/0", 4L), Arrays.asList(null, null, 10L),
                Arrays.asList("NL", null, 5L), Arrays.asList("FR", "/p/1", 1L));
    }

    @Test
    void windowFunctionsOverAggregates() {
        assertThat(rows("select h.country, count(h), rank() over (order by count(h) desc) from Hit h "
                + "group by h.country order by 3, 1"))
                .containsExactly(List.of("NL", 5L, 1L), List.of("DE", 3L, 2L), List.of("FR", 2L, 3L));
    }
}
