package dev.chorm.hibernate.jdbc;

import dev.chorm.hibernate.annotations.Alias;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Materialized;
import dev.chorm.hibernate.id.SnowflakeId;
import dev.chorm.hibernate.type.InvalidValueException;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.hibernate.HibernateException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link BulkInsert} writes what {@code StatelessSession.insert} writes: every row is written once
 * through each path and the server's own rendering of the two copies is compared; bad values are
 * refused with the entity, the attribute and the value, and nothing of their block is written.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkInsertTest {

    enum Color { RED, GREEN, BLUE }

    @Embeddable
    static class Address {
        String city;
        Integer zip;

        Address() {
        }

        Address(String city, Integer zip) {
            this.city = city;
            this.zip = zip;
        }
    }

    /** Stored upper-case: a converter the bulk path must apply as Hibernate does. */
    static class UpperCase implements AttributeConverter<String, String> {
        @Override
        public String convertToDatabaseColumn(String value) {
            return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public String convertToEntityAttribute(String value) {
            return value;
        }
    }

    @Entity(name = "Shipment")
    @Table(name = "shipment")
    static class Shipment {
        @Id
        @SnowflakeId
        Long id;
        @Embedded
        Address address;
        @Enumerated(EnumType.STRING)
        Color named;
        Color ordinal;
        @Convert(converter = UpperCase.class)
        String code;
        @Materialized("length(code)")
        Long codeLength;
        @Alias("lower(toString(named))")
        String namedUpper;
        @Column(nullable = false)
        Instant at;
        @ColumnType("UInt8")
        short small;
        @CreationTimestamp
        Instant created;
        List<String> tags;

        Shipment() {
        }

        Shipment(int i) {
            address = i % 4 == 0 ? null : new Address("city " + i, i % 3 == 0 ? null : 10_000 + i);
            named = i % 5 == 0 ? null : Color.values()[i % 3];
            ordinal = Color.values()[(i + 1) % 3];
            code = i % 6 == 0 ? null : "c" + i;
            at = Instant.parse("2026-11-22T10:00:00Z").plusNanos(i * 1_001_000L);
            small = (short) (i % 256);
            tags = List.of("t" + i % 3);
        }
    }

    @Entity(name = "Tagged")
    @Table(name = "tagged")
    static class Tagged {
        @Id
        @GeneratedValue
        UUID id;
        int n;

        Tagged() {
        }

        Tagged(int n) {
            this.n = n;
        }
    }

    @Entity(name = "Animal")
    @Inheritance(strategy = InheritanceType.SINGLE_TABLE)
    static class Animal {
        @Id
        long id;
    }

    @Entity(name = "Dog")
    static class Dog extends Animal {
        String name;
    }

    @Entity(name = "Fixed")
    @Table(name = "fixed")
    static class Fixed {
        @Id
        long id;
        @ColumnType("FixedString(4)")
        String code;
    }

    @Entity(name = "Local")
    @Table(name = "local_times")
    static class Local {
        @Id
        long id;
        LocalDateTime at;
    }

    private static final List<String> SHIPMENT_COLUMNS = List.of("city", "zip", "named", "ordinal",
            "code", "codeLength", "namedUpper", "at", "small", "tags");

    private EntityManagerFactory factory;
    private SessionFactory sessions;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        factory = new HibernatePersistenceConfiguration("bulk")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("jakarta.persistence.schema-generation.database.action", "create")
                .managedClasses(RowBinaryBatchInsertsTest.Everything.class, Shipment.class, Tagged.class, Animal.class,
                        Dog.class, Fixed.class, Local.class, Single.class)
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
    void everyTypeWrittenInBulkReadsBackAsStatelessSessionInsertWritesIt() throws Exception {
        List<RowBinaryBatchInsertsTest.Everything> rows = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            rows.add(i % 3 == 0 ? RowBinaryBatchInsertsTest.nulls(i) : i % 3 == 1 ? RowBinaryBatchInsertsTest.ordinary(i)
                    : RowBinaryBatchInsertsTest.edges(i, i % 2 == 0));
        }
        try (StatelessSession session = sessions.openStatelessSession()) {
            long written = BulkInsert.insertAll(session, RowBinaryBatchInsertsTest.Everything.class,
                    rows.stream().map(row -> RowBinaryBatchInsertsTest.copy(row, 0)).toList());
            assertThat(written).isEqualTo(3000);
            session.beginTransaction();
            rows.forEach(row -> session.insert(RowBinaryBatchInsertsTest.copy(row, 100_000)));
            session.getTransaction().commit();
        }
        List<String> bulk = render("everything", RowBinaryBatchInsertsTest.COLUMNS, "id < 100000");
        assertThat(bulk).hasSize(3000);
        assertThat(bulk).containsExactlyElementsOf(render("everything", RowBinaryBatchInsertsTest.COLUMNS, "id >= 100000"));
    }

    @Test
    void embeddedConvertedEnumAndGeneratedAttributesAreWrittenAsTheNormalPathWritesThem() throws Exception {
        List<Shipment> bulk = IntStream.range(0, 500).mapToObj(Shipment::new).toList();
        List<Shipment> normal = IntStream.range(0, 500).mapToObj(Shipment::new).toList();
        try (StatelessSession session = sessions.openStatelessSession()) {
            try (BulkInsert<Shipment> insert = BulkInsert.of(session, Shipment.class)) {
                insert.addAll(bulk.stream());
            }
            session.beginTransaction();
            normal.forEach(session::insert);
            session.getTransaction().commit();
        }
        assertThat(bulk).allSatisfy(s -> {
            assertThat(s.id).as("Snowflake id given to the entity").isNotNull();
            assertThat(s.created).as("@CreationTimestamp set").isNotNull();
        });
        assertThat(bulk.stream().map(s -> s.id).distinct()).hasSize(500);
        String bulkIds = "id IN (" + String.join(",", bulk.stream().map(s -> s.id.toString()).toList()) + ")";
        String normalIds = "id IN (" + String.join(",", normal.stream().map(s -> s.id.toString()).toList()) + ")";
        List<String> bulkRows = render("shipment", SHIPMENT_COLUMNS, bulkIds);
        assertThat(bulkRows).hasSize(500);
        assertThat(bulkRows).containsExactlyInAnyOrderElementsOf(render("shipment", SHIPMENT_COLUMNS, normalIds));
        assertThat(db.queryLong("SELECT count() FROM shipment WHERE code = 'C7' AND codeLength = 2"))
                .as("converter applied, MATERIALIZED computed by the server").isEqualTo(2);
        assertThat(db.queryLong("SELECT countIf(created IS NULL) FROM shipment")).isZero();
    }

    @Test
    void generatedUuidIdsAreAssignedToTheEntities() {
        List<Tagged> rows = IntStream.range(0, 10).mapToObj(Tagged::new).toList();
        try (StatelessSession session = sessions.openStatelessSession()) {
            BulkInsert.insertAll(session, Tagged.class, rows);
        }
        assertThat(rows).allSatisfy(t -> assertThat(t.id).isNotNull());
        assertThat(db.queryLong("SELECT count() FROM tagged WHERE id = '" + rows.get(3).id + "' AND n = 3")).isEqualTo(1);
    }

    @Test
    void aBadValueNamesTheEntityAttributeAndValueAndNothingOfTheCallIsWritten() {
        List<Shipment> rows = IntStream.range(0, 1000).mapToObj(Shipment::new).toList();
        rows.get(700).at = null; // NOT NULL column
        try (StatelessSession session = sessions.openStatelessSession()) {
            InvalidValueException refused = catchThrowableOfType(InvalidValueException.class,
                    () -> BulkInsert.insertAll(session, Shipment.class, rows));
            assertThat(refused.entity()).isEqualTo("Shipment");
            assertThat(refused.attribute()).isEqualTo("at");
            assertThat(refused).hasMessageContaining("null, but the column type DateTime64(6, 'UTC') is not Nullable")
                    .hasMessageContaining("0 rows of earlier blocks were written");
        }
        assertThat(db.queryLong("SELECT count() FROM shipment")).isZero();
    }

    @Test
    void withSmallerBlocksTheBlocksBeforeTheBadRowStayWrittenAndTheErrorSaysHowMany() {
        List<Shipment> rows = IntStream.range(0, 1000).mapToObj(Shipment::new).toList();
        rows.get(750).address = new Address("x", null);
        rows.get(750).small = 300; // UInt8
        try (StatelessSession session = sessions.openStatelessSession();
             BulkInsert<Shipment> insert = BulkInsert.of(session, Shipment.class).blockRows(300)) {
            assertThatThrownBy(() -> insert.addAll(rows))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("Entity Shipment, attribute small: value 300 is outside UInt8 (0..255)")
                    .hasMessageContaining("Nothing of its block (this entity and the 150 added before it) was stored")
                    .hasMessageContaining("600 rows of earlier blocks were written");
            assertThat(insert.rowsWritten()).isEqualTo(600);
            assertThatThrownBy(() -> insert.add(new Shipment(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
        assertThat(db.queryLong("SELECT count() FROM shipment")).isEqualTo(600);
    }

    @Test
    void aBadRowAfterMegabytesOfItsBlockWereStreamedStillLeavesNothingOfThatBlock() {
        try (StatelessSession session = sessions.openStatelessSession();
             BulkInsert<RowBinaryBatchInsertsTest.Everything> insert =
                     BulkInsert.of(session, RowBinaryBatchInsertsTest.Everything.class).blockRows(100_000)) {
            insert.addAll(IntStream.range(0, 100_000).mapToObj(i -> RowBinaryBatchInsertsTest.ordinary(i)));
            RowBinaryBatchInsertsTest.Everything bad = RowBinaryBatchInsertsTest.ordinary(200_000);
            bad.u8 = (short) -1;
            assertThatThrownBy(() -> insert.addAll(Stream.concat(
                    IntStream.range(100_000, 180_000).mapToObj(i -> RowBinaryBatchInsertsTest.ordinary(i)), Stream.of(bad))))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("attribute u8: value -1 is outside UInt8")
                    .hasMessageContaining("this entity and the 80000 added before it")
                    .hasMessageContaining("100000 rows of earlier blocks were written");
        }
        sleep(1000); // a server that stored the aborted rows after all would show them by now
        assertThat(db.queryLong("SELECT count() FROM everything")).isEqualTo(100_000);
        assertThat(db.queryLong("SELECT max(id) FROM everything")).isEqualTo(99_999);
    }

    @Test
    void aValueTheColumnWouldRoundIsRefusedInsteadOfRounded() {
        Shipment fine = new Shipment(1);
        fine.at = Instant.parse("2026-11-22T10:15:30.123456789Z"); // DateTime64(6) holds micros
        try (StatelessSession session = sessions.openStatelessSession()) {
            assertThatThrownBy(() -> BulkInsert.insertAll(session, Shipment.class, List.of(new Shipment(0), fine)))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("attribute at: 2026-11-22T10:15:30.123456789Z (Instant) cannot be written exactly")
                    .hasMessageContaining("StatelessSession.insert");
        }
        assertThat(db.queryLong("SELECT count() FROM shipment")).isZero();
    }

    @Test
    void aLargeStreamGoesInBlocksAndEveryRowArrives() {
        try (StatelessSession session = sessions.openStatelessSession();
             BulkInsert<RowBinaryBatchInsertsTest.Everything> insert =
                     BulkInsert.of(session, RowBinaryBatchInsertsTest.Everything.class).blockRows(40_000)) {
            insert.addAll(IntStream.range(0, 150_000).mapToObj(i -> RowBinaryBatchInsertsTest.ordinary(i)));
            insert.flush();
            assertThat(insert.rowsWritten()).isEqualTo(150_000);
        }
        assertThat(db.queryLong("SELECT count() FROM everything")).isEqualTo(150_000);
        assertThat(db.queryLong("SELECT sum(medium) FROM everything")).isEqualTo(149_999L * 150_000 / 2);
        assertThat(db.queryLong("SELECT uniqExact(id) FROM everything")).isEqualTo(150_000);
    }

    @Test
    void insideATransactionAndThroughAnEntityManagerSessionItWritesAsWell() {
        try (StatelessSession session = sessions.openStatelessSession()) {
            session.beginTransaction();
            BulkInsert.insertAll(session, Tagged.class, List.of(new Tagged(1), new Tagged(2)));
            session.getTransaction().commit();
        }
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            BulkInsert.insertAll(em.unwrap(Session.class), Tagged.class, List.of(new Tagged(3)));
            em.getTransaction().commit();
        }
        assertThat(db.queryLong("SELECT sum(n) FROM tagged")).isEqualTo(6);
    }

    @Test
    void theDeduplicationTokenMakesARetriedBulkInsertWriteOnce() {
        db.execute("ALTER TABLE tagged MODIFY SETTING non_replicated_deduplication_window = 100");
        try (StatelessSession session = sessions.openStatelessSession()) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try (BulkInsert<Tagged> insert = BulkInsert.of(session, Tagged.class).blockRows(3)
                        .deduplicationToken("import-2026-11-22")) {
                    IntStream.range(0, 7).forEach(i -> insert.add(new Tagged(i)));
                }
            }
            try (BulkInsert<Tagged> other = BulkInsert.of(session, Tagged.class).deduplicationToken("another-import")) {
                other.add(new Tagged(100));
            }
        } finally {
            db.execute("ALTER TABLE tagged MODIFY SETTING non_replicated_deduplication_window = 0");
        }
        assertThat(db.queryLong("SELECT count() FROM tagged")).isEqualTo(8);
    }

    @Test
    void settingsReachTheServerWithTheInsert() {
        try (StatelessSession session = sessions.openStatelessSession()) {
            try (BulkInsert<Tagged> insert = BulkInsert.of(session, Tagged.class).setting("insert_deduplicate", false)) {
                IntStream.range(0, 3).forEach(i -> insert.add(new Tagged(i)));
            }
            assertThatThrownBy(() -> {
                try (BulkInsert<Tagged> refused = BulkInsert.of(session, Tagged.class).setting("no_such_setting", 1)) {
                    refused.add(new Tagged(9));
                }
            }).hasStackTraceContaining("no_such_setting");
            assertThatThrownBy(() -> BulkInsert.of(session, Tagged.class).setting("x = 1; drop", 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a setting");
        }
        assertThat(db.queryLong("SELECT count() FROM tagged")).isEqualTo(3);
    }

    @Test
    void aServerErrorBecomesTheSameHibernateExceptionAsOnTheNormalPath() {
        db.execute("ALTER TABLE tagged ADD CONSTRAINT positive CHECK n > 0");
        try (StatelessSession session = sessions.openStatelessSession()) {
            ConstraintViolationException violation = catchThrowableOfType(ConstraintViolationException.class,
                    () -> BulkInsert.insertAll(session, Tagged.class, List.of(new Tagged(1), new Tagged(-1))));
            assertThat(violation.getConstraintName()).isEqualTo("positive");
            assertThat(violation.getSQLException().getErrorCode()).isEqualTo(469);
        } finally {
            db.execute("ALTER TABLE tagged DROP CONSTRAINT positive");
        }
        assertThat(db.queryLong("SELECT count() FROM tagged")).isZero();
    }

    @Test
    void entitiesItCannotWriteAreRefusedWhenCreatedWithTheReason() {
        try (StatelessSession session = sessions.openStatelessSession()) {
            assertThatThrownBy(() -> BulkInsert.of(session, Dog.class)).isInstanceOf(HibernateException.class)
                    .hasMessageContaining("BulkInsert cannot write entity Dog: it is part of an inheritance hierarchy");
            assertThatThrownBy(() -> BulkInsert.of(session, Fixed.class)).isInstanceOf(HibernateException.class)
                    .hasMessageContaining("column code (attribute code) has the type FixedString(4)")
                    .hasMessageContaining("StatelessSession.insert");
        }
    }

    @Test
    void aLocalDateTimeIsRefusedBecauseOnlyTheDriversTextPathStoresItAsTheNormalInsertDoes() {
        Local local = new Local();
        local.id = 1;
        local.at = LocalDateTime.of(2026, 11, 22, 10, 0);
        try (StatelessSession session = sessions.openStatelessSession()) {
            assertThatThrownBy(() -> BulkInsert.insertAll(session, Local.class, List.of(local)))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("Entity Local, attribute at: 2026-11-22T10:00 (LocalDateTime) cannot be written exactly");
            Local empty = new Local();
            empty.id = 2;
            BulkInsert.insertAll(session, Local.class, List.of(empty));
        }
        assertThat(db.queryLong("SELECT count() FROM local_times WHERE at IS NULL")).isEqualTo(1);
    }

    @Test
    void aTableOfOneColumnIsSentWhenItsBlockIsCompleteSoAFailureLeavesNothing() {
        List<Single> rows = new ArrayList<>();
        for (long i = 1; i <= 5; i++) {
            rows.add(new Single(i));
        }
        rows.add(new Single(null));
        try (StatelessSession session = sessions.openStatelessSession()) {
            assertThatThrownBy(() -> BulkInsert.insertAll(session, Single.class, rows)).isInstanceOf(HibernateException.class);
            sleep(500);
            assertThat(db.queryLong("SELECT count() FROM single")).isZero();
            assertThat(BulkInsert.insertAll(session, Single.class, rows.subList(0, 5))).isEqualTo(5);
        }
        assertThat(db.queryLong("SELECT sum(id) FROM single")).isEqualTo(15);
    }

    @Entity(name = "Single")
    @Table(name = "single")
    static class Single {
        @Id
        Long id;

        Single() {
        }

        Single(Long id) {
            this.id = id;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> render(String table, List<String> columns, String where) throws Exception {
        List<String> rows = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append("concat('").append(columns.get(i)).append("=', ifNull(toString(`")
                    .append(columns.get(i)).append("`), 'NULL'), ' ')");
        }
        select.append(" FROM ").append(table).append(" WHERE ").append(where).append(" ORDER BY id");
        try (Connection connection = db.openConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(select.toString())) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns.size(); i++) {
                    row.append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
