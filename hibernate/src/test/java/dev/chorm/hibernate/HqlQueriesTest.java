package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.hibernate.query.criteria.JpaCriteriaQuery;
import org.hibernate.query.criteria.JpaEntityJoin;
import org.hibernate.query.criteria.JpaRoot;
import org.hibernate.query.sqm.tree.SqmJoinType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.Locale;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HQL and Criteria queries return on ClickHouse exactly the rows they return on PostgreSQL: every
 * join kind, grouping, ordering with NULLS FIRST/LAST, pagination, subqueries, CTEs, CASE, set
 * operations, row-value comparisons, and parameters of every basic type.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HqlQueriesTest {

    @Entity(name = "Dept")
    static class Dept {
        @Id Long id;
        String name;
    }

    @Entity(name = "Emp")
    static class Emp {
        @Id Long id;
        String name;
        int salary;
        Integer bonus;
        @ManyToOne Dept dept;
    }

    enum Color { RED, GREEN }

    /** One attribute of every basic type, to bind each as a parameter. */
    @Entity(name = "Sample")
    static class Sample {
        @Id Long id;
        String text;
        int intValue;
        long longValue;
        short shortValue;
        byte byteValue;
        double doubleValue;
        float floatValue;
        @Column(precision = 10, scale = 3) BigDecimal decimalValue;
        boolean flag;
        char letter;
        LocalDate day;
        LocalDateTime moment;
        Instant instant;
        UUID uuid;
        @Enumerated(EnumType.STRING) Color color;
        @Enumerated(EnumType.ORDINAL) Color ordinalColor;
    }

    @jakarta.persistence.Embeddable
    record LineId(int orderNo, int lineNo) {
    }

    @Entity(name = "Line")
    static class Line {
        @jakarta.persistence.EmbeddedId LineId id;
        String item;
    }

    /** The less common basic types, as parameters. */
    @Entity(name = "Extra")
    static class Extra {
        @Id Long id;
        BigInteger big;
        OffsetDateTime offsetDateTime;
        ZonedDateTime zonedDateTime;
        java.sql.Timestamp timestamp;
        @jakarta.persistence.Temporal(jakarta.persistence.TemporalType.DATE) java.util.Date legacyDate;
        Duration duration;
        Boolean boxed;
        Character character;
        Year year;
        Currency currency;
        Locale locale;
    }

    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = Jpa.factory(db, "drop-and-create", Dept.class, Emp.class, Sample.class, Line.class, Extra.class);
        Jpa.inTransaction(factory, em -> {
            Dept eng = dept(1, "Eng");
            Dept sales = dept(2, "Sales");
            Dept empty = dept(3, "Empty"); // nobody works here
            em.persist(eng);
            em.persist(sales);
            em.persist(empty);
            em.persist(emp(1, "Ann", 100, null, eng));
            em.persist(emp(2, "Bob", 200, 10, eng));
            em.persist(emp(3, "Cid", 150, 5, sales));
            em.persist(emp(4, "Dan", 50, null, null)); // in no department
            em.persist(emp(5, "Eve", 300, 20, sales));
            em.persist(sample(1, "one", 1, Color.RED));
            em.persist(sample(2, "two", 2, Color.GREEN));
            em.persist(line(1, 1, "a"));
            em.persist(line(1, 2, "b"));
            em.persist(line(2, 1, "c"));
            em.persist(extra(1));
            em.persist(extra(2));
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    // ---------------------------------------------------------------- joins

    @Test
    void anInnerJoinKeepsOnlyMatchingRows() {
        assertThat(rows("select e.name, d.name from Emp e join e.dept d order by e.id")).containsExactly(
                row("Ann", "Eng"), row("Bob", "Eng"), row("Cid", "Sales"), row("Eve", "Sales"));
    }

    @Test
    void aLeftJoinKeepsTheLeftRowWithNullsForTheMiss() {
        assertThat(rows("select e.name, d.name from Emp e left join e.dept d order by e.id")).containsExactly(
                row("Ann", "Eng"), row("Bob", "Eng"), row("Cid", "Sales"), row("Dan", null), row("Eve", "Sales"));
    }

    @Test
    void aRightJoinKeepsTheRightRowWithNullsForTheMiss() {
        assertThat(rows("select e.name, d.name from Emp e right join e.dept d order by d.id, e.id")).containsExactly(
                row("Ann", "Eng"), row("Bob", "Eng"), row("Cid", "Sales"), row("Eve", "Sales"), row(null, "Empty"));
    }

    @Test
    void aFullJoinKeepsBothSidesMisses() {
        assertThat(rows("select e.name, d.name from Emp e full join e.dept d order by e.id nulls last, d.id"))
                .containsExactly(row("Ann", "Eng"), row("Bob", "Eng"), row("Cid", "Sales"), row("Dan", null),
                        row("Eve", "Sales"), row(null, "Empty"));
    }

    @Test
    void aCrossJoinPairsEveryRow() {
        assertThat(rows("select e.name, d.name from Emp e cross join Dept d where e.id <= 2 order by e.id, d.id"))
                .containsExactly(row("Ann", "Eng"), row("Ann", "Sales"), row("Ann", "Empty"),
                        row("Bob", "Eng"), row("Bob", "Sales"), row("Bob", "Empty"));
    }

    @Test
    void anEntityJoinWithAnOnConditionAndAnImplicitJoinWork() {
        assertThat(rows("select d.name, e.name from Dept d left join Emp e on e.dept = d and e.salary > 120 "
                + "order by d.id, e.id")).containsExactly(
                row("Eng", "Bob"), row("Sales", "Cid"), row("Sales", "Eve"), row("Empty", null));
        assertThat(rows("select e.name from Emp e where e.dept.name = 'Sales' order by e.id"))
                .containsExactly(row("Cid"), row("Eve"));
    }

    @Test
    void criteriaJoinsOfEveryKindMatchHql() {
        for (JoinType type : new JoinType[]{JoinType.INNER, JoinType.LEFT, JoinType.RIGHT}) {
            try (EntityManager em = factory.createEntityManager()) {
                CriteriaBuilder cb = em.getCriteriaBuilder();
                CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
                Root<Emp> e = q.from(Emp.class);
                Join<Emp, Dept> d = e.join("dept", type);
                q.multiselect(e.get("name"), d.get("name"));
                q.orderBy(cb.asc(d.get("id")), cb.asc(e.get("id")));
                List<List<Object>> result = em.createQuery(q).getResultList().stream().map(Arrays::asList).toList();
                String hql = "select e.name, d.name from Emp e " + type.name().toLowerCase() + " join e.dept d "
                        + "order by d.id, e.id";
                assertThat(result).as(type.name()).containsExactlyElementsOf(rows(hql));
            }
        }
    }

    @Test
    void criteriaFullAndCrossJoins() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            JpaCriteriaQuery<Object[]> full = cb.createQuery(Object[].class);
            JpaRoot<Emp> e = full.from(Emp.class);
            JpaEntityJoin<Emp, Dept> d = e.join(Dept.class, SqmJoinType.FULL);
            d.on(cb.equal(e.get("dept"), d));
            full.multiselect(e.get("name"), d.get("name"))
                    .orderBy(cb.asc(e.get("id"), false), cb.asc(d.get("id")));
            assertThat(em.createQuery(full).getResultList().stream().map(Arrays::asList).toList()).containsExactly(
                    row("Ann", "Eng"), row("Bob", "Eng"), row("Cid", "Sales"), row("Dan", null),
                    row("Eve", "Sales"), row(null, "Empty"));

            JpaCriteriaQuery<Object[]> cross = cb.createQuery(Object[].class);
            JpaRoot<Emp> e2 = cross.from(Emp.class);
            JpaEntityJoin<Emp, Dept> d2 = e2.join(Dept.class, SqmJoinType.CROSS);
            cross.multiselect(e2.get("id"), d2.get("id")).where(cb.equal(e2.get("id"), 4L)).orderBy(cb.asc(d2.get("id")));
            assertThat(em.createQuery(cross).getResultList().stream().map(Arrays::asList).toList())
                    .containsExactly(row(4L, 1L), row(4L, 2L), row(4L, 3L));

            CriteriaQuery<Long> product = cb.createQuery(Long.class); // two roots: a cartesian product
            Root<Emp> e3 = product.from(Emp.class);
            Root<Dept> d3 = product.from(Dept.class);
            product.select(cb.count(e3)).where(cb.equal(e3.get("dept"), d3));
            assertThat(em.createQuery(product).getSingleResult()).isEqualTo(4L);
        }
    }

    // ---------------------------------------------------------------- grouping and ordering

    @Test
    void groupByWithHavingKeepsOnlyTheQualifyingGroups() {
        assertThat(rows("select d.name, count(e), sum(e.salary), min(e.salary) from Emp e join e.dept d "
                + "group by d.name having sum(e.salary) > 300 order by d.name")).containsExactly(row("Sales", 2L, 450L, 150));
        assertThat(rows("select d.name, count(e) from Emp e join e.dept d group by d.name having count(e) >= 2 "
                + "order by count(e) desc, d.name")).containsExactly(row("Eng", 2L), row("Sales", 2L));
    }

    @Test
    void criteriaGroupByWithHaving() {
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
            Root<Emp> e = q.from(Emp.class);
            Join<Emp, Dept> d = e.join("dept");
            q.multiselect(d.get("name"), cb.sum(e.<Integer>get("salary")))
                    .groupBy(d.get("name"))
                    .having(cb.lt(cb.sum(e.<Integer>get("salary")), 400))
                    .orderBy(cb.asc(d.get("name")));
            assertThat(em.createQuery(q).getResultList()).containsExactly(new Object[]{"Eng", 300});
        }
    }

    @Test
    void nullsFirstAndNullsLastOrderAsAsked() {
        assertThat(ids("select e.id from Emp e order by e.bonus asc nulls first, e.id")).containsExactly(1L, 4L, 3L, 2L, 5L);
        assertThat(ids("select e.id from Emp e order by e.bonus asc nulls last, e.id")).containsExactly(3L, 2L, 5L, 1L, 4L);
        assertThat(ids("select e.id from Emp e order by e.bonus desc nulls first, e.id")).containsExactly(1L, 4L, 5L, 2L, 3L);
        assertThat(ids("select e.id from Emp e order by e.bonus desc nulls last, e.id")).containsExactly(5L, 2L, 3L, 1L, 4L);
    }

    @Test
    void withoutNullPrecedenceNullsComeLastBothWays() {
        // ClickHouse's default, which differs from PostgreSQL (nulls are greatest there): documented
        assertThat(ids("select e.id from Emp e order by e.bonus, e.id")).containsExactly(3L, 2L, 5L, 1L, 4L);
        assertThat(ids("select e.id from Emp e order by e.bonus desc, e.id")).containsExactly(5L, 2L, 3L, 1L, 4L);
    }

    @Test
    void criteriaNullPrecedence() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            JpaCriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Emp> e = q.from(Emp.class);
            q.select(e.get("id")).orderBy(cb.desc(e.get("bonus"), true), cb.asc(e.get("id")));
            assertThat(em.createQuery(q).getResultList()).containsExactly(1L, 4L, 5L, 2L, 3L);
        }
    }

    @Test
    void limitAndOffsetInHqlAndThroughTheQueryApi() {
        assertThat(ids("select e.id from Emp e order by e.salary desc limit 2")).containsExactly(5L, 2L);
        assertThat(ids("select e.id from Emp e order by e.salary desc limit 2 offset 1")).containsExactly(2L, 3L);
        assertThat(ids("select e.id from Emp e order by e.salary desc offset 3 rows fetch first 5 rows only"))
                .containsExactly(1L, 4L);
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select e.id from Emp e order by e.id", Long.class)
                    .setFirstResult(4).getResultList()).containsExactly(5L);
            assertThat(em.createQuery("select e.id from Emp e order by e.id", Long.class)
                    .setMaxResults(1).getResultList()).containsExactly(1L);
        }
    }

    @Test
    void distinctRemovesDuplicates() {
        assertThat(rows("select distinct d.name from Emp e join e.dept d order by d.name"))
                .containsExactly(row("Eng"), row("Sales"));
        assertThat(rows("select count(distinct e.dept) from Emp e")).containsExactly(row(2L));
    }

    // ---------------------------------------------------------------- subqueries

    @Test
    void inAndNotInSubqueries() {
        assertThat(ids("select d.id from Dept d where d.id in (select e.dept.id from Emp e where e.salary >= 150) "
                + "order by d.id")).containsExactly(1L, 2L);
        assertThat(ids("select d.id from Dept d where d.id not in (select e.dept.id from Emp e where e.dept is not null) "
                + "order by d.id")).containsExactly(3L);
        // Dan has no department: the subquery yields a NULL, and NOT IN is then never true (ClickHouse ignores NULLs)
        assertThat(ids("select d.id from Dept d where d.id not in (select e.dept.id from Emp e)")).isEmpty();
        assertThat(ids("select e.id from Emp e where e.bonus not in (select x.bonus from Emp x where x.id = 2) order by e.id"))
                .containsExactly(3L, 5L); // a NULL on the left is not "not in" either
    }

    @Test
    void existsAndNotExistsCorrelatedSubqueries() {
        assertThat(ids("select d.id from Dept d where exists (select 1 from Emp e where e.dept = d) order by d.id"))
                .containsExactly(1L, 2L);
        assertThat(ids("select d.id from Dept d where not exists (select 1 from Emp e where e.dept = d) order by d.id"))
                .containsExactly(3L);
    }

    @Test
    void scalarSubqueriesInWhereCorrelatedOrNot() {
        assertThat(ids("select e.id from Emp e where e.salary > (select avg(x.salary) from Emp x) order by e.id"))
                .containsExactly(2L, 5L);
        assertThat(ids("select e.id from Emp e where e.salary = (select max(x.salary) from Emp x where x.dept = e.dept) "
                + "order by e.id")).containsExactly(2L, 5L);
        assertThat(ids("select e.id from Emp e where e.salary > all (select x.salary from Emp x where x.dept.id = 1) "
                + "order by e.id")).containsExactly(5L);
        assertThat(ids("select e.id from Emp e where e.salary < any (select x.salary from Emp x where x.dept.id = 1) "
                + "order by e.id")).containsExactly(1L, 3L, 4L);
    }

    @Test
    void subqueriesInTheSelectList() {
        assertThat(rows("select d.name, (select count(e) from Emp e where e.dept = d), "
                + "(select max(e.salary) from Emp e where e.dept = d) from Dept d order by d.id"))
                .containsExactly(row("Eng", 2L, 200), row("Sales", 2L, 300), row("Empty", 0L, null));
    }

    @Test
    void aCorrelatedScalarSubqueryOverNoRowsHasTheValueSqlGives() {
        // ClickHouse decorrelates these into joins; a department without employees must still count 0
        assertThat(rows("select d.name, (select coalesce(sum(e.salary), 0) from Emp e where e.dept = d), "
                + "(select count(e.bonus) from Emp e where e.dept = d) from Dept d order by d.id"))
                .containsExactly(row("Eng", 300L, 1L), row("Sales", 450L, 2L), row("Empty", 0L, 0L));
        assertThat(ids("select d.id from Dept d where (select count(e) from Emp e where e.dept = d) = 0"))
                .containsExactly(3L);
        assertThat(ids("select d.id from Dept d where (select count(e) from Emp e where e.dept = d) < 2 order by d.id"))
                .containsExactly(3L);
    }

    @Test
    void aSubqueryInTheFromClause() {
        assertThat(rows("select t.dept, t.total from (select e.dept.id as dept, sum(e.salary) as total from Emp e "
                + "where e.dept is not null group by e.dept.id) t order by t.total desc"))
                .containsExactly(row(2L, 450L), row(1L, 300L));
    }

    @Test
    void criteriaSubqueries() {
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Dept> d = q.from(Dept.class);
            Subquery<Long> sub = q.subquery(Long.class);
            Root<Emp> e = sub.from(Emp.class);
            sub.select(e.get("id")).where(cb.equal(e.get("dept"), d), cb.gt(e.get("salary"), 250));
            q.select(d.get("id")).where(cb.exists(sub)).orderBy(cb.asc(d.get("id")));
            assertThat(em.createQuery(q).getResultList()).containsExactly(2L);

            CriteriaQuery<Long> q2 = cb.createQuery(Long.class);
            Root<Emp> e2 = q2.from(Emp.class);
            Subquery<Double> avg = q2.subquery(Double.class);
            Root<Emp> x = avg.from(Emp.class);
            avg.select(cb.avg(x.get("salary")));
            q2.select(e2.get("id")).where(cb.lt(e2.get("salary"), avg)).orderBy(cb.asc(e2.get("id")));
            assertThat(em.createQuery(q2).getResultList()).containsExactly(1L, 3L, 4L);
        }
    }

    @Test
    void commonTableExpressions() {
        assertThat(rows("with rich as (select e.id as id, e.salary as salary from Emp e where e.salary >= 150) "
                + "select r.id, r.salary from rich r order by r.salary")).containsExactly(
                row(3L, 150), row(2L, 200), row(5L, 300));
        assertThat(rows("with totals as (select e.dept.id as dept, sum(e.salary) as total from Emp e "
                + "where e.dept is not null group by e.dept.id) "
                + "select d.name, t.total from Dept d join totals t on t.dept = d.id order by d.id"))
                .containsExactly(row("Eng", 300L), row("Sales", 450L));
    }

    @Test
    void recursiveCommonTableExpressions() {
        assertThat(rows("with nums as (select 1 as n union all select c.n + 1 from nums c where c.n < 5) "
                + "select x.n from nums x order by x.n")).containsExactly(row(1), row(2), row(3), row(4), row(5));
    }

    @Test
    void aCteWithASetOperation() {
        assertThat(rows("with names as (select e.name as n from Emp e where e.id <= 2 union all select d.name from Dept d "
                + "where d.id = 3) select x.n from names x order by x.n")).containsExactly(row("Ann"), row("Bob"), row("Empty"));
    }

    // ---------------------------------------------------------------- expressions

    @Test
    void simpleAndSearchedCase() {
        assertThat(rows("select e.id, case e.dept.id when 1 then 'eng' when 2 then 'sales' else 'none' end "
                + "from Emp e left join e.dept order by e.id")).containsExactly(
                row(1L, "eng"), row(2L, "eng"), row(3L, "sales"), row(4L, "none"), row(5L, "sales"));
        assertThat(rows("select e.id, case when e.salary >= 200 then 'high' when e.salary >= 100 then 'mid' end "
                + "from Emp e order by e.id")).containsExactly(
                row(1L, "mid"), row(2L, "high"), row(3L, "mid"), row(4L, null), row(5L, "high"));
    }

    @Test
    void coalesceAndNullif() {
        assertThat(rows("select e.id, coalesce(e.bonus, 0), nullif(e.salary, 100), ifnull(e.bonus, -1) from Emp e "
                + "where e.id <= 2 order by e.id")).containsExactly(row(1L, 0, null, -1), row(2L, 10, 200, 10));
    }

    @Test
    void criteriaCaseCoalesceNullif() {
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Tuple> q = cb.createTupleQuery();
            Root<Emp> e = q.from(Emp.class);
            q.multiselect(
                    cb.selectCase().when(cb.gt(e.get("salary"), 150), "big").otherwise("small"),
                    cb.coalesce(e.<Integer>get("bonus"), 7),
                    cb.nullif(e.<Integer>get("salary"), 200)
            ).where(cb.equal(e.get("id"), 2L));
            Tuple t = em.createQuery(q).getSingleResult();
            assertThat(t.toArray()).containsExactly("big", 10, null);
        }
    }

    @Test
    void rowValueComparisons() {
        assertThat(ids("select e.id from Emp e where (e.salary, e.id) > (150, 3) order by e.id")).containsExactly(2L, 5L);
        assertThat(ids("select e.id from Emp e where (e.salary, e.id) in ((100, 1), (150, 3), (150, 4)) order by e.id"))
                .containsExactly(1L, 3L);
    }

    @Test
    void rowValuesInASubquery() {
        assertThat(ids("select e.id from Emp e where (e.salary, e.id) in (select x.salary, x.id from Emp x where x.dept.id = 2) "
                + "order by e.id")).containsExactly(3L, 5L);
    }

    @Test
    void compositeIdsAreComparedAsRowValues() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Line.class, new LineId(1, 2)).item).isEqualTo("b");
            assertThat(em.createQuery("select l.item from Line l where l.id in :ids order by l.item", String.class)
                    .setParameter("ids", List.of(new LineId(1, 1), new LineId(2, 1), new LineId(9, 9)))
                    .getResultList()).containsExactly("a", "c");
            assertThat(em.createQuery("select l.item from Line l where l.id = :id", String.class)
                    .setParameter("id", new LineId(2, 1)).getSingleResult()).isEqualTo("c");
            assertThat(em.createQuery("select count(l) from Line l where l.id.orderNo = 1", Long.class).getSingleResult())
                    .isEqualTo(2L);
        }
    }

    @Test
    void isDistinctFromTreatsNullsAsValues() {
        assertThat(ids("select e.id from Emp e where e.bonus is distinct from 10 order by e.id")).containsExactly(1L, 3L, 4L, 5L);
        assertThat(ids("select e.id from Emp e where e.bonus is not distinct from null order by e.id")).containsExactly(1L, 4L);
    }

    @Test
    void likeWithEscapeAndInList() {
        assertThat(ids("select e.id from Emp e where e.name like 'A%' or e.name like '_o_' order by e.id"))
                .containsExactly(1L, 2L);
        assertThat(ids("select e.id from Emp e where e.name ilike 'e%' order by e.id")).containsExactly(5L);
        assertThat(ids("select e.id from Emp e where e.name not like 'A%' escape '!' and e.id in (1, 2, 3) order by e.id"))
                .containsExactly(2L, 3L);
        assertThat(ids("select e.id from Emp e where e.bonus between 5 and 10 order by e.id")).containsExactly(2L, 3L);
    }

    @Test
    void windowFunctions() {
        assertThat(rows("select e.id, row_number() over (partition by e.dept order by e.salary desc), "
                + "rank() over (order by e.bonus nulls first), sum(e.salary) over (partition by e.dept) "
                + "from Emp e where e.dept is not null order by e.id")).containsExactly(
                row(1L, 2L, 1L, 300L), row(2L, 1L, 3L, 300L), row(3L, 2L, 2L, 450L), row(5L, 1L, 4L, 450L));
        assertThat(rows("select e.id, dense_rank() over (order by e.dept), ntile(2) over (order by e.id), "
                + "percent_rank() over (order by e.id), cume_dist() over (order by e.id) from Emp e where e.id <= 3 "
                + "order by e.id")).containsExactly(
                row(1L, 1L, 1L, 0.0, 1 / 3.0), row(2L, 1L, 1L, 0.5, 2 / 3.0), row(3L, 2L, 2L, 1.0, 1.0));
    }

    @Test
    void offsetWindowFunctionsGiveNullOutsideTheWindow() {
        // ClickHouse's lag/lead/nth_value give 0 there unless asked for a Nullable value
        assertThat(rows("select e.id, lag(e.salary) over (order by e.id), lead(e.salary) over (order by e.id), "
                + "lead(e.salary, 1, -1) over (order by e.id), nth_value(e.salary, 2) over (order by e.id) "
                + "from Emp e order by e.id")).containsExactly(
                row(1L, null, 200, 200, null), row(2L, 100, 150, 150, 200), row(3L, 200, 50, 50, 200),
                row(4L, 150, 300, 300, 200), row(5L, 50, null, -1, 200));
        // first_value respects NULLs, as in SQL (ClickHouse skips them by default)
        assertThat(rows("select e.id, first_value(e.bonus) over (order by e.id) from Emp e where e.id <= 2 order by e.id"))
                .containsExactly(row(1L, null), row(2L, null));
    }

    @Test
    void aggregateFunctions() {
        assertThat(rows("select count(*), count(e.bonus), count(distinct e.dept), sum(e.salary), avg(e.salary), "
                + "min(e.name), max(e.name), every(e.salary > 40), any(e.salary > 250) from Emp e")).containsExactly(
                row(5L, 3L, 2L, 800L, 160.0, "Ann", "Eve", true, true));
        assertThat(rows("select listagg(e.name, ',') from Emp e where e.id = 1")).containsExactly(row("Ann"));
        assertThat(rows("select e.dept.id, count(e) filter (where e.bonus is not null) from Emp e "
                + "where e.dept is not null group by e.dept.id order by e.dept.id")).containsExactly(row(1L, 1L), row(2L, 2L));
    }

    // ---------------------------------------------------------------- set operations

    @Test
    void unionRemovesDuplicatesAndUnionAllKeepsThem() {
        assertThat(ids("select e.dept.id from Emp e where e.dept is not null union select d.id from Dept d where d.id = 1"))
                .containsExactlyInAnyOrder(1L, 2L);
        assertThat(ids("select e.dept.id from Emp e where e.dept is not null union all select d.id from Dept d where d.id = 1"))
                .containsExactlyInAnyOrder(1L, 1L, 2L, 2L, 1L);
    }

    @Test
    void intersectAndExceptAreDistinctUnlessAll() {
        assertThat(ids("select e.dept.id from Emp e where e.dept is not null intersect select d.id from Dept d"))
                .containsExactlyInAnyOrder(1L, 2L);
        assertThat(ids("select d.id from Dept d except select e.dept.id from Emp e where e.dept is not null"))
                .containsExactly(3L);
        assertThat(ids("select e.dept.id from Emp e where e.dept is not null intersect all select d.id from Dept d"))
                .containsExactlyInAnyOrder(1L, 2L);
        assertThat(ids("select e.dept.id from Emp e where e.dept is not null except all select d.id from Dept d"))
                .containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void orderByAndLimitApplyToTheWholeUnion() {
        assertThat(ids("(select e.id from Emp e where e.id > 3 union select d.id from Dept d) order by 1 desc"))
                .containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(ids("(select e.id from Emp e where e.id > 3 union all select d.id from Dept d) order by 1 limit 2 offset 1"))
                .containsExactly(2L, 3L);
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("(select e.name from Emp e where e.id = 5 union select d.name from Dept d) order by 1",
                    String.class).setMaxResults(2).getResultList()).containsExactly("Empty", "Eng");
        }
    }

    @Test
    void anOrderedOrLimitedUnionInsideASubquery() {
        assertThat(ids("select e.id from Emp e where e.id in ((select x.id from Emp x where x.id < 3 "
                + "union select d.id + 3 from Dept d) order by 1 desc limit 3) order by e.id")).containsExactly(4L, 5L);
        assertThat(rows("select t.n from ((select e.name as n from Emp e where e.id < 3 union all select d.name from Dept d) "
                + "order by 1 limit 2) t order by t.n desc")).containsExactly(row("Bob"), row("Ann"));
        // an ordered and limited union as one operand of another union
        assertThat(ids("((select e.id from Emp e where e.id < 3 union select d.id + 10 from Dept d) order by 1 desc limit 2) "
                + "union all (select d.id from Dept d where d.id = 1)")).containsExactlyInAnyOrder(13L, 12L, 1L);
    }

    @Test
    void criteriaSetOperations() {
        try (EntityManager em = factory.createEntityManager()) {
            HibernateCriteriaBuilder cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
            JpaCriteriaQuery<Long> left = cb.createQuery(Long.class);
            Root<Emp> e = left.from(Emp.class);
            left.select(e.get("dept").get("id")).where(cb.isNotNull(e.get("dept")));
            JpaCriteriaQuery<Long> right = cb.createQuery(Long.class);
            Root<Dept> d = right.from(Dept.class);
            right.select(d.get("id"));
            assertThat(em.createQuery(cb.union(left, right)).getResultList()).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(em.createQuery(cb.except(right, left)).getResultList()).containsExactly(3L);
        }
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void parametersOfEveryBasicTypeFindExactlyTheirRow() {
        Sample one = sample(1, "one", 1, Color.RED);
        assertThat(idWhere("text", one.text)).isEqualTo(1L);
        assertThat(idWhere("intValue", one.intValue)).isEqualTo(1L);
        assertThat(idWhere("longValue", one.longValue)).isEqualTo(1L);
        assertThat(idWhere("shortValue", one.shortValue)).isEqualTo(1L);
        assertThat(idWhere("byteValue", one.byteValue)).isEqualTo(1L);
        assertThat(idWhere("doubleValue", one.doubleValue)).isEqualTo(1L);
        assertThat(idWhere("floatValue", one.floatValue)).isEqualTo(1L);
        assertThat(idWhere("decimalValue", one.decimalValue)).isEqualTo(1L);
        assertThat(idWhere("flag", one.flag)).isEqualTo(1L);
        assertThat(idWhere("letter", one.letter)).isEqualTo(1L);
        assertThat(idWhere("day", one.day)).isEqualTo(1L);
        assertThat(idWhere("moment", one.moment)).isEqualTo(1L);
        assertThat(idWhere("instant", one.instant)).isEqualTo(1L);
        assertThat(idWhere("uuid", one.uuid)).isEqualTo(1L);
        assertThat(idWhere("color", one.color)).isEqualTo(1L);
        assertThat(idWhere("ordinalColor", one.ordinalColor)).isEqualTo(1L);
        assertThat(idWhere("id", 1L)).isEqualTo(1L);
    }

    @Test
    void parametersOfLessCommonBasicTypesFindExactlyTheirRow() {
        Extra one = extra(1);
        assertThat(extraWhere("big", one.big)).containsExactly(1L);
        assertThat(extraWhere("offsetDateTime", one.offsetDateTime)).containsExactly(1L);
        assertThat(extraWhere("offsetDateTime", one.offsetDateTime.withOffsetSameInstant(ZoneOffset.ofHours(-5))))
                .containsExactly(1L); // the same instant
        assertThat(extraWhere("zonedDateTime", one.zonedDateTime)).containsExactly(1L);
        assertThat(extraWhere("timestamp", one.timestamp)).containsExactly(1L);
        assertThat(extraWhere("legacyDate", one.legacyDate)).containsExactly(1L);
        assertThat(extraWhere("duration", one.duration)).containsExactly(1L);
        assertThat(extraWhere("boxed", one.boxed)).containsExactly(1L);
        assertThat(extraWhere("character", one.character)).containsExactly(1L);
        assertThat(extraWhere("year", one.year)).containsExactly(1L);
        assertThat(extraWhere("currency", one.currency)).containsExactly(1L);
        assertThat(extraWhere("locale", one.locale)).containsExactly(1L);
        try (EntityManager em = factory.createEntityManager()) {
            Extra read = em.find(Extra.class, 1L);
            assertThat(read.big).isEqualTo(one.big);
            assertThat(read.offsetDateTime.toInstant()).isEqualTo(one.offsetDateTime.toInstant());
            assertThat(read.zonedDateTime.toInstant()).isEqualTo(one.zonedDateTime.toInstant());
            assertThat(read.timestamp).isEqualTo(one.timestamp);
            assertThat(read.duration).isEqualTo(one.duration);
            assertThat(read.year).isEqualTo(one.year);
            assertThat(read.currency).isEqualTo(one.currency);
            assertThat(read.locale).isEqualTo(one.locale);
        }
    }

    @Test
    void rangeAndListParameters() {
        try (EntityManager em = factory.createEntityManager()) {
            Sample two = sample(2, "two", 2, Color.GREEN);
            assertThat(em.createQuery("select s.id from Sample s where s.moment > :m and s.day >= :d and s.instant < :i "
                            + "and s.decimalValue between :lo and :hi", Long.class)
                    .setParameter("m", two.moment.minusNanos(1000)).setParameter("d", two.day)
                    .setParameter("i", two.instant.plusNanos(1000))
                    .setParameter("lo", new BigDecimal("2.000")).setParameter("hi", new BigDecimal("2.500"))
                    .getResultList()).containsExactly(2L);
            assertThat(em.createQuery("select s.id from Sample s where s.text in :texts and s.color in :colors "
                            + "and s.uuid in :uuids order by s.id", Long.class)
                    .setParameter("texts", List.of("one", "two", "three"))
                    .setParameter("colors", List.of(Color.RED, Color.GREEN))
                    .setParameter("uuids", List.of(two.uuid, UUID.randomUUID()))
                    .getResultList()).containsExactly(2L);
            assertThat(em.createQuery("select s.id from Sample s where s.id = ?1 or s.text = ?2 order by s.id", Long.class)
                    .setParameter(1, 1L).setParameter(2, "two").getResultList()).containsExactly(1L, 2L);
        }
    }

    @Test
    void parametersInTheSelectListAndFunctions() {
        assertThat(rows("select :p, e.id from Emp e where e.id = 1", q -> q.setParameter("p", "x")))
                .containsExactly(row("x", 1L));
        assertThat(rows("select e.id from Emp e where e.salary + :delta > 250 order by e.id", q -> q.setParameter("delta", 60)))
                .containsExactly(row(2L), row(5L));
    }

    // ---------------------------------------------------------------- helpers

    private long idWhere(String attribute, Object value) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery("select s.id from Sample s where s." + attribute + " = :v", Long.class)
                    .setParameter("v", value).getSingleResult();
        }
    }

    private List<Long> extraWhere(String attribute, Object value) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery("select x.id from Extra x where x." + attribute + " = :v order by x.id", Long.class)
                    .setParameter("v", value).getResultList();
        }
    }

    private List<List<Object>> rows(String hql) {
        return rows(hql, q -> q);
    }

    private List<List<Object>> rows(String hql, Function<jakarta.persistence.Query, jakarta.persistence.Query> binder) {
        try (EntityManager em = factory.createEntityManager()) {
            List<?> result = binder.apply(em.createQuery(hql)).getResultList();
            return result.stream().map(r -> r instanceof Object[] a ? Arrays.asList(a) : java.util.Collections.singletonList(r))
                    .toList();
        }
    }

    private List<Long> ids(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, Long.class).getResultList();
        }
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static Dept dept(long id, String name) {
        Dept dept = new Dept();
        dept.id = id;
        dept.name = name;
        return dept;
    }

    private static Emp emp(long id, String name, int salary, Integer bonus, Dept dept) {
        Emp emp = new Emp();
        emp.id = id;
        emp.name = name;
        emp.salary = salary;
        emp.bonus = bonus;
        emp.dept = dept;
        return emp;
    }

    private static Line line(int orderNo, int lineNo, String item) {
        Line line = new Line();
        line.id = new LineId(orderNo, lineNo);
        line.item = item;
        return line;
    }

    private static Extra extra(int n) {
        Extra x = new Extra();
        x.id = (long) n;
        x.big = new BigInteger("12345678901234567890123456789").multiply(BigInteger.valueOf(n));
        x.offsetDateTime = OffsetDateTime.parse("2024-02-29T13:45:30.5+02:00").plusHours(n);
        x.zonedDateTime = ZonedDateTime.parse("2024-02-29T13:45:30.25+01:00[Europe/Paris]").plusHours(n);
        x.timestamp = java.sql.Timestamp.valueOf(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000).plusDays(n));
        x.legacyDate = java.sql.Date.valueOf(LocalDate.of(2024, 2, 28).plusDays(n));
        x.duration = Duration.ofSeconds(90L * n, 500);
        x.boxed = n == 1;
        x.character = (char) ('p' + n);
        x.year = Year.of(2000 + n);
        x.currency = Currency.getInstance(n == 1 ? "EUR" : "USD");
        x.locale = n == 1 ? Locale.CANADA_FRENCH : Locale.JAPAN;
        return x;
    }

    private static Sample sample(long id, String text, int n, Color color) {
        Sample s = new Sample();
        s.id = id;
        s.text = text;
        s.intValue = n * 10;
        s.longValue = n * 10_000_000_000L;
        s.shortValue = (short) (n * 100);
        s.byteValue = (byte) n;
        s.doubleValue = n + 0.25;
        s.floatValue = n + 0.5f;
        s.decimalValue = new BigDecimal(n + ".125");
        s.flag = n == 1;
        s.letter = (char) ('a' + n);
        s.day = LocalDate.of(2024, 2, 28).plusDays(n);
        s.moment = LocalDateTime.of(2024, 3, 1, 12, 30, 15, 123_456_000).plusHours(n);
        s.instant = Instant.parse("2024-03-01T10:15:30.654321Z").plusSeconds(n * 3600L);
        s.uuid = new UUID(n, n * 7L);
        s.color = color;
        s.ordinalColor = color;
        return s;
    }
}
