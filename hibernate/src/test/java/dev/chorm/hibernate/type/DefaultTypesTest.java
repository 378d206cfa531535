package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain Java attribute types, with no chorm annotation, get the ClickHouse column the type table of
 * docs/types.md promises, and their edge values survive persist, find and HQL exactly.
 */
@ClickHouseTest
class DefaultTypesTest {

    enum Color { RED, GREEN, BLUE }

    /** More constants than Enum8 holds (ordinals 0..199): Enum16. */
    enum Many {
        C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C20, C21, C22, C23, C24,
        C25, C26, C27, C28, C29, C30, C31, C32, C33, C34, C35, C36, C37, C38, C39, C40, C41, C42, C43, C44, C45, C46, C47,
        C48, C49, C50, C51, C52, C53, C54, C55, C56, C57, C58, C59, C60, C61, C62, C63, C64, C65, C66, C67, C68, C69, C70,
        C71, C72, C73, C74, C75, C76, C77, C78, C79, C80, C81, C82, C83, C84, C85, C86, C87, C88, C89, C90, C91, C92, C93,
        C94, C95, C96, C97, C98, C99, C100, C101, C102, C103, C104, C105, C106, C107, C108, C109, C110, C111, C112, C113,
        C114, C115, C116, C117, C118, C119, C120, C121, C122, C123, C124, C125, C126, C127, C128, C129
    }

    @Entity(name = "Plain")
    static class Plain {
        @Id
        Long id;
        byte int8;
        short int16;
        int int32;
        long int64;
        Integer boxed;
        BigInteger int256;
        float float32;
        double float64;
        BigDecimal decimal;
        boolean bool;
        String text;
        byte[] bytes;
        UUID uuid;
        LocalDate date;
        LocalDateTime localDateTime;
        Instant instant;
        OffsetDateTime offsetDateTime;
        ZonedDateTime zonedDateTime;
        LocalTime time;
        Duration duration;
        Inet4Address ipv4;
        Inet6Address ipv6;
        InetAddress ip;
        Color ordinalColor;
        @Enumerated(EnumType.STRING)
        Color namedColor;
        Many many;
    }

    private static EntityManagerFactory factory;

