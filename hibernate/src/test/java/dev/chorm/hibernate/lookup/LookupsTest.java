package dev.chorm.hibernate.lookup;

import dev.chorm.hibernate.Jpa;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Root;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookups of the reference's field catalogue (seed 002), on its own nested examples, in HQL and
 * through the typed Criteria helper {@link Lookups}. Indexes are 1-based (the reference's are 0-based:
 * its {@code array__1} is {@code arrayElement(array, 2)} here).
 */
@ClickHouseTest
class LookupsTest {

    private static final List<List<List<Long>>> NESTED = List.of(
            List.of(List.of(12L, 13L, 0L, 1L), List.of(12L)),
            List.of(List.of(12L, 13L, 0L, 1L), List.of(12L), List.of(13L, 14L)));

    @Entity(name = "NestedArrayModel")
    static class NestedArrayModel {
        @Id
        Long id;
        @Composite
        @ColumnType("Array(Array(Array(UInt32)))")
        List<List<List<Long>>> array;
        List<String> tags;
    }

    record Site(byte number, String str, InetAddress ip) {
    }

    @Entity(name = "TupleModel")
    static class TupleModel {
        @Id
        Long id;
        @Composite
        @ColumnType("Tuple(number Int8, str String, ip IPv6)")
        Site tuple;
    }

    @Entity(name = "MapModel")
    static class MapModel {
        @Id
        Long id;
        @Composite
        @ColumnType("Map(LowCardinality(String), IPv6)")
        Map<String, InetAddress> map;
        InetAddress address;
    }

    private static EntityManagerFactory factory;

