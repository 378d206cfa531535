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
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FINAL, SAMPLE, PREWHERE and LIMIT BY written in HQL and Criteria, checked by the rows they
 * return on the engine (and the SQL sent).
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryClausesTest {

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Visit.class, Account.class, Hit.class, Country.class);
        db.execute("SYSTEM STOP MERGES Visit"); // keep the replaced versions visible without FINAL
        db.execute("SYSTEM STOP MERGES Account");
        Jpa.inTransaction(factory, em -> {
            for (int i = 1; i <= 1000; i++) {
                em.persist(new Visit(i, i % 3, "/p" + (i % 4), i, 1));
            }
            em.persist(new Account(0, "zero", 1));
            em.persist(new Account(1, "one", 1));
            em.persist(new Account(2, "two", 1));
        });
        Jpa.inTransaction(factory, em -> { // new versions of visits 1..10 and account 1, in new parts
            for (int i = 1; i <= 10; i++) {
                em.persist(new Visit(i, i % 3, "/new", 5000 + i, 2));
            }
        });
        Jpa.inTransaction(factory, em -> em.persist(new Account(1, "ONE", 2)));
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Jpa.inTransaction(factory, em -> {
            String[] countries = {"NL", "NL", "NL", "DE", "DE", "FR"};
            em.persist(new Country("NL", "Netherlands"));
            em.persist(new Country("DE", "Germany"));
            for (int i = 0; i < countries.length; i++) {
                em.persist(new Hit(i + 1, "/p" + i, countries[i], at.plusSeconds(i), 100 - i));
            }
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

    private List<List<Object>> rows(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, Object[].class).getResultList().stream().map(Arrays::asList).toList();
        }
    }

    // ---------------------------------------------------------------- FINAL

    @Test
    void finalCollapsesReplacedRowsToTheLatestVersion() {
        assertThat(list("select count(v) from Visit v", Long.class)).containsExactly(1010L);
        assertThat(list("select count(v) from Visit v where final(v)", Long.class)).containsExactly(1000L);
        assertThat(list("select v.page from Visit v where final(v) and v.id <= 3 order by v.id", String.class))
                .containsExactly("/new", "/new", "/new");
        assertThat(statements.last()).contains("from Visit v1_0 final where 1 and v1_0.id<=3");
        assertThat(list("select count(v) from Visit v where FINAL(v)", Long.class)).containsExactly(1000L); // any case
    }

    @Test
    void finalLoadsEntitiesAsTheyAreNow() {
        try (EntityManager em = factory.createEntityManager()) {
            List<Visit> visits = em.createQuery("select v from Visit v where final(v) and v.id = 5", Visit.class)
                    .getResultList();
            assertThat(visits).singleElement().satisfies(v -> assertThat(v.loadMs).isEqualTo(5005));
        }
    }

    @Test
    void finalAppliesPerEntityReferenceInsideJoins() {
        String hql = "select a.name, count(v) from Visit v join Account a on a.id = v.accountId "
                + "where final(v) and final(a) group by a.name order by a.name";
        assertThat(rows(hql)).containsExactly(List.of("ONE", 334L), List.of("two", 333L), List.of("zero", 333L));
        assertThat(statements.last()).contains("from Visit v1_0 final join Account a1_0 final on");
        // only the account collapsed: visits are counted with their old versions
        assertThat(rows("select a.name, count(v) from Visit v join Account a on a.id = v.accountId "
                + "where final(a) group by a.name order by a.name"))
                .containsExactly(List.of("ONE", 338L), List.of("two", 336L), List.of("zero", 336L));
    }

    @Test
    void finalInASubqueryAppliesToTheSubquery() {
        assertThat(list("select count(a) from Account a where final(a) and a.id in "
                + "(select v.accountId from Visit v where final(v) and v.page = '/new' and v.accountId > 0)", Long.class))
                .containsExactly(2L);
        assertThat(statements.last()).contains("from Account a1_0 final where 1 and")
                .contains("from Visit v1_0 final where 1 and");
        // without final(v), the old versions of visits 3, 6 and 9 (account 0) are there but are not '/new'
        assertThat(list("select count(v) from Visit v where v.id in "
                + "(select x.id from Visit x where final(x) and x.page = '/new')", Long.class)).containsExactly(20L);
    }

    @Test
    void finalOnAnEngineThatDoesNotCollapseIsRefused() {
        assertThatThrownBy(() -> list("select count(h) from Hit h where final(h)", Long.class))
                .hasMessageContaining("final(h)").hasMessageContaining("entity Hit")
                .hasMessageContaining("MERGE_TREE table, which does not collapse rows");
    }

    @Test
    void finalForEveryTableOfAQueryIsTheFinalSetting() {
        try (EntityManager em = factory.createEntityManager()) {
            var query = em.createQuery("select count(v) from Visit v join Account a on a.id = v.accountId "
                    + "where a.name = 'ONE'", Long.class);
            assertThat(ClickHouseQuery.settings(query, Settings.of("final", 1)).getSingleResult()).isEqualTo(334L);
        }
    }

    @Test
    void criteriaFinal() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Visit> v = q.from(Visit.class);
            q.select(cb.count(v)).where(ClickHouseCriteria.isFinal(cb, v), cb.equal(v.get("page"), "/new"));
            assertThat(em.createQuery(q).getSingleResult()).isEqualTo(10L);
        }
    }

    @Test
    void aClauseOutsideATopLevelWhereConditionIsRefused() {
        assertThatThrownBy(() -> list("select count(v) from Visit v where final(v) or v.id = 1", Long.class))
                .hasMessageContaining("final(...) is a ClickHouse query clause");
        assertThatThrownBy(() -> list("select final(v) from Visit v", Boolean.class))
                .hasMessageContaining("final(...) is a ClickHouse query clause");
        assertThatThrownBy(() -> list("select count(v) from Visit v where final(v.page)", Long.class))
                .hasMessageContaining("an entity alias");
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            assertThatThrownBy(() -> em.createQuery("delete from Visit v where final(v) and v.id = 0")
                    .executeUpdate()).hasMessageContaining("final(...) is a ClickHouse query clause");
            em.getTransaction().rollback();
        }
    }

    // ---------------------------------------------------------------- SAMPLE

    @Test
    void sampleReadsAShareOfTheRowsByTheSamplingKey() {
        long half = list("select count(v) from Visit v where final(v) and sample(v, 0.5)", Long.class).get(0);
        assertThat(half).isBetween(350L, 650L);
        assertThat(statements.last()).contains("from Visit v1_0 final sample 0.5 where");
        long otherHalf = list("select count(v) from Visit v where final(v) and sample(v, 0.5, 0.5)", Long.class).get(0);
        assertThat(half + otherHalf).isEqualTo(1000L); // the two halves of the key space
        assertThat(list("select count(v) from Visit v where sample(v, 1)", Long.class)).containsExactly(1010L);
    }

    @Test
    void sampleOnAnEntityWithoutSamplingKeyIsRefused() {
        assertThatThrownBy(() -> list("select count(a) from Account a where sample(a, 0.1)", Long.class))
                .hasMessageContaining("entity Account has no sampling key");
        assertThatThrownBy(() -> list("select count(v) from Visit v where sample(v, 0.5, 1.5)", Long.class))
                .hasMessageContaining("offset must be a ratio in [0, 1)");
        assertThatThrownBy(() -> list("select count(v) from Visit v where sample(v, -1)", Long.class))
                .hasMessageContaining("sample size");
    }

    // ---------------------------------------------------------------- PREWHERE

    @Test
    void prewhereFiltersAsWhereWouldAndIsSentAsPrewhere() {
        assertThat(list("select h.id from Hit h where prewhere(h.country = 'NL') and h.loadMs < 100 order by h.id",
                Long.class)).containsExactly(2L, 3L);
        assertThat(statements.last()).contains("from Hit h1_0 prewhere (h1_0.country='NL') where 1 and h1_0.loadMs<100");
    }

    @Test
    void prewhereTakesParametersAndSeveralConditionsInOrder() {
        try (EntityManager em = factory.createEntityManager()) {
            List<Long> ids = em.createQuery("select h.id from Hit h where h.loadMs < :max and prewhere(h.country = :c) "
                            + "and prewhere(h.id > :min) order by h.id", Long.class)
                    .setParameter("max", 100).setParameter("c", "DE").setParameter("min", 4L).getResultList();
            assertThat(ids).containsExactly(5L);
        }
    }

    @Test
    void prewhereWithFinalAndJoins() {
        assertThat(rows("select a.name, count(v) from Visit v join Account a on a.id = v.accountId "
                + "where final(v) and final(a) and prewhere(v.page = '/new') group by a.name order by a.name"))
                .containsExactly(List.of("ONE", 4L), List.of("two", 3L), List.of("zero", 3L));
    }

    @Test
    void prewhereOnATableOutsideTheMergeTreeFamilyIsRefused() {
        assertThatThrownBy(() -> list("select c.name from Country c where prewhere(c.code = 'NL')", String.class))
                .hasMessageContaining("entity Country is stored in a MEMORY table; PREWHERE needs a MergeTree-family table");
        // in the WHERE clause it works, also joined to a MergeTree table with PREWHERE
        assertThat(list("select c.name from Hit h join Country c on c.code = h.country "
                + "where prewhere(h.loadMs >= 99) order by h.id", String.class)).containsExactly("Netherlands", "Netherlands");
    }

    @Test
    void criteriaPrewhere() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Hit> h = q.from(Hit.class);
            q.select(h.get("id")).where(ClickHouseCriteria.prewhere(cb, cb.equal(h.get("country"), "FR")));
            assertThat(em.createQuery(q).getResultList()).containsExactly(6L);
        }
    }

    // ---------------------------------------------------------------- LIMIT BY

    @Test
    void limitByKeepsTheFirstRowsOfEachGroup() {
        assertThat(rows("select h.country, h.id from Hit h where limitBy(2, h.country) order by h.country, h.loadMs desc"))
                .containsExactly(List.of("DE", 4L), List.of("DE", 5L), List.of("FR", 6L), List.of("NL", 1L), List.of("NL", 2L));
        assertThat(statements.last()).contains("order by h1_0.country,h1_0.loadMs desc limit 2 by h1_0.country");
    }

    @Test
    void limitOffsetByAndAnOverallLimit() {
        assertThat(rows("select h.country, h.id from Hit h where limitOffsetBy(1, 1, h.country) "
                + "order by h.country, h.id limit 1"))
                .containsExactly(List.of("DE", 5L));
        assertThat(statements.last()).contains("limit 1 offset 1 by h1_0.country limit");
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select h.id from Hit h where limitBy(1, h.country) order by h.id", Long.class)
                    .setFirstResult(1).setMaxResults(1).getResultList()).containsExactly(4L);
        }
    }

    @Test
    void limitByNeedsWholeNumbers() {
        assertThatThrownBy(() -> list("select h.id from Hit h where limitBy(1.5, h.country)", Long.class))
                .hasMessageContaining("not a whole number");
        try (EntityManager em = factory.createEntityManager()) {
            var query = em.createQuery("select h.id from Hit h where limitBy(:n, h.country)", Long.class)
                    .setParameter("n", 1);
            assertThatThrownBy(query::getResultList).hasMessageContaining("must be a number written in the query");
        }
    }

    @Test
    void criteriaLimitBy() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Hit> h = q.from(Hit.class);
            q.select(h.get("id")).where(ClickHouseCriteria.limitBy(cb, 1, h.get("country"))).orderBy(cb.asc(h.get("id")));
            assertThat(em.createQuery(q).getResultList()).containsExactly(1L, 4L, 6L);
        }
    }

    // ---------------------------------------------------------------- the analytics question of docs/queries.md

    /** Per page: distinct accounts and p95 load time of the visits as they are now, for pages seen by 2+ accounts. */
    private static final String QUESTION = """
            select v.page, uniq(v.accountId), quantile(0.95, v.loadMs)
            from Visit v
            where final(v) and prewhere(v.loadMs > 0)
            group by v.page
            having uniq(v.accountId) >= 2
            order by quantile(0.95, v.loadMs) desc, v.page
            limit 10""";

    @Test
    void theSameAnalyticsQuestionInHqlAndCriteria() {
        List<List<Object>> hql = rows(QUESTION);
        assertThat(hql).hasSize(5).first().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("/new");
            assertThat(row.get(1)).isEqualTo(3L);
            assertThat((Double) row.get(2)).isGreaterThan(5000.0);
        });
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
            Root<Visit> v = q.from(Visit.class);
            jakarta.persistence.criteria.Expression<Long> accounts = cb.function("uniq", Long.class, v.get("accountId"));
            jakarta.persistence.criteria.Expression<Double> p95 =
                    cb.function("quantile", Double.class, cb.literal(0.95), v.get("loadMs"));
            q.multiselect(v.get("page"), accounts, p95)
                    .where(ClickHouseCriteria.isFinal(cb, v), ClickHouseCriteria.prewhere(cb, cb.gt(v.get("loadMs"), 0)))
                    .groupBy(v.get("page"))
                    .having(cb.ge(accounts, 2))
                    .orderBy(cb.desc(p95), cb.asc(v.get("page")));
            List<List<Object>> criteria = em.createQuery(q).setMaxResults(10).getResultList().stream()
                    .map(Arrays::asList).toList();
            assertThat(criteria).isEqualTo(hql);
            assertThat(statements.last()).startsWith("select v1_0.page,uniq(v1_0.accountId),quantile(0.95)(v1_0.loadMs) "
                    + "from Visit v1_0 final prewhere (v1_0.loadMs>?) where 1 and 1 group by v1_0.page");
        }
    }
}
