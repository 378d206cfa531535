package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.schema.SchemaIntrospector;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Struct;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A JPA {@code @Embeddable} stored as ONE named ClickHouse {@code Tuple} column, through Hibernate's
 * aggregate embeddables: {@code @Struct} on the class, or {@code @JdbcTypeCode(SqlTypes.STRUCT)} on the
 * attribute. Fields are elements named after their columns, in declaration order; HQL and Criteria reach
 * them with {@code tupleElement}.
 */
@ClickHouseTest
class EmbeddableTupleTest {

    enum Kind { SHOP, KIOSK }

    @Embeddable
    @Struct(name = "Point")
    public static class Point {
        double x;
        double y;

        Point() {
        }

        Point(double x, double y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && Double.compare(p.x, x) == 0 && Double.compare(p.y, y) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(x, y);
        }
    }

    /** Nullable and not-null fields, and a nested @Struct embeddable (a nested Tuple). */
    @Embeddable
    @Struct(name = "Address")
    public static class Address {
        String street;
        @Column(nullable = false) String city;
        int zip;
        Point spot;

        Address() {
        }

        Address(String street, String city, int zip, Point spot) {
            this.street = street;
            this.city = city;
            this.zip = zip;
            this.spot = spot;
        }
    }

    /** No @Struct: one Tuple column only where the attribute says @JdbcTypeCode(SqlTypes.STRUCT). */
    @Embeddable
    public static class Details {
        LocalDate opened;
        Instant seen;
        Kind kind;
        @Column(precision = 10, scale = 2) BigDecimal price;
        UUID ref;
        List<String> tags = new ArrayList<>();
        @ColumnType("UInt8") short level;
    }

    @Entity(name = "Shop")
    static class Shop {
        @Id Long id;
        String name;
        Point location;
        Address address;
        @JdbcTypeCode(SqlTypes.STRUCT) Details details;
    }

    /** A record: its components in their order. */
    @Embeddable
    @Struct(name = "Size")
    public record Size(int width, int height) {
    }

    /** A record without @Struct: a Tuple where the attribute says STRUCT. */
    @Embeddable
    public record Ratio(int num, int den) {
    }

    @Entity(name = "Frame")
    static class Frame {
        @Id Long id;
        Size size;
        @JdbcTypeCode(SqlTypes.STRUCT) Ratio ratio;
    }

    /** The other types an element can have; edge values that a number literal or a text form would change. */
    @Embeddable
    @Struct(name = "Bag")
    public static class Bag {
        @Column(precision = 38, scale = 2) BigDecimal wide;
        BigInteger big;
        InetAddress ip;
        LocalDateTime at;
        LocalTime time;
        boolean flag;
        @LowCardinality String code;
        @ColumnType("FixedString(3)") String fixed;
        Duration duration;
        @Enumerated(EnumType.STRING) Kind kind;
    }

    @Entity(name = "Box")
    static class Box {
        @Id Long id;
        Bag bag;
    }