    @BeforeAll
    static void createAndFill(TestDatabase db) {
        factory = Jpa.factory(db, "create", NestedArrayModel.class, TupleModel.class, MapModel.class);
        Jpa.inTransaction(factory, em -> {
            NestedArrayModel nested = new NestedArrayModel();
            nested.id = 1L;
            nested.array = NESTED;
            nested.tags = List.of("a", "b");
            em.persist(nested);
            NestedArrayModel other = new NestedArrayModel();
            other.id = 2L;
            other.array = List.of(List.of(List.of()));
            other.tags = List.of();
            em.persist(other);
            TupleModel tuple = new TupleModel();
            tuple.id = 1L;
            tuple.tuple = new Site((byte) 100, "test", ip("3.4.5.6"));
            em.persist(tuple);
            MapModel map = new MapModel();
            map.id = 1L;
            map.map = new LinkedHashMap<>();
            map.map.put("baidu", ip("39.156.66.10"));
            map.map.put("bing.com", ip("13.107.21.200"));
            map.map.put("google.com", ip("172.217.163.46"));
            map.address = ip("10.1.2.3");
            em.persist(map);
        });
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Long> ids(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, Long.class).getResultList();
        }
    }

    private static Object single(String hql) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery(hql, Object.class).getSingleResult();
        }
    }

    /** The ids of NestedArrayModel rows matching a Criteria predicate built by {@code where}. */
    private static List<Long> criteriaIds(BiFunction<CriteriaBuilder, Root<NestedArrayModel>, Expression<Boolean>> where) {
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Long> query = cb.createQuery(Long.class);
            Root<NestedArrayModel> root = query.from(NestedArrayModel.class);
            query.select(root.get("id")).where(cb.isTrue(where.apply(cb, root))).orderBy(cb.asc(root.get("id")));
            return em.createQuery(query).getResultList();
        }
    }

    // ------------------------------------------------------------------ arrays

    @Test
    void containsIsHasAll() {
        assertThat(ids("select e.id from NestedArrayModel e where hasAll(e.array, sql('[[[12,13,0,1],[12]]]'))")).containsExactly(1L);
        assertThat(criteriaIds((cb, e) -> Lookups.hasAll(cb, e.get("array"), List.of(NESTED.get(0))))).containsExactly(1L);
    }

    @Test
    void containedByIsHasAllTheOtherWayRound() {
        List<Object> superset = List.of(NESTED.get(0), NESTED.get(1), List.of(List.of(1L)));
        assertThat(criteriaIds((cb, e) -> Lookups.containedBy(cb, e.get("array"), superset))).containsExactly(1L);
        assertThat(criteriaIds((cb, e) -> Lookups.containedBy(cb, e.get("array"), List.of(NESTED.get(0))))).isEmpty();
    }

    @Test
    void exactComparesTheWholeArray() {
        assertThat(ids("select e.id from NestedArrayModel e where equals(e.array, sql('[[[12,13,0,1],[12]],[[12,13,0,1],[12],[13,14]]]'))"))
                .containsExactly(1L);
        assertThat(criteriaIds((cb, e) -> Lookups.equalTo(cb, e.get("array"), NESTED))).containsExactly(1L);
    }

    @Test
    void overlapIsHasAny() {
        assertThat(criteriaIds((cb, e) -> Lookups.hasAny(cb, e.get("array"), List.of(NESTED.get(0), List.of(List.of(1L))))))
                .containsExactly(1L);
        assertThat(ids("select e.id from NestedArrayModel e where hasAny(e.tags, sql('[''b'', ''z'']'))")).containsExactly(1L);
    }

    @Test
    void anyIsHas() {
        assertThat(criteriaIds((cb, e) -> Lookups.has(cb, e.get("array"), NESTED.get(0)))).containsExactly(1L);
        assertThat(ids("select e.id from NestedArrayModel e where has(e.tags, 'a')")).containsExactly(1L);
        assertThat(criteriaIds((cb, e) -> Lookups.has(cb, e.get("tags"), "b"))).containsExactly(1L);
    }

    @Test
    void lengthCountsElementsAndStillCountsCharactersOfStrings() {
        assertThat(ids("select e.id from NestedArrayModel e where length(e.array) = 2")).containsExactly(1L);
        assertThat(ids("select e.id from NestedArrayModel e where length(e.tags) = 0")).containsExactly(2L);
        assertThat(single("select length('日本') from NestedArrayModel e where e.id = 1")).isEqualTo(2);
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Integer> query = cb.createQuery(Integer.class);
            Root<NestedArrayModel> root = query.from(NestedArrayModel.class);
            query.select(Lookups.length(cb, root.get("array"))).where(cb.equal(root.get("id"), 1L));
            assertThat(em.createQuery(query).getSingleResult()).isEqualTo(2);
        }
    }

    @Test
    void elementByOneBasedIndex() {
        // the reference's array__1, array__1__2, array__1__2__0 (0-based)
        assertThat(single("select arrayElement(e.array, 2) from NestedArrayModel e where e.id = 1")).isEqualTo(NESTED.get(1));
        assertThat(single("select arrayElement(arrayElement(e.array, 2), 3) from NestedArrayModel e where e.id = 1"))
                .isEqualTo(List.of(13L, 14L));
        assertThat(ids("select e.id from NestedArrayModel e where arrayElement(arrayElement(arrayElement(e.array, 2), 3), 1) = 13"))
                .containsExactly(1L);
        assertThat(single("select arrayElement(e.tags, -1) from NestedArrayModel e where e.id = 1")).isEqualTo("b");
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<String> query = cb.createQuery(String.class);
            Root<NestedArrayModel> root = query.from(NestedArrayModel.class);
            query.select(Lookups.element(cb, root.get("tags"), 1, String.class)).where(cb.equal(root.get("id"), 1L));
            assertThat(em.createQuery(query).getSingleResult()).isEqualTo("a");
        }
    }

    @Test
    void sliceByOneBasedOffset() {
        // the reference's array__1_2 and array__1__0__0_2 (0-based, end exclusive)
        assertThat(single("select arraySlice(e.array, 2, 1) from NestedArrayModel e where e.id = 1")).isEqualTo(List.of(NESTED.get(1)));
        assertThat(single("select arraySlice(arrayElement(arrayElement(e.array, 2), 1), 1, 2) from NestedArrayModel e where e.id = 1"))
                .isEqualTo(List.of(12L, 13L));
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select arraySlice(e.tags, 2) from NestedArrayModel e where e.id = 1", List.class)
                    .getSingleResult()).containsExactly("b");
        }
    }

    @Test
    void arrayJoinGivesOneRowPerElement() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select arrayJoin(e.tags) from NestedArrayModel e order by 1", String.class).getResultList())
                    .containsExactly("a", "b");
        }
    }

    // ------------------------------------------------------------------ tuples

    @Test
    void tupleElementByIndexAndByName() {
        assertThat(ids("select t.id from TupleModel t where tupleElement(t.tuple, 2) = 'test'")).containsExactly(1L);
        assertThat(ids("select t.id from TupleModel t where tupleElement(t.tuple, 'str') = 'test'")).containsExactly(1L);
        assertThat(single("select tupleElement(t.tuple, 'number') from TupleModel t")).isEqualTo((byte) 100);
        assertThat(ids("select t.id from TupleModel t where isIPAddressInRange(tupleElement(t.tuple, 'ip'), '3.4.0.0/16')"))
                .containsExactly(1L);
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(TupleModel.class, 1L).tuple).isEqualTo(new Site((byte) 100, "test", ip("3.4.5.6")));
        }
    }

    // ------------------------------------------------------------------ maps

    @Test
    void hasKeyIsMapContains() {
        assertThat(ids("select m.id from MapModel m where mapContains(m.map, 'baidu')")).containsExactly(1L);
        assertThat(ids("select m.id from MapModel m where mapContains(m.map, 'yahoo')")).isEmpty();
    }

    @Test
    void lengthKeysValuesAndValueByKey() {
        assertThat(single("select length(m.map) from MapModel m")).isEqualTo(3);
        assertThat(single("select mapKeys(m.map) from MapModel m")).isEqualTo(List.of("baidu", "bing.com", "google.com"));
        assertThat(single("select mapValues(m.map) from MapModel m"))
                .isEqualTo(List.of(ip("39.156.66.10"), ip("13.107.21.200"), ip("172.217.163.46")));
        assertThat(single("select arrayElement(m.map, 'baidu') from MapModel m")).isEqualTo(ip("39.156.66.10"));
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<InetAddress> query = cb.createQuery(InetAddress.class);
            Root<MapModel> root = query.from(MapModel.class);
            query.select(Lookups.mapValue(cb, root.get("map"), "bing.com", InetAddress.class));
            assertThat(em.createQuery(query).getSingleResult()).isEqualTo(ip("13.107.21.200"));
        }
    }

    // ------------------------------------------------------------------ IP

    @Test
    void ipRangeMembershipByCidr() {
        assertThat(ids("select m.id from MapModel m where isIPAddressInRange(m.address, '10.0.0.0/8')")).containsExactly(1L);
        assertThat(ids("select m.id from MapModel m where isIPAddressInRange(m.address, '192.168.0.0/16')")).isEmpty();
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Long> query = cb.createQuery(Long.class);
            Root<MapModel> root = query.from(MapModel.class);
            query.select(root.get("id")).where(cb.isTrue(Lookups.inRange(cb, root.get("address"), "10.1.0.0/16")));
            assertThat(em.createQuery(query).getResultList()).containsExactly(1L);
        }
    }
}
