package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.chorm.hibernate.annotations.Composite;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.LocalDate;
import java.util.UUID;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Arrays, collections, maps and tuples as ClickHouse composite columns, with exact round trips. */
@ClickHouseTest
class CompositeTypesTest {

    /** A record is a named tuple. */
    record Point(int x, String label, List<String> tags) {
    }

    enum Color { RED, GREEN }

    @Entity(name = "Elements")
    static class Elements {
        @Id
        Long id;
        List<UUID> uuids = List.of();
        List<LocalDate> dates = List.of();
        List<Color> colors = List.of();
        double[] doubles = new double[0];
        List<Boolean> flags = List.of();
        List<BigDecimal> amounts = List.of();
    }

    @Test
    void arraysOfOtherElementTypesRoundTrip(TestDatabase db) {
        try (EntityManagerFactory elements = Jpa.factory(db, "create", Elements.class)) {
            assertThat(DefaultTypesTest.columnType(db, "Elements", "colors")).isEqualTo("Array(Enum8('RED' = 0, 'GREEN' = 1))");
            assertThat(DefaultTypesTest.columnType(db, "Elements", "dates")).isEqualTo("Array(Date32)");
            Elements row = new Elements();
            row.id = 1L;
            row.uuids = List.of(new UUID(0, 0), new UUID(-1, -1));
            row.dates = List.of(LocalDate.of(1900, 1, 1), LocalDate.of(2299, 12, 31));
            row.colors = List.of(Color.GREEN, Color.RED);
            row.doubles = new double[]{Double.NaN, -0.0, Double.MAX_VALUE};
            row.flags = List.of(true, false);
            row.amounts = List.of(new BigDecimal("1.50"), new BigDecimal("-2.25"));
            Jpa.inTransaction(elements, em -> em.persist(row));
            try (EntityManager em = elements.createEntityManager()) {
                Elements read = em.find(Elements.class, 1L);
                assertThat(read.uuids).isEqualTo(row.uuids);
                assertThat(read.dates).isEqualTo(row.dates);
                assertThat(read.colors).isEqualTo(row.colors);
                assertThat(read.doubles).containsExactly(row.doubles);
                assertThat(read.flags).isEqualTo(row.flags);
                assertThat(read.amounts).usingElementComparator(BigDecimal::compareTo).isEqualTo(row.amounts);
            }
        }
    }

    /** A plain class (no-argument constructor) is a named tuple of its fields. */
    static class Place {
        String name;
        double lat;
        Integer rank;

        Place() {
        }

        Place(String name, double lat, Integer rank) {
            this.name = name;
            this.lat = lat;
            this.rank = rank;
        }
    }

    @Entity(name = "Places")
    static class Places {
        @Id
        Long id;
        @Composite
        @ColumnType("Tuple(name String, lat Float64, rank Nullable(Int32))")
        Place place;
    }

    @Test
    void aPlainClassIsANamedTupleOfItsFields(TestDatabase db) {
        try (EntityManagerFactory places = Jpa.factory(db, "create", Places.class)) {
            assertThat(DefaultTypesTest.columnType(db, "Places", "place")).isEqualTo("Tuple(name String, lat Float64, rank Nullable(Int32))");
            Places row = new Places();
            row.id = 1L;
            row.place = new Place("Zürich", 47.37, null);
            Jpa.inTransaction(places, em -> em.persist(row));
            assertThat(EngineSql.value(db, "SELECT toString(place) FROM Places")).isEqualTo("('Zürich',47.37,NULL)");
            try (EntityManager em = places.createEntityManager()) {
                assertThat(em.find(Places.class, 1L).place).usingRecursiveComparison().isEqualTo(row.place);
                assertThat(em.createQuery("select tupleElement(p.place, 'name') from Places p", Object.class).getSingleResult())
                        .isEqualTo("Zürich");
            }
        }
    }

    @Entity(name = "Untyped")
    static class Untyped {
        @Id
        Long id;
        @Composite
        Map<String, Object> anything;
    }

