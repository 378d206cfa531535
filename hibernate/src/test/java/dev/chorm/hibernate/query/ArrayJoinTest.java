package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.hibernate.query.criteria.JpaRoot;
import org.hibernate.query.sqm.tree.SqmJoinType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ARRAY JOIN and LEFT ARRAY JOIN written as Hibernate's {@code join lateral unnest(...)}, from HQL and
 * Criteria, checked by the rows the engine returns.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArrayJoinTest {

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Post.class, Playlist.class);
        db.execute("SYSTEM STOP MERGES Playlist");
        Jpa.inTransaction(factory, em -> {
            em.persist(new Post(1, "ann", List.of("java", "sql"), 5, 4));
            em.persist(new Post(2, "bob", List.of("sql"), 3));
            em.persist(new Post(3, "ann", List.of(), new int[0]));
            em.persist(new Post(4, "cid", List.of("java", "olap", "sql"), 1, 2, 3));
            em.persist(new Playlist(1, List.of("a", "b"), 1));
        });
        Jpa.inTransaction(factory, em -> em.persist(new Playlist(1, List.of("c"), 2))); // a new part
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    private List<List<Object>> rows(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, Object[].class).getResultList().stream().map(Arrays::asList).toList();
        }
    }

    @Test
    void arrayJoinGivesOneRowPerElementAndDropsEmptyArrays() {
        assertThat(rows("select p.id, t from Post p join lateral unnest(p.tags) t order by p.id, t")).containsExactly(
                List.of(1L, "java"), List.of(1L, "sql"), List.of(2L, "sql"),
                List.of(4L, "java"), List.of(4L, "olap"), List.of(4L, "sql"));
        assertThat(statements.last()).contains("from Post p1_0 array join p1_0.tags as t1_0");
    }

    @Test
    void theElementIsUsableInWhereGroupByAndOrderBy() {
        assertThat(rows("select t, count(p) from Post p join lateral unnest(p.tags) t where t <> 'olap' "
                + "group by t order by count(p) desc, t"))
                .containsExactly(List.of("sql", 3L), List.of("java", 2L));
    }

    @Test
    void leftArrayJoinKeepsRowsWithEmptyArraysWithANullElement() {
        List<List<Object>> rows = rows("select p.id, t from Post p left join lateral unnest(p.tags) t where p.id <= 3 order by p.id, t");
        assertThat(rows).containsExactly(List.of(1L, "java"), List.of(1L, "sql"), List.of(2L, "sql"),
                Arrays.asList(3L, null));
        assertThat(statements.last()).contains("left array join");
    }

    @Test
    void numericElementsAndTheirOneBasedIndex() {
        assertThat(rows("select p.author, sum(r), max(index(r)) from Post p join lateral unnest(p.ratings) r "
                + "group by p.author order by p.author"))
                .containsExactly(List.of("ann", 9L, 2L), List.of("bob", 3L, 1L), List.of("cid", 6L, 3L));
    }

    @Test
    void twoArrayJoinsGiveEveryPairOfElements() {
        assertThat(rows("select t, r from Post p join lateral unnest(p.tags) t join lateral unnest(p.ratings) r "
                + "where p.id = 1 order by t, r"))
                .containsExactly(List.of("java", 4), List.of("java", 5), List.of("sql", 4), List.of("sql", 5));
    }

    @Test
    void arrayJoinCombinesWithPrewhereAndLimitBy() {
        assertThat(rows("select t, p.id from Post p join lateral unnest(p.tags) t "
                + "where prewhere(p.author <> 'bob') and limitBy(1, t) order by t, p.id desc"))
                .containsExactly(List.of("java", 4L), List.of("olap", 4L), List.of("sql", 4L));
        assertThat(statements.last()).contains("array join p1_0.tags as t1_0").contains(" prewhere ");
    }

    @Test
    void arrayJoinOfTheLatestVersionsWithFinal() {
        assertThat(rows("select t, pl.version from Playlist pl join lateral unnest(pl.songs) t order by t"))
                .containsExactly(List.of("a", 1L), List.of("b", 1L), List.of("c", 2L));
        assertThat(rows("select t, pl.version from Playlist pl join lateral unnest(pl.songs) t where final(pl) order by t"))
                .containsExactly(List.of("c", 2L));
        assertThat(statements.last()).contains("from Playlist p1_0 final array join p1_0.songs as t1_0");
    }

    @Test
    void arrayJoinAfterAnEntityJoin() {
        assertThat(rows("select p.id, t, o.id from Post p join Post o on o.author = p.author and o.id <> p.id "
                + "join lateral unnest(o.tags) t order by p.id, t"))
                .containsExactly(List.of(3L, "java", 1L), List.of(3L, "sql", 1L));
    }

    @Test
    void criteriaJoinsArraysWithJoinArrayCollection() {
        try (EntityManager em = factory.createEntityManager()) {
            // Hibernate 7.4 cannot copy a criteria query with a function join (JPA's copy of the tree)
            em.setProperty("hibernate.criteria.copy_tree", false);
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
            JpaRoot<Post> p = (JpaRoot<Post>) q.from(Post.class);
            Expression<String> tag = ClickHouseCriteria.element(p.<String>joinArrayCollection("tags"));
            Expression<Long> posts = cb.count(p);
            q.multiselect(tag, posts).where(cb.notEqual(tag, "olap")).groupBy(tag).orderBy(cb.asc(tag));
            assertThat(em.createQuery(q).getResultList().stream().map(Arrays::asList).toList())
                    .containsExactly(List.of("java", 2L), List.of("sql", 3L));

            CriteriaQuery<Object[]> left = cb.createQuery(Object[].class);
            JpaRoot<Post> p2 = (JpaRoot<Post>) left.from(Post.class);
            Expression<Integer> rating = ClickHouseCriteria.element(p2.<Integer>joinArray("ratings", SqmJoinType.LEFT));
            left.multiselect(p2.get("id"), rating).where(cb.equal(p2.get("author"), "ann"))
                    .orderBy(cb.asc(p2.get("id")), cb.asc(rating));
            assertThat(em.createQuery(left).getResultList().stream().map(Arrays::asList).toList())
                    .containsExactly(List.of(1L, 4), List.of(1L, 5), Arrays.asList(3L, null));
        }
    }

    @Test
    void aConditionOnTheJoinIsRefusedWithTheFix() {
        try (EntityManager em = factory.createEntityManager()) {
            em.setProperty("hibernate.criteria.copy_tree", false);
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            JpaRoot<Post> p = (JpaRoot<Post>) q.from(Post.class);
            p.joinArrayCollection("tags").on(cb.gt(p.get("id"), 1L));
            q.select(p.get("id"));
            assertThatThrownBy(() -> em.createQuery(q).getResultList())
                    .hasStackTraceContaining("ARRAY JOIN takes no condition; write it in the WHERE clause");
        }
    }
}
