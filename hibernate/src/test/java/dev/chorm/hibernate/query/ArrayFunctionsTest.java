package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Root;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The array-returning aggregates and functions (groupArray, groupUniqArray, topK, quantiles,
 * sumMap, splitByChar): their values on the engine and their Java result types.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArrayFunctionsTest {

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Hit.class, Post.class);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Jpa.inTransaction(factory, em -> {
            String[] countries = {"NL", "NL", "NL", "DE", "DE", "FR"};
            for (int i = 0; i < countries.length; i++) {
                em.persist(new Hit(i + 1, "/p" + i + "/x", countries[i], at.plusSeconds(i), 10 * (i + 1)));
            }
            em.persist(new Post(1, "ann", List.of("java", "sql"), 5, 4));
            em.persist(new Post(2, "bob", List.of("sql"), 3));
            em.persist(new Post(3, "ann", List.of(), new int[0]));
            em.persist(new Post(4, "cid", List.of("java", "olap", "sql"), 1, 2, 3));
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    private <T> T single(String hql, Class<T> type) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, type).getSingleResult();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupArrayIsAListOfTheArgumentsJavaType() {
        Object ids = single("select groupArray(h.id) from Hit h where h.country = 'NL'", Object.class);
        assertThat(ids).isInstanceOf(List.class);
        assertThat((List<Object>) ids).containsExactlyInAnyOrder(1L, 2L, 3L).allMatch(Long.class::isInstance);
        Object countries = single("select groupUniqArray(h.country) from Hit h", Object.class);
        assertThat((List<Object>) countries).containsExactlyInAnyOrder("NL", "DE", "FR");
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupArrayPerGroup() {
        try (EntityManager em = factory.createEntityManager()) {
            List<Object[]> rows = em.createQuery("select h.country, groupArray(h.loadMs) from Hit h "
                    + "group by h.country order by h.country", Object[].class).getResultList();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)[0]).isEqualTo("DE");
            assertThat((List<Object>) rows.get(0)[1]).containsExactlyInAnyOrder(40, 50);
            assertThat((List<Object>) rows.get(1)[1]).containsExactly(60);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void topKGivesTheMostFrequentValuesFirst() {
        List<Object> top = (List<Object>) single("select topK(2, h.country) from Hit h", Object.class);
        assertThat(top).containsExactly("NL", "DE");
        assertThat(statements.last()).contains("topK(2)(h1_0.country)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void quantilesGiveOneDoublePerLevelInOrder() {
        List<Object> levels = (List<Object>) single("select quantiles(0, 0.5, 1, h.loadMs) from Hit h", Object.class);
        assertThat(levels).containsExactly(10.0, 35.0, 60.0);
        assertThat(statements.last()).contains("quantiles(0,0.5,1)(h1_0.loadMs)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sumMapSumsValuesPerKeyFromTwoArraysIntoAMap() {
        Object sums = single("select sumMap(p.tags, p.ratings) from Post p", Object.class);
        assertThat(sums).isInstanceOf(Map.class);
        assertThat((Map<Object, Object>) sums).containsOnly(Map.entry("java", 6L), Map.entry("olap", 2L), Map.entry("sql", 10L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void splitByCharIsAListOfStrings() {
        List<Object> parts = (List<Object>) single("select splitByChar('/', h.page) from Hit h where h.id = 2", Object.class);
        assertThat(parts).containsExactly("", "p1", "x");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSameFunctionsFromCriteria() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
            Root<Hit> h = q.from(Hit.class);
            Expression<Object> ids = cb.function("groupArray", Object.class, h.get("id"));
            Expression<Object> quantiles = cb.function("quantiles", Object.class, cb.literal(0.5), h.get("loadMs"));
            q.multiselect(h.get("country"), ids, quantiles).where(cb.equal(h.get("country"), "DE"))
                    .groupBy(h.get("country"));
            Object[] row = em.createQuery(q).getSingleResult();
            assertThat((List<Object>) row[1]).containsExactlyInAnyOrder(4L, 5L);
            assertThat((List<Object>) row[2]).containsExactly(45.0);
        }
    }
}
