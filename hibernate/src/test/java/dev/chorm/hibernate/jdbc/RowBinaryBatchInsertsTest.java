package dev.chorm.hibernate.jdbc;

import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * chorm's RowBinary batch inserts store exactly what the driver's SQL-text path stores: every row is
 * written once through each path (the same values, ids apart) and the server's own rendering of the
 * two copies is compared column by column.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowBinaryBatchInsertsTest {

    enum Color { RED, GREEN, BLUE }

    @Entity(name = "Everything")
    @Table(name = "everything")
    static class Everything {
        @Id
        long id;
        Byte tiny;
        Short small;
        Integer medium;
        Long big;
        @ColumnType("Nullable(UInt8)")
        Short u8;
        @ColumnType("Nullable(UInt32)")
        Long u32;
        @ColumnType("Nullable(UInt64)")
        BigInteger u64;
        BigInteger i256;
        Float f32;
        Double f64;
        @Column(precision = 18, scale = 4)
        BigDecimal dec;
        @ColumnType("Nullable(Decimal(76, 10))")
        BigDecimal wide;
        Boolean flag;
        String text;
        @LowCardinality
        String low;
        byte[] bytes;
        UUID uuid;
        LocalDate day;
        @ColumnType("Nullable(Date)")
        LocalDate shortDay;
        Instant at;
        @ColumnType("Nullable(DateTime64(3, 'Europe/Paris'))")
        Instant paris;
        @ColumnType("Nullable(DateTime('Asia/Tokyo'))")
        Instant tokyo;
        @ColumnType("Nullable(DateTime64(9, 'America/New_York'))")
        OffsetDateTime offset;
        LocalDateTime local;
        Inet4Address v4;
        InetAddress v6;
        Color color;
        @Enumerated(EnumType.STRING)
        Color named;
        List<String> tags;
        @ColumnType("Array(Nullable(Int32))")
        List<Integer> nullableInts;
        @Composite
        Map<String, Long> counts;
        @Composite
        @ColumnType("Map(LowCardinality(String), IPv6)")
        Map<String, InetAddress> addresses;
    }

    static final List<String> COLUMNS = List.of("tiny", "small", "medium", "big", "u8", "u32", "u64", "i256",
            "f32", "f64", "dec", "wide", "flag", "text", "low", "bytes", "uuid", "day", "shortDay", "at", "paris",
            "tokyo", "offset", "local", "v4", "v6", "color", "named", "tags", "nullableInts", "counts", "addresses");

    private EntityManagerFactory fast;
    private EntityManagerFactory driverPath;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        fast = factory(db, "create", true);
        driverPath = factory(db, null, false);
    }

    @AfterAll
    void stop() {
        fast.close();
        driverPath.close();
    }

    @BeforeEach
    void empty() {
        db.truncateAllTables();
    }

    private static EntityManagerFactory factory(TestDatabase db, String schemaAction, boolean rowBinary) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("rowbinary-" + rowBinary)
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property(RowBinaryBatchInserts.SETTING, String.valueOf(rowBinary))
                .managedClass(Everything.class);
        if (schemaAction != null) {
            configuration.property("jakarta.persistence.schema-generation.database.action", schemaAction);
        }
        return configuration.createEntityManagerFactory();
    }

    @Test
    void edgeValuesOfEveryTypeAreStoredAsTheDriverStoresThem() throws Exception {
        List<Everything> rows = List.of(edges(1, true), edges(2, false), nulls(3), ordinary(4));

        long sentBefore = RowBinaryBatchInserts.BATCHES_SENT.sum();
        persistAll(fast, rows, 0);
        assertThat(RowBinaryBatchInserts.BATCHES_SENT.sum()).as("the batch went as RowBinary").isEqualTo(sentBefore + 1);
        persistAll(driverPath, rows, 1000);
        assertThat(RowBinaryBatchInserts.BATCHES_SENT.sum()).as("the switch turns the fast path off").isEqualTo(sentBefore + 1);

        assertSameRows(rows.size(), 1000);
    }

    @Test
    void aStatelessSessionBatchGoesAsRowBinaryAndReadsBackExactly() throws Exception {
        List<Everything> rows = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            rows.add(i % 3 == 0 ? nulls(i) : i % 3 == 1 ? ordinary(i) : edges(i, i % 2 == 0));
        }
        long sentBefore = RowBinaryBatchInserts.BATCHES_SENT.sum();
        insertStateless(fast, rows, 0);
        assertThat(RowBinaryBatchInserts.BATCHES_SENT.sum()).isGreaterThan(sentBefore);
        insertStateless(driverPath, rows, 100_000);
        assertSameRows(rows.size(), 100_000);
        assertThat(db.queryLong("SELECT count() FROM everything")).isEqualTo(6000);
    }

    @Test
    void aBatchWithAValueTheFastPathCannotEncodeTakesTheDriversPathUnchanged() throws Exception {
        Everything withLocal = ordinary(1);
        withLocal.local = LocalDateTime.of(2299, 12, 31, 23, 59, 59, 999_999_000);
        Everything subMicro = ordinary(2);
        subMicro.at = Instant.parse("2026-11-22T10:15:30.123456789Z"); // more digits than DateTime64(6) holds
        List<Everything> rows = List.of(withLocal, subMicro, edges(3, true));

        long sentBefore = RowBinaryBatchInserts.BATCHES_SENT.sum();
        persistAll(fast, rows, 0);
        assertThat(RowBinaryBatchInserts.BATCHES_SENT.sum()).as("the batch fell back").isEqualTo(sentBefore);
        persistAll(driverPath, rows, 1000);
        assertSameRows(rows.size(), 1000);
    }

    @Test
    void aServerErrorKeepsItsCodeAndBecomesTheSameHibernateException() {
        db.execute("CREATE TABLE checked (id Int64, n Nullable(Int32), CONSTRAINT positive CHECK n > 0)"
                + " ENGINE = MergeTree ORDER BY id");
        try (EntityManagerFactory checked = new HibernatePersistenceConfiguration("checked")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password()).managedClass(Checked.class)
                .createEntityManagerFactory()) {
            long sentBefore = RowBinaryBatchInserts.BATCHES_SENT.sum();
            Throwable thrown = catchThrowable(() -> inTransaction(checked, em -> {
                em.persist(new Checked(1, 5));
                em.persist(new Checked(2, -1));
            }));
            ConstraintViolationException violation = causeOf(thrown, ConstraintViolationException.class);
            assertThat(violation.getConstraintName()).isEqualTo("positive");
            assertThat(violation.getSQLException().getErrorCode()).isEqualTo(469);
            assertThat(db.queryLong("SELECT count() FROM checked")).as("nothing half-written").isZero();
            assertThat(RowBinaryBatchInserts.BATCHES_SENT.sum()).isEqualTo(sentBefore);
        } finally {
            db.execute("DROP TABLE checked");
        }
    }

    @Test
    void aColumnTypeChangedInsideTheTransactionIsReadAgainBeforeTheNextBatch() {
        db.execute("CREATE TABLE checked (id Int64, n Nullable(Int32)) ENGINE = MergeTree ORDER BY id");
        try (EntityManagerFactory checked = new HibernatePersistenceConfiguration("retyped")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password()).managedClass(Checked.class)
                .createEntityManagerFactory()) {
            long sentBefore = RowBinaryBatchInserts.BATCHES_SENT.sum();
            inTransaction(checked, em -> {
                em.persist(new Checked(1, 7));
                em.flush();
                em.createNativeQuery("ALTER TABLE checked MODIFY COLUMN n Nullable(Int64)").executeUpdate();
                em.persist(new Checked(2, Integer.MIN_VALUE));
                em.persist(new Checked(3, null));
            });
            assertThat(RowBinaryBatchInserts.BATCHES_SENT.sum()).isEqualTo(sentBefore + 2);
            assertThat(db.queryLong("SELECT sum(n) FROM checked")).isEqualTo(7L + Integer.MIN_VALUE);
            assertThat(db.queryLong("SELECT countIf(n IS NULL) FROM checked WHERE id = 3")).isEqualTo(1);
        } finally {
            db.execute("DROP TABLE checked");
        }
    }

    @Test
    void aStatementBehindAnotherProxyKeepsTheDriversPathSoThatProxySeesTheInsert() throws Exception {
        try (Connection driver = db.openConnection()) {
            java.util.List<String> seen = new ArrayList<>();
            Connection instrumented = (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        Object result = method.invoke(driver, args);
                        if (result instanceof java.sql.PreparedStatement statement) {
                            return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[]{java.sql.PreparedStatement.class}, (p, m, a) -> {
                                        seen.add(m.getName());
                                        return m.invoke(statement, a);
                                    });
                        }
                        return result;
                    });
            Connection chorm = ClickHouseConnections.wrapIfClickHouse(instrumented, true);
            db.execute("CREATE TABLE plain (id Int64, n Int32) ENGINE = MergeTree ORDER BY id");
            try (java.sql.PreparedStatement insert = chorm.prepareStatement("insert into plain (id,n) values (?,?)")) {
                insert.setLong(1, 1);
                insert.setInt(2, 2);
                insert.addBatch();
                insert.executeBatch();
            } finally {
                db.execute("DROP TABLE plain");
            }
            assertThat(seen).contains("addBatch", "executeBatch");
        }
    }

    @Test
    void onlyPlainInsertsWithOnePlaceholderPerColumnAreTaken() {
        assertThat(RowBinaryBatchInserts.Target.of("insert into event (id,at,`my col`) values (?,?,?)"))
                .isEqualTo(new RowBinaryBatchInserts.Target("event", null, List.of("id", "at", "my col")));
        assertThat(RowBinaryBatchInserts.Target.of("INSERT INTO db.t (a, b) VALUES (?, ?)"))
                .isEqualTo(new RowBinaryBatchInserts.Target("t", "db", List.of("a", "b")));
        assertThat(RowBinaryBatchInserts.Target.of("insert into t (a,b) values (?,unhex(?))")).isNull();
        assertThat(RowBinaryBatchInserts.Target.of("insert into t (a,b) values (?)")).isNull();
        assertThat(RowBinaryBatchInserts.Target.of("insert into t values (?,?)")).isNull();
        assertThat(RowBinaryBatchInserts.Target.of("insert into t (a) select ?")).isNull();
        assertThat(RowBinaryBatchInserts.Target.of("update t set a = ? where b = ?")).isNull();
    }

    @Entity(name = "Checked")
    @Table(name = "checked")
    static class Checked {
        @Id
        long id;
        Integer n;

        protected Checked() {
        }

        Checked(long id, Integer n) {
            this.id = id;
            this.n = n;
        }
    }

    static Everything edges(long id, boolean low) {
        Everything e = new Everything();
        e.id = id;
        e.tiny = low ? Byte.MIN_VALUE : Byte.MAX_VALUE;
        e.small = low ? Short.MIN_VALUE : Short.MAX_VALUE;
        e.medium = low ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        e.big = low ? Long.MIN_VALUE : Long.MAX_VALUE;
        e.u8 = low ? 0 : (short) 255;
        e.u32 = low ? 0 : 4_294_967_295L;
        e.u64 = low ? BigInteger.ZERO : new BigInteger("18446744073709551615");
        e.i256 = low ? BigInteger.ONE.shiftLeft(255).negate() : BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);
        e.f32 = low ? Float.NEGATIVE_INFINITY : Float.MAX_VALUE;
        e.f64 = low ? -0.0 : Double.NaN;
        e.dec = low ? new BigDecimal("-99999999999999.9999") : new BigDecimal("0.1");
        e.wide = low ? new BigDecimal("-" + "9".repeat(66) + "." + "9".repeat(10)) : new BigDecimal("1E+20");
        e.flag = low;
        e.text = low ? "" : "quote ' back\\slash \t tab \n newline, unicode: ĉ 日本 😀";
        e.low = low ? "a" : "ü";
        e.bytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            e.bytes[i] = (byte) i;
        }
        e.uuid = low ? new UUID(0, 0) : new UUID(-1, -1);
        e.day = low ? LocalDate.of(1900, 1, 1) : LocalDate.of(2299, 12, 31);
        e.shortDay = low ? LocalDate.of(1970, 1, 1) : LocalDate.of(2149, 6, 6);
        e.at = low ? Instant.parse("1900-01-01T00:00:00Z") : Instant.parse("2262-04-11T23:47:16.854775Z");
        e.paris = low ? Instant.parse("2026-03-29T01:30:00.001Z") : Instant.parse("2026-10-25T00:59:59.999Z");
        e.tokyo = low ? Instant.EPOCH : Instant.parse("2106-02-07T06:28:15Z");
        e.offset = OffsetDateTime.of(2026, 11, 22, 20, 0, 0, low ? 1 : 999_999_999, ZoneOffset.ofHours(low ? 14 : -12));
        e.v4 = (Inet4Address) address(low ? "0.0.0.0" : "255.255.255.255");
        e.v6 = address(low ? "10.1.2.3" : "2001:db8::ff00:42:8329");
        e.color = low ? Color.RED : Color.BLUE;
        e.named = low ? Color.GREEN : Color.BLUE;
        e.tags = low ? List.of() : List.of("", "x", "'quoted'", "comma,inside");
        e.nullableInts = low ? List.of() : Arrays.asList(1, null, Integer.MIN_VALUE);
        e.counts = new LinkedHashMap<>();
        if (!low) {
            e.counts.put("b", Long.MAX_VALUE);
            e.counts.put("a", Long.MIN_VALUE);
        }
        e.addresses = new LinkedHashMap<>();
        e.addresses.put("v4", address("192.168.0.1"));
        e.addresses.put("v6", address("::1"));
        return e;
    }

    static Everything nulls(long id) {
        Everything e = new Everything();
        e.id = id;
        e.tags = List.of();
        e.nullableInts = List.of();
        e.counts = Map.of();
        e.addresses = Map.of();
        return e;
    }

    static Everything ordinary(long id) {
        Everything e = nulls(id);
        e.medium = (int) id;
        e.big = id * 1_000_003L;
        e.f64 = id / 3.0;
        e.f32 = id / 7.0f;
        e.dec = BigDecimal.valueOf(id, 2);
        e.text = "row " + id;
        e.low = "c" + id % 5;
        e.day = LocalDate.of(2026, 1, 1).plusDays(id % 300);
        e.at = Instant.parse("2026-01-01T00:00:00Z").plusNanos(id * 1_000_123_000L);
        e.tags = List.of("t" + id % 3, "u");
        e.counts = Map.of("k", id);
        e.color = Color.values()[(int) (id % 3)];
        e.named = e.color;
        return e;
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Everything copy(Everything row, long idOffset) {
        Everything e = new Everything();
        for (java.lang.reflect.Field field : Everything.class.getDeclaredFields()) {
            try {
                field.set(e, field.get(row));
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }
        e.id = row.id + idOffset;
        return e;
    }

    private static void persistAll(EntityManagerFactory factory, List<Everything> rows, long idOffset) {
        inTransaction(factory, em -> rows.forEach(row -> em.persist(copy(row, idOffset))));
    }

    private static void insertStateless(EntityManagerFactory factory, List<Everything> rows, long idOffset) {
        try (StatelessSession session = factory.unwrap(SessionFactory.class).openStatelessSession()) {
            session.beginTransaction();
            rows.forEach(row -> session.insert(copy(row, idOffset)));
            session.getTransaction().commit();
        }
    }

    private static void inTransaction(EntityManagerFactory factory, Consumer<EntityManager> work) {
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        }
    }

    /** Each column of the rows written through the fast path equals, in the server's own text, the driver's copy. */
    private void assertSameRows(int count, long driverIdOffset) throws Exception {
        List<String> fastRows = render("id < " + driverIdOffset);
        List<String> driverRows = render("id >= " + driverIdOffset);
        assertThat(fastRows).hasSize(count);
        assertThat(fastRows).containsExactlyElementsOf(driverRows);
    }

    private List<String> render(String where) throws Exception {
        List<String> rows = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT ");
        for (String column : COLUMNS) {
            select.append("concat('").append(column).append("=', toString(`").append(column).append("`), ' ')")
                    .append(COLUMNS.indexOf(column) < COLUMNS.size() - 1 ? ", " : "");
        }
        select.append(" FROM everything WHERE ").append(where).append(" ORDER BY id");
        try (Connection connection = db.openConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(select.toString())) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= COLUMNS.size(); i++) {
                    row.append(rs.getString(i) == null ? COLUMNS.get(i - 1) + "=NULL " : rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static <T extends Throwable> T causeOf(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + thrown, thrown);
    }
}
