package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ColumnType} gives any ClickHouse type: the column is exactly that type, values round-trip
 * at the type's edges, and a type that cannot work for the Java type fails at startup naming the
 * entity, the attribute and the rule.
 */
@ClickHouseTest
class ExplicitTypesTest {

    enum Status { DRAFT, LIVE }

    @Entity(name = "Explicit")
    static class Explicit {
        @Id
        @ColumnType("UInt64")
        BigInteger id;
        @ColumnType("UInt8")
        short uint8;
        @ColumnType("UInt16")
        int uint16;
        @ColumnType("UInt32")
        long uint32;
        @ColumnType("UInt256")
        BigInteger uint256;
        @ColumnType("Int128")
        BigInteger int128;
        @ColumnType("Float32")
        double float32;
        @ColumnType("Decimal32(4)")
        BigDecimal decimal32;
        @ColumnType("Date")
        LocalDate date;
        @ColumnType("DateTime('UTC')")
        Instant dateTime;
        @ColumnType("DateTime64(9)")
        LocalDateTime nanos;
        @ColumnType("DateTime64(3, 'Asia/Kathmandu')")
        Instant kathmandu;
        @ColumnType("FixedString(6)")
        String code;
        @ColumnType("Enum8('draft' = 1, 'live' = 2)")
        String state;
        @ColumnType("Enum16('DRAFT' = -1000, 'LIVE' = 1000)")
        @Enumerated(EnumType.STRING)
        Status status;
        @ColumnType("LowCardinality(Nullable(String))")
        String country;
        @LowCardinality
        @ColumnType("String")
        String city;
        @ColumnType("Nullable(UInt16)")
        Integer port;
        @ColumnType("IPv4")
        String ipv4;
        @ColumnType("IPv6")
        String ipv6;
    }

    @Test
    void theColumnIsExactlyTheDeclaredType(TestDatabase db) {
        try (EntityManagerFactory ignored = Jpa.factory(db, "create", Explicit.class)) {
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("id", "UInt64");
            expected.put("uint8", "UInt8");
            expected.put("uint16", "UInt16");
            expected.put("uint32", "UInt32");
            expected.put("uint256", "UInt256");
            expected.put("int128", "Int128");
            expected.put("float32", "Float32");
            expected.put("decimal32", "Decimal(9, 4)");
            expected.put("date", "Date");
            expected.put("dateTime", "DateTime('UTC')");
            expected.put("nanos", "DateTime64(9)");
            expected.put("kathmandu", "DateTime64(3, 'Asia/Kathmandu')");
            expected.put("code", "FixedString(6)");
            expected.put("state", "Enum8('draft' = 1, 'live' = 2)");
            expected.put("status", "Enum16('DRAFT' = -1000, 'LIVE' = 1000)");
            expected.put("country", "LowCardinality(Nullable(String))");
            expected.put("city", "LowCardinality(String)");
            expected.put("port", "Nullable(UInt16)");
            expected.put("ipv4", "IPv4");
            expected.put("ipv6", "IPv6");
            expected.forEach((column, type) -> assertThat(DefaultTypesTest.columnType(db, "Explicit", column)).as(column).isEqualTo(type));
        }
    }