    @Test
    void aCompositeWithoutAClickHouseTypeForItsElementsFailsAtStartup(TestDatabase db) {
        assertThat(ExplicitTypesTest.startupFailure(db, Untyped.class))
                .contains("Entity Untyped, attribute anything").contains("chorm has no default ClickHouse type for java.util.Map<java.lang.String, java.lang.Object>; give one with @ColumnType");
    }

    @Entity(name = "Arrays")
    static class Arrays_ {
        @Id
        Long id;
        List<Integer> ints = List.of();
        Set<String> tags = Set.of();
        int[] primitives = new int[0];
        String[] names = new String[0];
        @ColumnType("Array(Nullable(Int64))")
        List<Long> sparse = List.of();
        @Composite
        int[][] matrix = new int[0][];
        @Composite
        List<List<List<Long>>> cube = List.of();
        @Composite
        Map<String, Long> counters = Map.of();
        @Composite
        Map<String, List<Integer>> groups = Map.of();
        @Composite
        @ColumnType("Map(LowCardinality(String), IPv6)")
        Map<String, InetAddress> hosts = Map.of();
        @Composite
        Point point = new Point(0, "", List.of());
    }

    private static EntityManagerFactory factory;

    @BeforeAll
    static void createSchema(TestDatabase db) {
        factory = Jpa.factory(db, "create", Arrays_.class);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @BeforeEach
    void empty(TestDatabase db) {
        db.truncateAllTables();
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void arraysAndCollectionsAreArrayColumns(TestDatabase db) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ints", "Array(Int32)");
        expected.put("tags", "Array(String)");
        expected.put("primitives", "Array(Int32)");
        expected.put("names", "Array(String)");
        expected.put("sparse", "Array(Nullable(Int64))");
        expected.put("matrix", "Array(Array(Int32))");
        expected.put("cube", "Array(Array(Array(Int64)))");
        expected.put("counters", "Map(String, Int64)");
        expected.put("groups", "Map(String, Array(Int32))");
        expected.put("hosts", "Map(LowCardinality(String), IPv6)");
        expected.put("point", "Tuple(x Int32, label String, tags Array(String))");
        expected.forEach((column, type) -> assertThat(DefaultTypesTest.columnType(db, "Arrays", column)).as(column).isEqualTo(type));
    }

    @Test
    void arraysRoundTripExactly(TestDatabase db) {
        Arrays_ row = new Arrays_();
        row.id = 1L;
        row.ints = List.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE);
        row.tags = Set.of("a", "it's", "日本");
        row.primitives = new int[]{7};
        row.names = new String[]{"", "x"};
        row.sparse = Arrays.asList(Long.MIN_VALUE, null, Long.MAX_VALUE);
        row.matrix = new int[][]{{1, 2}, {}, {3}};
        row.cube = List.of(List.of(List.of(12L, 13L, 0L, 1L), List.of(12L)), List.of(List.of(), List.of(Long.MAX_VALUE)));
        row.counters = new LinkedHashMap<>(Map.of("a", Long.MIN_VALUE));
        row.counters.put("it's", 0L);
        row.groups = Map.of("k", List.of(1, 2), "empty", List.of());
        row.hosts = Map.of("baidu", ip("39.156.66.10"), "v6", ip("2001:db8::1"));
        row.point = new Point(-1, "日本", List.of("a", ""));
        Arrays_ empty = new Arrays_();
        empty.id = 2L;
        Jpa.inTransaction(factory, em -> {
            em.persist(row);
            em.persist(empty);
        });
        assertThat(EngineSql.value(db, "SELECT toString(sparse) || toString(matrix) FROM Arrays WHERE id = 1"))
                .isEqualTo("[-9223372036854775808,NULL,9223372036854775807][[1,2],[],[3]]");
        assertThat(EngineSql.value(db, "SELECT toString(cube) || toString(point) || toString(hosts['baidu']) FROM Arrays WHERE id = 1"))
                .isEqualTo("[[[12,13,0,1],[12]],[[],[9223372036854775807]]](-1,'日本',['a',''])::ffff:39.156.66.10");
        try (EntityManager em = factory.createEntityManager()) {
            Arrays_ read = em.find(Arrays_.class, 1L);
            assertThat(read.ints).containsExactly(Integer.MIN_VALUE, 0, Integer.MAX_VALUE);
            assertThat(read.tags).containsExactlyInAnyOrder("a", "it's", "日本");
            assertThat(read.primitives).containsExactly(7);
            assertThat(read.names).containsExactly("", "x");
            assertThat(read.sparse).containsExactly(Long.MIN_VALUE, null, Long.MAX_VALUE);
            assertThat(read.matrix).isDeepEqualTo(new int[][]{{1, 2}, {}, {3}});
            Arrays_ readEmpty = em.find(Arrays_.class, 2L);
            assertThat(readEmpty.ints).isEmpty();
            assertThat(readEmpty.matrix).isEmpty();
            assertThat(read.cube).isEqualTo(row.cube);
            assertThat(read.counters).containsExactlyEntriesOf(row.counters);
            assertThat(read.groups).isEqualTo(row.groups);
            assertThat(read.hosts).isEqualTo(row.hosts);
            assertThat(read.point).isEqualTo(row.point);
            assertThat(readEmpty.cube).isEmpty();
            assertThat(readEmpty.counters).isEmpty();
            assertThat(readEmpty.groups).isEmpty();
            assertThat(readEmpty.point).isEqualTo(new Point(0, "", List.of()));
        }
    }

