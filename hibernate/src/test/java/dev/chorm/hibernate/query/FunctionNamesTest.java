package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClickHouse's camelCase functions chorm does not type itself reach ClickHouse spelled as written
 * (HQL lower-cases unknown names), from HQL, {@code function('name', ...)} and Criteria.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionNamesTest {

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Hit.class, Post.class);
        Instant at = Instant.parse("2026-01-07T10:00:00Z"); // a Wednesday
        Jpa.inTransaction(factory, em -> {
            em.persist(new Hit(1, "/Über", "DE", at, 10));
            em.persist(new Hit(2, "/home", "NL", at, 30));
            em.persist(new Post(1, "ann", List.of("java", "sql"), 5, 4));
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    private <T> List<T> list(String hql, Class<T> type) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, type).getResultList();
        }
    }

    @Test
    void aCamelCaseFunctionIsSentAsWritten() {
        assertThat(list("select function('lengthUTF8', h.page) from Hit h where h.id = 1", Object.class))
                .singleElement().satisfies(length -> assertThat(((Number) length).longValue()).isEqualTo(5)); // characters
        assertThat(statements.last()).contains("lengthUTF8(h1_0.page)");
        assertThat(list("select arrayStringConcat(p.tags, ',') from Post p", Object.class)).containsExactly("java,sql");
        assertThat(statements.last()).contains("arrayStringConcat(p1_0.tags,',')");
    }

    @Test
    void theCallersTypeIsKept() {
        assertThat(list("select function('toMonday' as LocalDate, h.at) from Hit h where h.id = 1", LocalDate.class))
                .containsExactly(LocalDate.parse("2026-01-05"));
    }

    @Test
    void combinatorFormsOfAggregatesAreSpelledToo() {
        assertThat(list("select sumOrNull(h.loadMs) from Hit h where h.id > 100", Object.class)).containsExactly((Object) null);
        assertThat(list("select function('uniqArray' as Long, p.tags) from Post p", Long.class)).containsExactly(2L);
        assertThat(statements.last()).contains("uniqArray(p1_0.tags)");
    }

    @Test
    void criteriaFunctionsAreSpelledAsWritten() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
            Root<Hit> h = q.from(Hit.class);
            q.multiselect(h.get("id"), cb.function("upperUTF8", String.class, h.get("page"))).orderBy(cb.asc(h.get("id")));
            assertThat(em.createQuery(q).getResultList().stream().map(Arrays::asList).toList())
                    .containsExactly(List.of(1L, "/ÜBER"), List.of(2L, "/HOME"));
        }
    }
}