    private static EntityManagerFactory factory;
    private static final List<String> statements = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void createTable(TestDatabase db) {
        factory = new HibernatePersistenceConfiguration("tuples")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("jakarta.persistence.schema-generation.database.action", "create")
                .property("hibernate.session_factory.statement_inspector",
                        (org.hibernate.resource.jdbc.spi.StatementInspector) sql -> {
                            statements.add(sql);
                            return sql;
                        })
                .managedClass(Shop.class)
                .managedClass(Frame.class)
                .managedClass(Box.class)
                .createEntityManagerFactory();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @BeforeEach
    void empty(TestDatabase db) {
        db.truncateAllTables();
    }

    private static Shop shop(long id, String name, double x, double y) {
        Shop shop = new Shop();
        shop.id = id;
        shop.name = name;
        shop.location = new Point(x, y);
        shop.address = new Address(null, "Lyon", 69001, new Point(x * 10, y * 10));
        shop.details = new Details();
        return shop;
    }

    // ------------------------------------------------------------------ DDL

    @Test
    void theEmbeddableIsOneTupleColumnNamedAfterItsFieldsInDeclarationOrder(TestDatabase db) {
        assertThat(EngineSql.value(db, "SELECT arrayStringConcat(groupArray(name), ',') FROM (SELECT name FROM system.columns "
                + "WHERE database = currentDatabase() AND table = 'Shop' ORDER BY position)"))
                .as("no column per field").isEqualTo("id,address,details,location,name");
        assertThat(DefaultTypesTest.columnType(db, "Shop", "location")).isEqualTo("Tuple(x Float64, y Float64)");
    }

    @Test
    void fieldsFollowTheNullableRulesAndANestedEmbeddableIsANestedTuple(TestDatabase db) {
        assertThat(DefaultTypesTest.columnType(db, "Shop", "address"))
                .isEqualTo("Tuple(street Nullable(String), city String, zip Int32, spot Tuple(x Float64, y Float64))");
        assertThat(DefaultTypesTest.columnType(db, "Shop", "details"))
                .isEqualTo("Tuple(opened Nullable(Date32), seen Nullable(DateTime64(6, 'UTC')), "
                        + "kind Nullable(Enum8('SHOP' = 0, 'KIOSK' = 1)), price Nullable(Decimal(10, 2)), ref Nullable(UUID), "
                        + "tags Array(String), level UInt8)");
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void persistAndFindRoundTripEveryFieldExactly() {
        Shop shop = shop(1, "corner", 1.5, -0.0);
        shop.address.street = "1 rue de la Ré'publique";
        shop.details.opened = LocalDate.of(1900, 1, 1);
        shop.details.seen = Instant.parse("2299-12-31T23:59:59.999999Z");
        shop.details.kind = Kind.KIOSK;
        shop.details.price = new BigDecimal("12345678.90");
        shop.details.ref = UUID.fromString("0f4a7a4e-2c3b-4d5e-8f90-123456789abc");
        shop.details.tags = List.of("a", "日本", "");
        shop.details.level = 255;
        Jpa.inTransaction(factory, em -> em.persist(shop));

        try (EntityManager em = factory.createEntityManager()) {
            Shop read = em.find(Shop.class, 1L);
            assertThat(read.location).isEqualTo(new Point(1.5, -0.0));
            assertThat(Double.doubleToRawLongBits(read.location.y)).isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(read.address.street).isEqualTo("1 rue de la Ré'publique");
            assertThat(read.address.city).isEqualTo("Lyon");
            assertThat(read.address.zip).isEqualTo(69001);
            assertThat(read.address.spot).isEqualTo(new Point(15, -0.0));
            assertThat(read.details.opened).isEqualTo(LocalDate.of(1900, 1, 1));
            assertThat(read.details.seen).isEqualTo(Instant.parse("2299-12-31T23:59:59.999999Z"));
            assertThat(read.details.kind).isEqualTo(Kind.KIOSK);
            assertThat(read.details.price).isEqualTo(new BigDecimal("12345678.90"));
            assertThat(read.details.ref).isEqualTo(shop.details.ref);
            assertThat(read.details.tags).containsExactly("a", "日本", "");
            assertThat(read.details.level).isEqualTo((short) 255);
        }
    }

    @Test
    void everyOtherElementTypeRoundTripsExactly(TestDatabase db) throws Exception {
        assertThat(DefaultTypesTest.columnType(db, "Box", "bag")).isEqualTo("Tuple(wide Nullable(Decimal(38, 2)), big Nullable(Int256), "
                + "ip Nullable(IPv6), at Nullable(DateTime64(6)), time Nullable(Time64(6)), flag Bool, code LowCardinality(Nullable(String)), "
                + "fixed FixedString(3), duration Nullable(Decimal(21, 0)), kind Nullable(Enum8('SHOP' = 0, 'KIOSK' = 1)))");
        Box box = new Box();
        box.id = 1L;
        box.bag = new Bag();
        box.bag.wide = new BigDecimal("-123456789012345678901234567890123456.78");
        box.bag.big = new BigInteger("123456789012345678901234567890123456789012345678901234567890");
        box.bag.ip = InetAddress.getByName("10.1.2.3");
        box.bag.at = LocalDateTime.of(2299, 12, 31, 23, 59, 59, 999999000);
        box.bag.time = LocalTime.of(1, 2, 3, 456789000);
        box.bag.flag = true;
        box.bag.code = "lc";
        box.bag.fixed = "ab";
        box.bag.duration = Duration.ofSeconds(-3, 1500);
        box.bag.kind = Kind.KIOSK;
        Jpa.inTransaction(factory, em -> em.persist(box));

        try (EntityManager em = factory.createEntityManager()) {
            Bag read = em.find(Box.class, 1L).bag;
            assertThat(read.wide).isEqualTo(box.bag.wide);
            assertThat(read.big).isEqualTo(box.bag.big);
            assertThat(read.ip).isEqualTo(box.bag.ip).isInstanceOf(java.net.Inet4Address.class);
            assertThat(read.at).isEqualTo(box.bag.at);
            assertThat(read.time).isEqualTo(box.bag.time);
            assertThat(read.flag).isTrue();
            assertThat(read.code).isEqualTo("lc");
            assertThat(read.fixed).as("without the NUL padding").isEqualTo("ab");
            assertThat(read.duration).isEqualTo(box.bag.duration);
            assertThat(read.kind).isEqualTo(Kind.KIOSK);
        }
    }

    @Test
    void nullFieldsStayNull(TestDatabase db) {
        Jpa.inTransaction(factory, em -> em.persist(shop(1, "bare", 0, 0)));

        assertThat(EngineSql.value(db, "SELECT toString(details) FROM Shop")).isEqualTo("(NULL,NULL,NULL,NULL,NULL,[],0)");
        try (EntityManager em = factory.createEntityManager()) {
            Shop read = em.find(Shop.class, 1L);
            assertThat(read.address.street).isNull();
            assertThat(read.details.opened).isNull();
            assertThat(read.details.kind).isNull();
            assertThat(read.details.tags).isEmpty();
        }
    }

    @Test
    void aChangedFieldIsUpdatedAndMergeWritesADetachedChange(TestDatabase db) {
        Jpa.inTransaction(factory, em -> em.persist(shop(1, "corner", 1, 2)));

        Jpa.inTransaction(factory, em -> em.find(Shop.class, 1L).location.x = 7);
        assertThat(EngineSql.value(db, "SELECT toString(location) FROM Shop")).isEqualTo("(7,2)");

        Shop detached;
        try (EntityManager em = factory.createEntityManager()) {
            detached = em.find(Shop.class, 1L);
        }
        detached.address = new Address("2 quai", "Paris", 75001, new Point(-1, -2));
        Jpa.inTransaction(factory, em -> em.merge(detached));
        assertThat(EngineSql.value(db, "SELECT toString(address) FROM Shop")).isEqualTo("('2 quai','Paris',75001,(-1,-2))");
        assertThat(EngineSql.value(db, "SELECT toString(location) FROM Shop")).isEqualTo("(7,2)");
    }

    /** ClickHouse cannot assign one element of a tuple: the update writes the whole tuple, keeping the other elements. */
    @Test
    void anHqlUpdateOfFieldsRewritesTheTupleKeepingTheOtherFields(TestDatabase db) {
        Jpa.inTransaction(factory, em -> em.persist(shop(1, "corner", 5, 2)));

        statements.clear();
        Jpa.inTransaction(factory, em -> em.createQuery("update Shop s set s.location.y = s.location.x + 1, s.location.x = 0")
                .executeUpdate());
        Jpa.inTransaction(factory, em -> em.createQuery("update Shop s set s.address.spot.x = :x where s.address.city = 'Lyon'")
                .setParameter("x", -1.0).executeUpdate());

        assertThat(EngineSql.value(db, "SELECT toString((location, address)) FROM Shop")).isEqualTo("((0,6),(NULL,'Lyon',69001,(-1,20)))");
        assertThat(statements.get(0)).contains("location=CAST(tuple(0,(tupleElement(location,'x')+1)),'Tuple(x Float64, y Float64)')");
    }

    @Test
    void removeDeletesTheRow(TestDatabase db) {
        Jpa.inTransaction(factory, em -> em.persist(shop(1, "corner", 1, 2)));

        Jpa.inTransaction(factory, em -> em.remove(em.find(Shop.class, 1L)));

        assertThat(db.queryLong("SELECT count() FROM Shop")).isZero();
    }

    @Test
    void aStatelessSessionInsertsAndReadsTheTuple(TestDatabase db) {
        try (StatelessSession session = factory.unwrap(SessionFactory.class).openStatelessSession()) {
            session.beginTransaction();
            session.insert(shop(1, "one", 1, 2));
            session.insert(shop(2, "two", 3, 4));
            session.getTransaction().commit();
            assertThat(session.get(Shop.class, 2L).location).isEqualTo(new Point(3, 4));
        }

        assertThat(EngineSql.value(db, "SELECT arrayStringConcat(groupArray(toString(location)), ' ') FROM (SELECT location FROM Shop ORDER BY id)"))
                .isEqualTo("(1,2) (3,4)");
    }

    /** ClickHouse refuses Nullable(Tuple) by default, so a null embeddable is refused before sending. */
    @Test
    void aNullEmbeddableIsRefusedBeforeSendingAndNothingIsWritten(TestDatabase db) {
        Shop ok = shop(1, "ok", 1, 2);
        Shop bad = shop(2, "bad", 1, 2);
        bad.location = null;

        assertThatThrownBy(() -> Jpa.inTransaction(factory, em -> {
            em.persist(ok);
            em.persist(bad);
        })).hasStackTraceContaining("Entity Shop, attribute location: ").hasStackTraceContaining("null");
        assertThat(db.queryLong("SELECT count() FROM Shop")).isZero();
    }

    @Test
    void aFieldValueOutOfItsTypeIsRefusedNamingTheField(TestDatabase db) {
        Shop bad = shop(1, "bad", 1, 2);
        bad.details.level = 256;

        assertThatThrownBy(() -> Jpa.inTransaction(factory, em -> em.persist(bad)))
                .hasStackTraceContaining("Entity Shop, attribute details: value ")
                .hasStackTraceContaining("has in level value 256 is outside UInt8 (0..255)");
        assertThat(db.queryLong("SELECT count() FROM Shop")).isZero();
    }

    // ------------------------------------------------------------------ queries

    @Test
    void hqlFiltersOnAFieldAndSelectsTheEmbeddable() {
        Jpa.inTransaction(factory, em -> {
            em.persist(shop(1, "west", -3, 0.5));
            em.persist(shop(2, "east", 4, 1.5));
            em.persist(shop(3, "far east", 9, 2.5));
        });

        try (EntityManager em = factory.createEntityManager()) {
            statements.clear();
            assertThat(em.createQuery("select s.name from Shop s where s.location.x > 1 order by s.id", String.class)
                    .getResultList()).containsExactly("east", "far east");
            assertThat(statements).singleElement().asString().contains("where tupleElement(s1_0.location,'x')>");
            assertThat(em.createQuery("select s.name from Shop s where s.address.spot.y = 25", String.class)
                    .getResultList()).containsExactly("far east");
            assertThat(em.createQuery("select s.location from Shop s where s.id = 2", Point.class).getSingleResult())
                    .isEqualTo(new Point(4, 1.5));
            assertThat(em.createQuery("select s.address.spot from Shop s where s.id = 1", Point.class).getSingleResult())
                    .isEqualTo(new Point(-30, 5));
            assertThat(em.createQuery("select s.location.y from Shop s order by s.location.x desc", Double.class)
                    .getResultList()).containsExactly(2.5, 1.5, 0.5);
            assertThat(em.createQuery("select max(s.address.zip) from Shop s", Integer.class).getSingleResult())
                    .isEqualTo(69001);
        }
    }

    @Test
    void criteriaFiltersOnAField() {
        Jpa.inTransaction(factory, em -> {
            em.persist(shop(1, "west", -3, 0.5));
            em.persist(shop(2, "east", 4, 1.5));
        });

        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Shop> query = cb.createQuery(Shop.class);
            Root<Shop> shop = query.from(Shop.class);
            query.select(shop).where(cb.gt(shop.get("location").get("x"), 1.0));

            List<Shop> found = em.createQuery(query).getResultList();

            assertThat(found).extracting(s -> s.name).containsExactly("east");
            assertThat(found.get(0).location).isEqualTo(new Point(4, 1.5));

            CriteriaQuery<Point> points = cb.createQuery(Point.class);
            Root<Shop> from = points.from(Shop.class);
            points.select(from.get("location")).where(cb.lt(from.get("location").get("y"), 1.0));
            assertThat(em.createQuery(points).getResultList()).containsExactly(new Point(-3, 0.5));
        }
    }

    @Test
    void aRecordIsATupleOfItsComponentsInTheirOrder(TestDatabase db) {
        assertThat(DefaultTypesTest.columnType(db, "Frame", "size")).isEqualTo("Tuple(width Int32, height Int32)");
        assertThat(DefaultTypesTest.columnType(db, "Frame", "ratio")).isEqualTo("Tuple(num Int32, den Int32)");
        Frame frame = new Frame();
        frame.id = 1L;
        frame.size = new Size(640, 480);
        frame.ratio = new Ratio(4, 3);
        Jpa.inTransaction(factory, em -> em.persist(frame));

        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Frame.class, 1L).size).isEqualTo(new Size(640, 480));
            assertThat(em.find(Frame.class, 1L).ratio).isEqualTo(new Ratio(4, 3));
            assertThat(em.createQuery("select f.size from Frame f where f.size.height < f.size.width", Size.class).getResultList())
                    .containsExactly(new Size(640, 480));
        }
    }

    // ------------------------------------------------------------------ schema tools

    @Test
    void schemaValidationAcceptsTheTableSchemaExportCreated(TestDatabase db) throws Exception {
        try (Connection connection = db.openConnection()) {
            TableDefinition table = SchemaIntrospector.table(connection, db.name(), "Shop").orElseThrow();
            assertThat(table.column("location")).get().extracting(c -> c.type().render()).isEqualTo("Tuple(x Float64, y Float64)");
        }
        assertThatCode(() -> new HibernatePersistenceConfiguration("validate")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("hibernate.hbm2ddl.auto", "validate")
                .managedClass(Shop.class)
                .createEntityManagerFactory().close()).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ mappings that cannot work

    @Embeddable
    public static class Plain {
        String city;
        int zip;
    }

    @Entity(name = "MarkedShop")
    static class MarkedShop {
        @Id Long id;
        @Composite Plain address;
    }

    @Test
    void compositeOnAnEmbeddableIsRefusedAtStartupWithTheFix(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "create", MarkedShop.class).close())
                .hasStackTraceContaining("Entity MarkedShop, attribute address: @Composite on the @Embeddable class Plain has no effect")
                .hasStackTraceContaining("annotate Plain with @Struct(name = \"Plain\")");
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'MarkedShop'"))
                .as("nothing was created").isZero();
    }

    @Entity(name = "Owner")
    static class Owner {
        @Id Long id;
    }

    @Embeddable
    @Struct(name = "Ownership")
    public static class Ownership {
        String note;
        @ManyToOne Owner owner;
    }

    @Entity(name = "OwnedShop")
    static class OwnedShop {
        @Id Long id;
        Ownership ownership;
    }

    @Test
    void anAssociationInsideATupleFailsAtStartupNamingEntityAttributeAndField(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "create", OwnedShop.class, Owner.class).close())
                .hasStackTraceContaining("Entity OwnedShop, attribute ownership, field owner (Tuple column OwnedShop.ownership): "
                        + "an association cannot be an element of a ClickHouse Tuple");
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'OwnedShop'"))
                .as("nothing was created").isZero();
    }

    @Embeddable
    @Struct(name = "Outer")
    public static class Outer {
        Plain inner;
    }

    @Entity(name = "NestedShop")
    static class NestedShop {
        @Id Long id;
        Outer outer;
    }

    @Test
    void aNestedEmbeddableThatIsNoTupleFailsAtStartupWithTheFix(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "create", NestedShop.class).close())
                .hasStackTraceContaining("Entity NestedShop, attribute outer, field inner (Tuple column NestedShop.outer): "
                        + "the embeddable Plain inside a Tuple column must be a Tuple too; annotate it with @Struct(name = \"Plain\")");
    }

    @Embeddable
    @Struct(name = "Blob")
    public static class Blob {
        byte[] data;
    }

    @Entity(name = "Upload")
    static class Upload {
        @Id Long id;
        Blob blob;
    }

    @Test
    void binaryDataInsideATupleFailsAtStartupNamingEntityAttributeAndField(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "create", Upload.class).close())
                .hasStackTraceContaining("Entity Upload, attribute blob, field data (Tuple column Upload.blob): "
                        + "binary data cannot be an element of a ClickHouse Tuple");
    }

    @Embeddable
    @Struct(name = "Reading")
    public static class Reading {
        @ColumnType("UInt64") int count;
    }

    @Entity(name = "Meter")
    static class Meter {
        @Id Long id;
        Reading reading;
    }

    @Test
    void aFieldTypeThatCannotHoldItsElementFailsAtStartupNamingEntityAttributeAndField(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "create", Meter.class).close())
                .hasStackTraceContaining("Entity Meter, attribute reading, field count (Tuple column Meter.reading): "
                        + "@ColumnType(\"UInt64\") does not fit the Java type int");
    }
}