    @Test
    void aMapChangedInPlaceMakesItsManagedEntityDirty() {
        Arrays_ row = new Arrays_();
        row.id = 3L;
        row.counters = new LinkedHashMap<>(Map.of("a", 1L));
        Jpa.inTransaction(factory, em -> em.persist(row));
        // the loaded map's snapshot must be a copy of its own (a cheap one: its keys and values are immutable)
        try (EntityManager em = factory.createEntityManager()) {
            org.hibernate.Session session = em.unwrap(org.hibernate.Session.class);
            Arrays_ read = em.find(Arrays_.class, 3L);
            assertThat(read.counters).isInstanceOf(LinkedHashMap.class).containsExactly(Map.entry("a", 1L));
            assertThat(session.isDirty()).as("as loaded").isFalse();
            read.counters.put("a", 5L);
            assertThat(session.isDirty()).as("a value changed in place").isTrue();
            read.counters.put("a", 1L);
            assertThat(session.isDirty()).as("changed back").isFalse();
            read.counters.put("b", 2L);
            assertThat(session.isDirty()).as("an entry added in place").isTrue();
        }
    }

    @Test
    void changedMapsOfAManagedEntityAreUpdatedOnTheServer() throws Exception {
        Arrays_ row = new Arrays_();
        row.id = 4L;
        row.counters = new LinkedHashMap<>(Map.of("a", 1L));
        Jpa.inTransaction(factory, em -> em.persist(row));
        InetAddress host = InetAddress.getByName("2001:db8::1");
        Jpa.inTransaction(factory, em -> {
            Arrays_ read = em.find(Arrays_.class, 4L);
            read.counters.put("a", 5L);
            read.counters.put("it's {b}", Long.MAX_VALUE); // quotes and braces are data
            read.groups = Map.of("g", List.of(1, 2), "empty", List.of());
            read.hosts = Map.of("h", host);
        });
        try (EntityManager em = factory.createEntityManager()) {
            Arrays_ read = em.find(Arrays_.class, 4L);
            assertThat(read.counters).containsOnly(Map.entry("a", 5L), Map.entry("it's {b}", Long.MAX_VALUE));
            assertThat(read.groups).containsOnly(Map.entry("g", List.of(1, 2)), Map.entry("empty", List.of()));
            assertThat(read.hosts).containsOnly(Map.entry("h", host));
        }
    }

    @Test
    void aBulkUpdateAssignsAMapParameter() {
        Arrays_ row = new Arrays_();
        row.id = 5L;
        Jpa.inTransaction(factory, em -> em.persist(row));
        Jpa.inTransaction(factory, em -> em.createQuery("update Arrays a set a.counters = :counters where a.id = 5")
                .setParameter("counters", Map.of("x", -7L)).executeUpdate());
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Arrays_.class, 5L).counters).containsOnly(Map.entry("x", -7L));
        }
    }
}