    @Test
    void edgeValuesOfDeclaredTypesRoundTrip(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, "create", Explicit.class)) {
            Explicit max = new Explicit();
            max.id = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
            max.uint8 = 255;
            max.uint16 = 65535;
            max.uint32 = 4294967295L;
            max.uint256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
            max.int128 = BigInteger.TWO.pow(127).negate();
            max.float32 = 0.5;
            max.decimal32 = new BigDecimal("99999.9999");
            max.date = LocalDate.of(2149, 6, 6);
            max.dateTime = Instant.parse("2106-02-07T06:28:15Z");
            max.nanos = LocalDateTime.of(2262, 4, 11, 23, 47, 16, 854_775_807);
            max.kathmandu = Instant.parse("2000-01-01T00:00:00.001Z");
            max.code = "日本";
            max.state = "live";
            max.status = Status.LIVE;
            max.country = null;
            max.city = "Zürich";
            max.port = null;
            max.ipv4 = "255.255.255.255";
            max.ipv6 = "2001:db8:0:0:0:0:0:1"; // a String reads back in java.net's form of the address
            Jpa.inTransaction(factory, em -> em.persist(max));
            assertThat(EngineSql.value(db, "SELECT toString(kathmandu) || ' ' || toString(status) || ' ' || toString(nanos) FROM Explicit"))
                    .isEqualTo("2000-01-01 05:45:00.001 LIVE 2262-04-11 23:47:16.854775807");
            try (EntityManager em = factory.createEntityManager()) {
                Explicit read = em.find(Explicit.class, max.id);
                assertThat(read).usingRecursiveComparison().ignoringFields("decimal32").isEqualTo(max);
                assertThat(read.decimal32).isEqualByComparingTo(max.decimal32);
                assertThat(em.createQuery("select e.uint256 from Explicit e where e.id = :id and e.state = 'live'", BigInteger.class)
                        .setParameter("id", max.id).getSingleResult()).isEqualTo(max.uint256);
            }
        }
    }

    @Entity(name = "Widths")
    static class Widths {
        @Id
        Long id;
        byte int8;
        short int16;
        int int32;
        long int64;
        @ColumnType("Int128")
        BigInteger int128;
        BigInteger int256;
        @ColumnType("UInt8")
        short uint8;
        @ColumnType("UInt16")
        int uint16;
        @ColumnType("UInt32")
        long uint32;
        @ColumnType("UInt64")
        BigInteger uint64;
        @ColumnType("UInt128")
        BigInteger uint128;
        @ColumnType("UInt256")
        BigInteger uint256;
        @ColumnType("Float32")
        double float32;
        double float64;
    }

    @Test
    void theMinimumAndMaximumOfEveryIntegerWidthRoundTrip(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, "create", Widths.class)) {
            Widths min = new Widths();
            min.id = 1L;
            min.int8 = Byte.MIN_VALUE;
            min.int16 = Short.MIN_VALUE;
            min.int32 = Integer.MIN_VALUE;
            min.int64 = Long.MIN_VALUE;
            min.int128 = BigInteger.TWO.pow(127).negate();
            min.int256 = BigInteger.TWO.pow(255).negate();
            min.uint64 = min.uint128 = min.uint256 = BigInteger.ZERO;
            min.float32 = Double.NEGATIVE_INFINITY;
            min.float64 = -0.0;
            Widths max = new Widths();
            max.id = 2L;
            max.int8 = Byte.MAX_VALUE;
            max.int16 = Short.MAX_VALUE;
            max.int32 = Integer.MAX_VALUE;
            max.int64 = Long.MAX_VALUE;
            max.int128 = BigInteger.TWO.pow(127).subtract(BigInteger.ONE);
            max.int256 = BigInteger.TWO.pow(255).subtract(BigInteger.ONE);
            max.uint8 = 255;
            max.uint16 = 65535;
            max.uint32 = 4294967295L;
            max.uint64 = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
            max.uint128 = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);
            max.uint256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
            max.float32 = Double.POSITIVE_INFINITY;
            max.float64 = Double.NaN;
            Jpa.inTransaction(factory, em -> {
                em.persist(min);
                em.persist(max);
            });
            assertThat(EngineSql.value(db, "SELECT toString(uint128) || ' ' || toString(int128) FROM Widths WHERE id = 2"))
                    .isEqualTo(max.uint128 + " " + max.int128);
            try (EntityManager em = factory.createEntityManager()) {
                for (Widths expected : List.of(min, max)) {
                    Widths read = em.find(Widths.class, expected.id);
                    assertThat(read).usingRecursiveComparison().ignoringFields("float32", "float64").isEqualTo(expected);
                    assertThat(Double.doubleToRawLongBits(read.float64)).isEqualTo(Double.doubleToRawLongBits(expected.float64));
                    assertThat(read.float32).isEqualTo(expected.float32);
                }
                assertThat(em.createQuery("select w.id from Widths w where w.uint256 = :v and w.uint64 = :u", Long.class)
                        .setParameter("v", max.uint256).setParameter("u", max.uint64).getResultList()).containsExactly(2L);
            }
        }
    }

    @Entity(name = "Precisions")
    static class Precisions {
        @Id
        Long id;
        @ColumnType("DateTime64(0)")
        LocalDateTime p0;
        @ColumnType("DateTime64(1)")
        LocalDateTime p1;
        @ColumnType("DateTime64(2)")
        LocalDateTime p2;
        @ColumnType("DateTime64(3, 'America/New_York')")
        LocalDateTime p3;
        @ColumnType("DateTime64(4)")
        LocalDateTime p4;
        @ColumnType("DateTime64(5)")
        LocalDateTime p5;
        @ColumnType("DateTime64(6, 'Asia/Kathmandu')")
        LocalDateTime p6;
        @ColumnType("DateTime64(7)")
        LocalDateTime p7;
        @ColumnType("DateTime64(8)")
        LocalDateTime p8;
        @ColumnType("DateTime64(9, 'Europe/Paris')")
        Instant p9;
    }

    @Test
    void everyDateTime64PrecisionKeepsWhatItHoldsInAnyZone(TestDatabase db) {
        LocalDateTime value = LocalDateTime.of(2024, 3, 10, 2, 30, 45, 123_456_789); // a DST gap in New York
        try (EntityManagerFactory factory = Jpa.factory(db, "create", Precisions.class)) {
            Precisions row = new Precisions();
            row.id = 1L;
            row.p0 = row.p1 = row.p2 = row.p3 = row.p4 = row.p5 = row.p6 = row.p7 = row.p8 = value.plusHours(1);
            row.p9 = Instant.parse("2262-04-11T23:47:16.854775807Z");
            Jpa.inTransaction(factory, em -> em.persist(row));
            try (EntityManager em = factory.createEntityManager()) {
                Precisions read = em.find(Precisions.class, 1L);
                LocalDateTime[] values = {read.p0, read.p1, read.p2, read.p3, read.p4, read.p5, read.p6, read.p7, read.p8};
                for (int precision = 0; precision <= 8; precision++) {
                    long unit = (long) Math.pow(10, 9 - precision);
                    LocalDateTime expected = value.plusHours(1).withNano((int) (value.getNano() / unit * unit));
                    assertThat(values[precision]).as("DateTime64(%d)", precision).isEqualTo(expected);
                }
                assertThat(read.p9).isEqualTo(row.p9);
            }
            assertThat(EngineSql.value(db, "SELECT toString(p3) || ' ' || toString(p9) FROM Precisions"))
                    .isEqualTo("2024-03-10 03:30:45.123 2262-04-12 01:47:16.854775807");
        }
    }

    // ------------------------------------------------------------------ startup failures

    @Entity(name = "TooNarrow")
    static class TooNarrow {
        @Id
        Long id;
        @ColumnType("UInt32")
        int count;
    }

    @Entity(name = "NullableArray")
    static class NullableArray {
        @Id
        Long id;
        @ColumnType("Nullable(Array(Int32))")
        List<Integer> values;
    }

    @Entity(name = "LowCardinalityDecimal")
    static class LowCardinalityDecimal {
        @Id
        Long id;
        @ColumnType("LowCardinality(Decimal(10, 2))")
        BigDecimal price;
    }

    @Entity(name = "UndeclaredConstant")
    static class UndeclaredConstant {
        @Id
        Long id;
        @ColumnType("Enum8('DRAFT' = 1)")
        @Enumerated(EnumType.STRING)
        Status status;
    }

    @Entity(name = "OrdinalMismatch")
    static class OrdinalMismatch {
        @Id
        Long id;
        @ColumnType("Enum8('DRAFT' = 1, 'LIVE' = 2)")
        Status status;
    }

    @Entity(name = "FloatForFloat64")
    static class FloatForFloat64 {
        @Id
        Long id;
        @ColumnType("Float64")
        float ratio;
    }

    @Entity(name = "NotAType")
    static class NotAType {
        @Id
        Long id;
        @ColumnType("UInt17")
        long value;
    }

    /** The messages of the exception that stopped the factory from starting, and of its causes. */
    static String startupFailure(TestDatabase db, Class<?> entity) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Jpa.factory(db, null, entity).close());
        assertThat(thrown).as("startup of %s", entity.getSimpleName()).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void anIntegerJavaTypeTooNarrowForTheColumnFailsAtStartup(TestDatabase db) {
        assertThat(startupFailure(db, TooNarrow.class)).contains("Entity TooNarrow, attribute count")
                .contains("a Integer cannot hold every UInt32 value (0..4294967295); use long");
    }

    @Test
    void nullableArrayFailsAtStartupNamingTheRule(TestDatabase db) {
        assertThat(startupFailure(db, NullableArray.class)).contains("Entity NullableArray, attribute values")
                .contains("Nullable cannot wrap Array(Int32)").contains("NULLABLE_INNER");
    }

    @Test
    void lowCardinalityDecimalFailsAtStartupNamingTheRule(TestDatabase db) {
        assertThat(startupFailure(db, LowCardinalityDecimal.class)).contains("Entity LowCardinalityDecimal, attribute price")
                .contains("LOW_CARDINALITY_INNER");
    }

    @Test
    void anEnumConstantMissingFromTheDeclaredEnumFailsAtStartup(TestDatabase db) {
        assertThat(startupFailure(db, UndeclaredConstant.class)).contains("Entity UndeclaredConstant, attribute status")
                .contains("the constant LIVE is not declared in Enum8('DRAFT' = 1)");
    }

    @Test
    void anOrdinalEnumWhoseDeclaredValuesAreNotTheOrdinalsFailsAtStartup(TestDatabase db) {
        assertThat(startupFailure(db, OrdinalMismatch.class)).contains("Entity OrdinalMismatch, attribute status")
                .contains("stored by ordinal (0) but declared as 1; map it with @Enumerated(EnumType.STRING)");
    }

    @Test
    void aFloatForAFloat64ColumnFailsAtStartup(TestDatabase db) {
        assertThat(startupFailure(db, FloatForFloat64.class)).contains("Entity FloatForFloat64, attribute ratio")
                .contains("Float64 needs a double");
    }

    @Test
    void textThatIsNotAClickHouseTypeFailsAtStartup(TestDatabase db) {
        assertThat(startupFailure(db, NotAType.class)).contains("Entity NotAType, attribute value").contains("UInt17")
                .contains("SYNTAX");
    }
}
