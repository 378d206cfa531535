package dev.chorm.hibernate.jdbc;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.HibernateException;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.annotations.Formula;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link BulkRead} gives the entities Hibernate gives: every row of every type the bulk insert covers is
 * read through both paths and compared field by field (embeddables too); conditions bind their
 * parameters; an early close cancels; what it cannot map is refused when it is created.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkReadTest {

    /** Stored reversed: a converter whose two sides differ, so that a missing conversion shows. */
    static class Reversed implements AttributeConverter<String, String> {
        @Override
        public String convertToDatabaseColumn(String value) {
            return value == null ? null : new StringBuilder(value).reverse().toString();
        }

        @Override
        public String convertToEntityAttribute(String value) {
            return value == null ? null : new StringBuilder(value).reverse().toString();
        }
    }

    @Embeddable
    static class Place {
        String name;
        @Embedded
        BulkInsertTest.Address address;

        Place() {
        }

        Place(String name, BulkInsertTest.Address address) {
            this.name = name;
            this.address = address;
        }
    }

    @Entity(name = "Visit")
    @Table(name = "visit")
    static class Visit {
        @Id
        long id;
        @Convert(converter = Reversed.class)
        String secret;
        @Embedded
        Place place;
        int count;

        Visit() {
        }

        Visit(int i) {
            id = i;
            secret = i % 4 == 0 ? null : "s" + i + "-x";
            place = i % 5 == 0 ? null : new Place("p" + i, i % 3 == 0 ? null : new BulkInsertTest.Address("c" + i, i));
            count = i * 7;
        }
    }

    @Entity(name = "Owner")
    @Table(name = "owner")
    static class Owner {
        @Id
        long id;
    }

    @Entity(name = "Pet")
    @Table(name = "pet")
    static class Pet {
        @Id
        long id;
        @ManyToOne
        Owner owner;
    }

    @Entity(name = "Labelled")
    @Table(name = "labelled")
    static class Labelled {
        @Id
        long id;
        @ElementCollection
        Set<String> labels;
    }

    @Entity(name = "Computed")
    @Table(name = "computed")
    static class Computed {
        @Id
        long id;
        @Formula("id * 2")
        Long twice;
    }

    @Entity(name = "Restricted")
    @Table(name = "restricted")
    @org.hibernate.annotations.SQLRestriction("id > 0")
    static class Restricted {
        @Id
        long id;
    }

    private EntityManagerFactory factory;
    private SessionFactory sessions;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        factory = new HibernatePersistenceConfiguration("bulk-read")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("jakarta.persistence.schema-generation.database.action", "create")
                .managedClasses(RowBinaryBatchInsertsTest.Everything.class, BulkInsertTest.Shipment.class, Visit.class,
                        BulkInsertTest.Animal.class, BulkInsertTest.Dog.class, Owner.class, Pet.class, Labelled.class,
                        Computed.class, Restricted.class, BulkInsertTest.Fixed.class, BulkInsertTest.Single.class)
                .createEntityManagerFactory();
        sessions = factory.unwrap(SessionFactory.class);
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @BeforeEach
    void empty() {
        db.truncateAllTables();
    }

    @Test
    void everyTypeReadsBackAsHqlAndGetReadIt() {
        List<RowBinaryBatchInsertsTest.Everything> rows = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            rows.add(i % 3 == 0 ? RowBinaryBatchInsertsTest.nulls(i) : i % 3 == 1 ? RowBinaryBatchInsertsTest.ordinary(i)
                    : RowBinaryBatchInsertsTest.edges(i, i % 2 == 0));
        }
        insert(rows);

        List<RowBinaryBatchInsertsTest.Everything> bulk = readAll(RowBinaryBatchInsertsTest.Everything.class, e -> e.id);
        List<RowBinaryBatchInsertsTest.Everything> hql = hqlAll(RowBinaryBatchInsertsTest.Everything.class, e -> e.id);
        assertThat(bulk).hasSize(3000);
        assertSameEntities(bulk, hql);
        RowBinaryBatchInsertsTest.Everything edge = bulk.get(1);
        assertThat(edge.text).as("a value really read").isEqualTo(rows.get(1).text);
        assertThat(edge.addresses).isEqualTo(rows.get(1).addresses);
        assertThat(bulk.get(2).text).as("NULL read as null").isNull();
        try (StatelessSession session = sessions.openStatelessSession()) {
            for (int i = 0; i < bulk.size(); i += 97) {
                assertSameFields(session.get(RowBinaryBatchInsertsTest.Everything.class, bulk.get(i).id), bulk.get(i),
                        "Everything#" + bulk.get(i).id);
            }
        }
    }

    @Test
    void embeddedConvertedEnumAndServerComputedAttributesReadAsHqlReadsThem() {
        try (StatelessSession session = sessions.openStatelessSession()) {
            BulkInsert.insertAll(session, BulkInsertTest.Shipment.class,
                    IntStream.range(0, 600).mapToObj(BulkInsertTest.Shipment::new).toList());
        }
        List<BulkInsertTest.Shipment> bulk = readAll(BulkInsertTest.Shipment.class, s -> s.id);
        assertThat(bulk).hasSize(600);
        assertSameEntities(bulk, hqlAll(BulkInsertTest.Shipment.class, s -> s.id));
        assertThat(bulk).anySatisfy(s -> assertThat(s.address).as("an all-NULL embeddable is null").isNull());
        assertThat(bulk).allSatisfy(s -> {
            assertThat(s.codeLength).as("@Materialized read").isEqualTo(s.code == null ? null : (long) s.code.length());
            assertThat(s.created).as("@CreationTimestamp read").isNotNull();
        });
    }

    @Test
    void aConverterIsAppliedAndNestedEmbeddablesAreBuilt() {
        insert(IntStream.range(1, 501).mapToObj(Visit::new).toList());
        assertThat(db.queryLong("select count() from visit where secret = 'x-1s'")).as("stored reversed").isEqualTo(1);

        List<Visit> bulk = readAll(Visit.class, v -> v.id);
        assertSameEntities(bulk, hqlAll(Visit.class, v -> v.id));
        Visit first = bulk.get(0);
        assertThat(first.secret).isEqualTo("s1-x");
        assertThat(first.place.name).isEqualTo("p1");
        assertThat(first.place.address.city).isEqualTo("c1");
        assertThat(bulk.get(2).place.address).as("nested all-NULL embeddable").isNull();
        assertThat(bulk.get(4).place).isNull();
    }

    @Test
    void columnsHibernateReadsThroughAnExpressionAreReadThroughIt() {
        List<BulkInsertTest.Fixed> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BulkInsertTest.Fixed fixed = new BulkInsertTest.Fixed();
            fixed.id = i;
            fixed.code = i == 0 ? "ab" : i == 1 ? "abcd" : "";
            rows.add(fixed);
        }
        insert(rows);
        try (StatelessSession session = sessions.openStatelessSession()) {
            assertThat(BulkRead.of(session, BulkInsertTest.Fixed.class).sql()).as("FixedString without its padding")
                    .contains("toString(code)");
        }
        List<BulkInsertTest.Fixed> bulk = readAll(BulkInsertTest.Fixed.class, f -> f.id);
        assertSameEntities(bulk, hqlAll(BulkInsertTest.Fixed.class, f -> f.id));
        assertThat(bulk.get(0).code).isEqualTo("ab");
    }

    @Test
    void aConditionSelectsRowsWithParametersBoundByTheDriver() {
        insert(IntStream.range(1, 501).mapToObj(Visit::new).toList());
        try (StatelessSession session = sessions.openStatelessSession();
             Stream<Visit> visits = BulkRead.of(session, Visit.class)
                     .where("count >= ? and count < ? and name != ?", 70, 140, "p15").stream()) {
            assertThat(visits.map(v -> v.id).sorted().toList())
                    .as("10 has no place: NULL != 'p15' is not true")
                    .isEqualTo(List.of(11L, 12L, 13L, 14L, 16L, 17L, 18L, 19L));
        }
        String injection = "x' or 1 = 1 or secret = '";
        try (StatelessSession session = sessions.openStatelessSession();
             Stream<Visit> visits = BulkRead.of(session, Visit.class).where("name = ?", injection).stream()) {
            assertThat(visits).as("the parameter is a value, not SQL").isEmpty();
        }
        try (StatelessSession session = sessions.openStatelessSession();
             Stream<Visit> visits = BulkRead.of(session, Visit.class).where("secret is null").stream()) {
            assertThat(visits).hasSize(125).allSatisfy(v -> assertThat(v.secret).isNull());
        }
    }

    @Test
    void settingsAreAddedToTheQuery() {
        insert(IntStream.range(1, 11).mapToObj(Visit::new).toList());
        try (StatelessSession session = sessions.openStatelessSession()) {
            BulkRead<Visit> read = BulkRead.of(session, Visit.class).where("id > ?", 5)
                    .setting("max_threads", 1).setting("log_comment", "it's bulk");
            assertThat(read.sql()).endsWith(" from visit where id > ? settings max_threads = 1, log_comment = 'it\\'s bulk'");
            try (Stream<Visit> visits = read.stream()) {
                assertThat(visits).hasSize(5);
            }
            assertThatThrownBy(() -> read.setting("max_threads = 1; drop table visit", 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a setting name");
        }
    }

    @Test
    void closingTheStreamEarlyCancelsTheQueryAndTheSessionStaysUsable() {
        db.execute("insert into visit (id, count, name) select number, 1, 'p' from numbers(1000000)");
        try (StatelessSession session = sessions.openStatelessSession()) {
            long start;
            // reading it all would sleep 40 s (a block of at most 65,409 rows sleeps less than the server's 3 s limit)
            try (Stream<Visit> visits = BulkRead.of(session, Visit.class).where("sleepEachRow(?) = 0", 0.00004).stream()) {
                assertThat(visits.limit(10).count()).isEqualTo(10);
                start = System.nanoTime();
            }
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
            assertThat(session.createSelectionQuery("select count(*) from Visit", Long.class).getSingleResult()).isEqualTo(1_000_000);
            try (Stream<Visit> visits = BulkRead.of(session, Visit.class).where("id between ? and ?", 1, 3).stream()) {
                assertThat(visits).hasSize(3);
            }
        }
    }

    @Test
    void aStreamReadsWithinATransactionAndWithoutOne() {
        insert(IntStream.range(1, 101).mapToObj(Visit::new).toList());
        try (StatelessSession session = sessions.openStatelessSession()) {
            session.beginTransaction();
            try (Stream<Visit> visits = BulkRead.of(session, Visit.class).stream()) {
                assertThat(visits).hasSize(100);
            }
            session.getTransaction().commit();
        }
        try (var em = factory.createEntityManager();
             Stream<Visit> visits = BulkRead.of(em.unwrap(org.hibernate.Session.class), Visit.class).stream()) {
            assertThat(visits).hasSize(100);
        }
    }

    @Test
    void aBadConditionFailsWithTheServersError() {
        try (StatelessSession session = sessions.openStatelessSession()) {
            assertThatThrownBy(() -> BulkRead.of(session, Visit.class).where("no_such_column = ?", 1).stream().close())
                    .isInstanceOf(org.hibernate.JDBCException.class).hasMessageContaining("no_such_column");
            try (Stream<Visit> visits = BulkRead.of(session, Visit.class).stream()) {
                assertThat(visits).as("the session is still usable").isEmpty();
            }
        }
    }

    @Test
    void entitiesItCannotMapAreRefusedWithTheReason() {
        try (StatelessSession session = sessions.openStatelessSession()) {
            assertThatThrownBy(() -> BulkRead.of(session, BulkInsertTest.Dog.class)).isInstanceOf(HibernateException.class)
                    .hasMessageContaining("entity Dog").hasMessageContaining("inheritance");
            assertThatThrownBy(() -> BulkRead.of(session, Pet.class)).isInstanceOf(HibernateException.class)
                    .hasMessageContaining("entity Pet").hasMessageContaining("attribute owner is an association");
            assertThatThrownBy(() -> BulkRead.of(session, Labelled.class)).isInstanceOf(HibernateException.class)
                    .hasMessageContaining("entity Labelled").hasMessageContaining("attribute labels is a collection");
            assertThatThrownBy(() -> BulkRead.of(session, Computed.class)).isInstanceOf(HibernateException.class)
                    .hasMessageContaining("entity Computed").hasMessageContaining("attribute twice is a @Formula");
            assertThatThrownBy(() -> BulkRead.of(session, Restricted.class)).isInstanceOf(HibernateException.class)
                    .hasMessageContaining("entity Restricted").hasMessageContaining("@SQLRestriction");
            assertThat(BulkRead.of(session, BulkInsertTest.Single.class).sql()).isEqualTo("select id from single");
        }
    }

    // ------------------------------------------------------------------ helpers

    private void insert(List<?> entities) {
        try (StatelessSession session = sessions.openStatelessSession()) {
            session.beginTransaction();
            entities.forEach(session::insert);
            session.getTransaction().commit();
        }
    }

    private <T> List<T> readAll(Class<T> type, ToLongFunction<T> id) {
        try (StatelessSession session = sessions.openStatelessSession();
             Stream<T> rows = BulkRead.of(session, type).stream()) {
            return rows.sorted(Comparator.comparingLong(id)).toList();
        }
    }

    private <T> List<T> hqlAll(Class<T> type, ToLongFunction<T> id) {
        try (StatelessSession session = sessions.openStatelessSession()) {
            return session.createSelectionQuery("from " + sessions.getMetamodel().entity(type).getName(), type)
                    .getResultList().stream().sorted(Comparator.comparingLong(id)).toList();
        }
    }

    private static <T> void assertSameEntities(List<T> bulk, List<T> hql) {
        assertThat(bulk).hasSameSizeAs(hql);
        for (int i = 0; i < bulk.size(); i++) {
            assertSameFields(hql.get(i), bulk.get(i), bulk.get(i).getClass().getSimpleName() + " row " + i);
        }
    }

    /** Every field equal (arrays by content); entities and embeddables of the tests compared field by field. */
    private static void assertSameFields(Object expected, Object actual, String path) {
        if (expected == null || actual == null) {
            assertThat(actual).as(path).isEqualTo(expected);
            return;
        }
        assertThat(actual.getClass()).as(path).isEqualTo(expected.getClass());
        for (Field field : expected.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Object want;
            Object got;
            try {
                want = field.get(expected);
                got = field.get(actual);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            String where = path + "." + field.getName();
            if (want != null && want.getClass().getEnclosingClass() != null && !want.getClass().isEnum()
                    && want.getClass().getPackageName().equals(BulkReadTest.class.getPackageName())) {
                assertSameFields(want, got, where);
            } else {
                assertThat(Objects.deepEquals(want, got)).as(where + ": expected " + want + " but was " + got).isTrue();
            }
        }
    }
}