    @BeforeAll
    static void createSchema(TestDatabase db) {
        factory = Jpa.factory(db, "create", Plain.class);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @BeforeEach
    void empty(TestDatabase db) {
        db.truncateAllTables();
    }

    @Test
    void eachJavaTypeGetsItsClickHouseColumn(TestDatabase db) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "Int64");
        expected.put("int8", "Int8");
        expected.put("int16", "Int16");
        expected.put("int32", "Int32");
        expected.put("int64", "Int64");
        expected.put("boxed", "Nullable(Int32)");
        expected.put("int256", "Nullable(Int256)");
        expected.put("float32", "Float32");
        expected.put("float64", "Float64");
        expected.put("decimal", "Nullable(Decimal(38, 2))");
        expected.put("bool", "Bool");
        expected.put("text", "Nullable(String)");
        expected.put("bytes", "Nullable(String)");
        expected.put("uuid", "Nullable(UUID)");
        expected.put("date", "Nullable(Date32)");
        expected.put("localDateTime", "Nullable(DateTime64(6))");
        expected.put("instant", "Nullable(DateTime64(6, 'UTC'))");
        expected.put("offsetDateTime", "Nullable(DateTime64(6, 'UTC'))");
        expected.put("zonedDateTime", "Nullable(DateTime64(6, 'UTC'))");
        expected.put("time", "Nullable(Time64(6))");
        expected.put("duration", "Nullable(Decimal(21, 0))");
        expected.put("ipv4", "Nullable(IPv4)");
        expected.put("ipv6", "Nullable(IPv6)");
        expected.put("ip", "Nullable(IPv6)");
        expected.put("ordinalColor", "Nullable(Enum8('RED' = 0, 'GREEN' = 1, 'BLUE' = 2))");
        expected.put("namedColor", "Nullable(Enum8('RED' = 0, 'GREEN' = 1, 'BLUE' = 2))");
        expected.forEach((column, type) -> assertThat(columnType(db, "Plain", column)).as(column).isEqualTo(type));
        assertThat(columnType(db, "Plain", "many")).startsWith("Nullable(Enum16('C0' = 0,").endsWith("'C129' = 129))");
    }

    @Test
    void everyByteValueSurvivesAByteArrayAttribute(TestDatabase db) throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Plain row = new Plain();
        row.id = 1L;
        row.bytes = all;
        Plain small = new Plain();
        small.id = 2L;
        small.bytes = new byte[]{1, 2, (byte) 0xFF, 0};
        Plain empty = new Plain();
        empty.id = 3L;
        empty.bytes = new byte[0];
        Jpa.inTransaction(factory, em -> {
            em.persist(row);
            em.persist(small);
            em.persist(empty);
        });
        assertThat(EngineSql.value(db, "SELECT hex(bytes) FROM Plain WHERE id = 1")).isEqualTo(HexFormat.of().withUpperCase().formatHex(all));
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Plain.class, 1L).bytes).isEqualTo(all);
            assertThat(em.find(Plain.class, 2L).bytes).containsExactly(1, 2, 0xFF, 0);
            assertThat(em.find(Plain.class, 3L).bytes).isEmpty();
            assertThat(em.createQuery("select p.bytes from Plain p where p.id = 2", byte[].class).getSingleResult())
                    .containsExactly(1, 2, 0xFF, 0);
            assertThat(em.createQuery("select p.id from Plain p where p.bytes = :b", Long.class)
                    .setParameter("b", new byte[]{1, 2, (byte) 0xFF, 0}).getResultList()).containsExactly(2L);
        }
    }

    @Test
    void edgeValuesRoundTripThroughPersistFindAndHql(TestDatabase db) throws Exception {
        Plain min = new Plain();
        min.id = 1L;
        min.int8 = Byte.MIN_VALUE;
        min.int16 = Short.MIN_VALUE;
        min.int32 = Integer.MIN_VALUE;
        min.int64 = Long.MIN_VALUE;
        min.boxed = Integer.MIN_VALUE;
        min.int256 = BigInteger.TWO.pow(255).negate();
        min.float32 = Float.NEGATIVE_INFINITY;
        min.float64 = -0.0d;
        min.decimal = new BigDecimal("-999999999999999999999999999999999999.99");
        min.text = "";
        min.uuid = new UUID(0, 0);
        min.date = LocalDate.of(1900, 1, 1);
        min.localDateTime = LocalDateTime.of(1900, 1, 1, 0, 0);
        min.instant = Instant.parse("1900-01-01T00:00:00Z");
        min.offsetDateTime = OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.ofHours(-5));
        min.zonedDateTime = ZonedDateTime.of(2024, 3, 10, 3, 30, 0, 0, ZoneId.of("America/New_York"));
        min.time = LocalTime.MIN;
        min.duration = Duration.ofSeconds(-90, 500);
        min.ipv4 = (Inet4Address) InetAddress.getByName("0.0.0.0");
        min.ipv6 = IpText.mapped((Inet4Address) InetAddress.getByName("1.2.3.4"));
        min.ip = InetAddress.getByName("10.0.0.1");
        min.ordinalColor = Color.RED;
        min.namedColor = Color.BLUE;
        min.many = Many.C0;

        Plain max = new Plain();
        max.id = 2L;
        max.int8 = Byte.MAX_VALUE;
        max.int16 = Short.MAX_VALUE;
        max.int32 = Integer.MAX_VALUE;
        max.int64 = Long.MAX_VALUE;
        max.int256 = BigInteger.TWO.pow(255).subtract(BigInteger.ONE);
        max.float32 = Float.NaN;
        max.float64 = Double.MAX_VALUE;
        max.decimal = new BigDecimal("0.01");
        max.bool = true;
        max.text = "日本語 \u0000 it's \\ \n\n end";
        max.uuid = new UUID(-1, -1);
        max.date = LocalDate.of(2299, 12, 31);
        max.localDateTime = LocalDateTime.of(2299, 12, 31, 23, 59, 59, 999_999_000);
        max.instant = Instant.parse("2299-12-31T23:59:59.999999Z");
        max.offsetDateTime = OffsetDateTime.of(2299, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);
        max.zonedDateTime = ZonedDateTime.of(2200, 1, 1, 0, 0, 0, 0, ZoneId.of("Asia/Kathmandu"));
        max.time = LocalTime.of(23, 59, 59, 999_999_000);
        max.duration = Duration.ofDays(365L * 200);
        max.ipv4 = (Inet4Address) InetAddress.getByName("255.255.255.255");
        max.ipv6 = (Inet6Address) InetAddress.getByName("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        max.ip = InetAddress.getByName("2001:db8::1");
        max.ordinalColor = Color.BLUE;
        max.namedColor = Color.GREEN;
        max.many = Many.C129;

        Jpa.inTransaction(factory, em -> {
            em.persist(min);
            em.persist(max);
        });
        assertThat(EngineSql.value(db, "SELECT toString(ordinalColor) || ',' || toString(namedColor) || ',' || toString(many)"
                + " || ',' || toString(ip) || ',' || toString(time) FROM Plain WHERE id = 1"))
                .isEqualTo("RED,BLUE,C0,::ffff:10.0.0.1,00:00:00.000000");
        try (EntityManager em = factory.createEntityManager()) {
            for (Plain expected : List.of(min, max)) {
                Plain read = em.find(Plain.class, expected.id);
                assertThat(read).usingRecursiveComparison()
                        .ignoringFields("offsetDateTime", "zonedDateTime", "decimal", "float64", "float32")
                        .isEqualTo(expected);
                assertThat(Double.doubleToRawLongBits(read.float64)).isEqualTo(Double.doubleToRawLongBits(expected.float64));
                assertThat(Float.floatToRawIntBits(read.float32)).isEqualTo(Float.floatToRawIntBits(expected.float32));
                assertThat(read.decimal).isEqualByComparingTo(expected.decimal);
                if (expected.offsetDateTime != null) {
                    assertThat(read.offsetDateTime.toInstant()).isEqualTo(expected.offsetDateTime.toInstant());
                    assertThat(read.zonedDateTime.toInstant()).isEqualTo(expected.zonedDateTime.toInstant());
                }
            }
            assertThat(em.createQuery("select p.id from Plain p where p.int256 = :v", Long.class)
                    .setParameter("v", max.int256).getResultList()).containsExactly(2L);
            assertThat(em.createQuery("select p.id from Plain p where p.ipv4 = :v", Long.class)
                    .setParameter("v", max.ipv4).getResultList()).containsExactly(2L);
            assertThat(em.createQuery("select p.id from Plain p where p.ip = :v", Long.class)
                    .setParameter("v", min.ip).getResultList()).containsExactly(1L);
            assertThat(em.createQuery("select p.id from Plain p where p.time > :v", Long.class)
                    .setParameter("v", LocalTime.NOON).getResultList()).containsExactly(2L);
            assertThat(em.createQuery("select p.id from Plain p where p.namedColor = :c", Long.class)
                    .setParameter("c", Color.GREEN).getResultList()).containsExactly(2L);
            assertThat(em.createQuery("select p.id from Plain p where p.ordinalColor = :c", Long.class)
                    .setParameter("c", Color.RED).getResultList()).containsExactly(1L);
            assertThat(em.createQuery("select p.many from Plain p order by p.id", Many.class).getResultList())
                    .containsExactly(Many.C0, Many.C129);
            assertThat(em.createQuery("select p.duration from Plain p order by p.id", Duration.class).getResultList())
                    .containsExactly(min.duration, max.duration);
        }
        // Duration is stored as nanoseconds (Hibernate's NUMERIC(21) encoding)
        assertThat(EngineSql.value(db, "SELECT duration FROM Plain WHERE id = 1")).isEqualTo("-89999999500");
    }

    static String columnType(TestDatabase db, String table, String column) {
        return EngineSql.value(db, "SELECT type FROM system.columns WHERE database = '" + db.name() + "' AND table = '"
                + table + "' AND name = '" + column + "'");
    }
}
