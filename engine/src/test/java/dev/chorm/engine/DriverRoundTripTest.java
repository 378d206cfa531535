package dev.chorm.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The official ClickHouse JDBC driver (clickhouse-jdbc 0.11, default settings: native compression
 * on) talks to the embedded server as to a real ClickHouse.
 *
 * <p>Every type of the reference field catalogue survives a round trip at its edge values: written
 * with PreparedStatement batches (the default {@code INSERT ... VALUES} text path and the
 * {@code beta.row_binary_for_simple_insert} RowBinary path), read back with {@code getObject} and
 * the typed getters, and checked on the server itself with {@code toString(v)} so that a driver
 * encoding and decoding the same wrong value cannot pass. Where the driver, not the server, limits
 * a round trip, {@link DriverLimitations} pins down what does happen.
 *
 * <p>The JSON type needs no setting on 26.7 (it is no longer experimental).
 */
class DriverRoundTripTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedClickHouse server;
    private static String database;

    @BeforeAll
    static void startServer() {
        server = SharedServer.get();
        database = SharedServer.freshDatabase(DriverRoundTripTest.class);
    }

    // ---------------------------------------------------------------------------------------
    // Connections and small SQL helpers
    // ---------------------------------------------------------------------------------------

    /** A connection with the driver's defaults, as an application would open it. */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), "default", "");
    }

    /** A connection with extra driver properties on top of the defaults. */
    static Connection connect(Map<String, String> extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "default");
        properties.setProperty("password", "");
        extra.forEach(properties::setProperty);
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }

    static final Map<String, String> ROW_BINARY = Map.of("beta.row_binary_for_simple_insert", "true");

    static String newTable(String prefix) {
        return prefix + "_" + TABLES.incrementAndGet();
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row, as the server's text ({@code getString}). */
    static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getLong(1);
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        return queryLong(connection, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = '"
                + table + "'") == 1;
    }

    // ---------------------------------------------------------------------------------------
    // The type catalogue
    // ---------------------------------------------------------------------------------------

    /** How a value goes into a PreparedStatement when plain {@code setObject} is not the point. */
    @FunctionalInterface
    interface Setter {
        void set(PreparedStatement statement, int index) throws SQLException;
    }

    /** A typed getter (getInt, getObject(LocalDate.class), ...). */
    @FunctionalInterface
    interface Getter {
        Object get(ResultSet resultSet, int column) throws SQLException;
    }

    /**
     * One value of a case: what is bound on the VALUES path ({@code bind}: an object for setObject or
     * a {@link Setter}) and on the RowBinary path, what {@code getObject} returns, what the typed
     * getter returns, and what the server prints for it with {@code toString(v)} (null: not checked).
     */
    record Row(Object bind, Object rowBinaryBind, Object expected, Function<Object, Object> typed, String serverText) {
        Object typedExpected() {
            return typed.apply(expected);
        }
    }

    record TypeCase(String label, String type, Class<?> javaClass, String getterName, Getter getter,
                    List<Row> rows, Map<String, String> rowBinaryProperties) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** Builds a {@link TypeCase}: {@code of(type, class).typed("getInt", ...).row(...)...}. */
    static final class CaseBuilder {
        private final String label;
        private final String type;
        private final Class<?> javaClass;
        private String getterName = "getObject";
        private Getter getter = ResultSet::getObject;
        private Function<Object, Object> typedExpected = Function.identity();
        private final List<Row> rows = new ArrayList<>();
        private Map<String, String> rowBinaryProperties = Map.of();

        CaseBuilder(String label, String type, Class<?> javaClass) {
            this.label = label;
            this.type = type;
            this.javaClass = javaClass;
        }

        /** The typed getter, and how its result derives from getObject's expected value. */
        CaseBuilder typed(String name, Getter getter, Function<Object, Object> fromExpected) {
            this.getterName = name;
            this.getter = getter;
            this.typedExpected = fromExpected;
            return this;
        }

        CaseBuilder typed(String name, Getter getter) {
            return typed(name, getter, Function.identity());
        }

        /** A value bound as itself and returned as itself. */
        CaseBuilder row(Object value, String serverText) {
            return row(value, value, serverText);
        }

        CaseBuilder row(Object bind, Object expected, String serverText) {
            rows.add(new Row(bind, bind, expected, typedExpected, serverText));
            return this;
        }

        /** The RowBinary writer needs another Java type for the last row (see {@link DriverLimitations}). */
        CaseBuilder inRowBinary(Object bind) {
            Row last = rows.remove(rows.size() - 1);
            rows.add(new Row(last.bind(), bind, last.expected(), last.typed(), last.serverText()));
            return this;
        }

        /** The RowBinary path needs these connection properties for this type (see {@link DriverLimitations}). */
        CaseBuilder rowBinaryNeeds(String property, String value) {
            rowBinaryProperties = Map.of(property, value);
            return this;
        }

        TypeCase build() {
            return new TypeCase(label, type, javaClass, getterName, getter, List.copyOf(rows), rowBinaryProperties);
        }
    }

    static CaseBuilder of(String type, Class<?> javaClass) {
        return new CaseBuilder(type, type, javaClass);
    }

    /** The server's time zone, which the driver applies to DateTime columns without one of their own. */
    static ZoneId serverZone() {
        return ZoneId.of(server.timezone());
    }

    static BigInteger two(int power) {
        return BigInteger.TWO.pow(power);
    }

    static Timestamp wallClock(String localDateTime) {
        return Timestamp.valueOf(LocalDateTime.parse(localDateTime));
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** An IPv6 address kept as Inet6Address even when it is IPv4-mapped (Java would unwrap it). */
    static Inet6Address ipv6(String text) {
        byte[] bytes = ip(text).getAddress();
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        try {
            return (Inet6Address) Inet6Address.getByAddress(null, bytes, null);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static String nines(int count) {
        return "9".repeat(count);
    }

    static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }

    static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            result.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return result;
    }

    static Setter struct(String type, Object... attributes) {
        return (ps, i) -> ps.setObject(i, ps.getConnection().createStruct(type, attributes));
    }

    static final String UNICODE = "héllo wörld — 日本語 🎉 ß";
    static final String NASTY = "it's \"quoted\" \\ back\\slash \\n not-a-newline '; DROP TABLE x; -- ? {p:String} $$";

    /** The reference catalogue: every type at the edges of its range. */
    static List<TypeCase> catalogue() {
        List<TypeCase> cases = new ArrayList<>();
        cases.addAll(integerCases());
        cases.addAll(floatAndDecimalCases());
        cases.addAll(stringLikeCases());
        cases.addAll(dateTimeCases());
        cases.addAll(compositeCases());
        return cases;
    }

    static List<TypeCase> integerCases() {
        // getObject returns the narrowest Java type that holds the whole range: UInt8 -> Short,
        // UInt16 -> Integer, UInt32 -> Long, UInt64 and wider -> BigInteger.
        Getter bigInteger = (rs, c) -> rs.getObject(c, BigInteger.class);
        Function<Object, Object> asBigDecimal = v -> new BigDecimal((BigInteger) v);
        return List.of(
                of("Int8", Byte.class).typed("getByte", ResultSet::getByte)
                        .row(Byte.MIN_VALUE, "-128").row(Byte.MAX_VALUE, "127").row((byte) 0, "0").row((byte) -1, "-1").build(),
                of("Int16", Short.class).typed("getShort", ResultSet::getShort)
                        .row(Short.MIN_VALUE, "-32768").row(Short.MAX_VALUE, "32767").row((short) 0, "0").build(),
                of("Int32", Integer.class).typed("getInt", ResultSet::getInt)
                        .row(Integer.MIN_VALUE, "-2147483648").row(Integer.MAX_VALUE, "2147483647").row(0, "0").build(),
                of("Int64", Long.class).typed("getLong", ResultSet::getLong)
                        .row(Long.MIN_VALUE, "-9223372036854775808").row(Long.MAX_VALUE, "9223372036854775807").row(0L, "0").build(),
                of("Int128", BigInteger.class).typed("getBigDecimal", ResultSet::getBigDecimal, asBigDecimal)
                        .row(two(127).negate(), two(127).negate().toString())
                        .row(two(127).subtract(BigInteger.ONE), two(127).subtract(BigInteger.ONE).toString())
                        .row(BigInteger.valueOf(-1), "-1").build(),
                of("Int256", BigInteger.class).typed("getBigDecimal", ResultSet::getBigDecimal, asBigDecimal)
                        .row(two(255).negate(), two(255).negate().toString())
                        .row(two(255).subtract(BigInteger.ONE), two(255).subtract(BigInteger.ONE).toString())
                        .row(BigInteger.ZERO, "0").build(),
                of("UInt8", Short.class).typed("getShort", ResultSet::getShort)
                        .row((short) 0, "0").row((short) 255, "255").build(),
                of("UInt16", Integer.class).typed("getInt", ResultSet::getInt)
                        .row(0, "0").row(65535, "65535").build(),
                of("UInt32", Long.class).typed("getLong", ResultSet::getLong)
                        .row(0L, "0").row(4294967295L, "4294967295").build(),
                of("UInt64", BigInteger.class).typed("getObject(BigInteger)", bigInteger)
                        .row(BigInteger.ZERO, "0").row(two(64).subtract(BigInteger.ONE), "18446744073709551615").build(),
                of("UInt128", BigInteger.class).typed("getObject(BigInteger)", bigInteger)
                        .row(BigInteger.ZERO, "0")
                        .row(two(128).subtract(BigInteger.ONE), two(128).subtract(BigInteger.ONE).toString()).build(),
                of("UInt256", BigInteger.class).typed("getObject(BigInteger)", bigInteger)
                        .row(BigInteger.ZERO, "0")
                        .row(two(256).subtract(BigInteger.ONE), two(256).subtract(BigInteger.ONE).toString()).build());
    }

    static List<TypeCase> floatAndDecimalCases() {
        // Float.equals/Double.equals compare bits: NaN equals NaN, and -0.0 does not equal 0.0,
        // so these rows check the sign bit of negative zero; toString(v) checks it on the server.
        return List.of(
                of("Float32", Float.class).typed("getFloat", ResultSet::getFloat)
                        .row(Float.MAX_VALUE, "3.4028235e38").row(-Float.MAX_VALUE, "-3.4028235e38")
                        .row(Float.MIN_VALUE, "1e-45").row(Float.MIN_NORMAL, "1.1754944e-38")
                        .row(Float.NaN, "nan").row(Float.POSITIVE_INFINITY, "inf").row(Float.NEGATIVE_INFINITY, "-inf")
                        .row(-0.0f, "-0").row(0.1f, "0.1").build(),
                of("Float64", Double.class).typed("getDouble", ResultSet::getDouble)
                        .row(Double.MAX_VALUE, "1.7976931348623157e308").row(-Double.MAX_VALUE, "-1.7976931348623157e308")
                        .row(Double.MIN_VALUE, "5e-324").row(Double.MIN_NORMAL, "2.2250738585072014e-308")
                        .row(Double.NaN, "nan").row(Double.POSITIVE_INFINITY, "inf").row(Double.NEGATIVE_INFINITY, "-inf")
                        .row(-0.0d, "-0").row(0.1d, "0.1").row(Math.PI, "3.141592653589793").build(),
                // Decimals at full precision; getObject returns the column's scale (1.5 -> 1.5000).
                of("Decimal32(4)", BigDecimal.class).typed("getBigDecimal", ResultSet::getBigDecimal)
                        .row(decimal("99999.9999"), "99999.9999").row(decimal("-99999.9999"), "-99999.9999")
                        .row(decimal("0.0001"), "0.0001").row(decimal("1.5"), decimal("1.5000"), "1.5").build(),
                of("Decimal64(8)", BigDecimal.class).typed("getBigDecimal", ResultSet::getBigDecimal)
                        .row(decimal(nines(10) + "." + nines(8)), nines(10) + "." + nines(8))
                        .row(decimal("-" + nines(10) + "." + nines(8)), "-" + nines(10) + "." + nines(8))
                        .row(decimal("0.00000001"), "0.00000001").build(),
                of("Decimal128(20)", BigDecimal.class).typed("getBigDecimal", ResultSet::getBigDecimal)
                        .row(decimal(nines(18) + "." + nines(20)), nines(18) + "." + nines(20))
                        .row(decimal("-" + nines(18) + "." + nines(20)), "-" + nines(18) + "." + nines(20))
                        .row(decimal("0." + "0".repeat(19) + "1"), "0." + "0".repeat(19) + "1").build(),
                of("Decimal256(40)", BigDecimal.class).typed("getBigDecimal", ResultSet::getBigDecimal)
                        .row(decimal(nines(36) + "." + nines(40)), nines(36) + "." + nines(40))
                        .row(decimal("-" + nines(36) + "." + nines(40)), "-" + nines(36) + "." + nines(40))
                        .row(decimal("0." + "0".repeat(39) + "1"), "0." + "0".repeat(39) + "1").build(),
                of("Decimal(10,3)", BigDecimal.class).typed("getBigDecimal", ResultSet::getBigDecimal)
                        .row(decimal("9999999.999"), "9999999.999").row(decimal("-0.001"), "-0.001")
                        .row(decimal("0"), decimal("0.000"), "0").build(),
                of("Bool", Boolean.class).typed("getBoolean", ResultSet::getBoolean)
                        .row(true, "true").row(false, "false").build());
    }

    static List<TypeCase> stringLikeCases() {
        return List.of(
                of("String", String.class).typed("getString", ResultSet::getString)
                        .row("", "").row("plain", "plain").row(UNICODE, UNICODE)
                        .row("nul\0byte\0", "nul\0byte\0").row("line1\nline2\r\n\ttab", "line1\nline2\r\n\ttab")
                        .row("blank\n\nline\n\n", "blank\n\nline\n\n") // a blank line ends inline data in chDB's query API
                        .row(NASTY, NASTY).row("x".repeat(100_000), null).build(),
                // Padded with NUL bytes to N on the way in; the server's toString(v) drops trailing NULs again.
                of("FixedString(8)", String.class)
                        .typed("getBytes", ResultSet::getBytes, v -> ((String) v).getBytes(StandardCharsets.UTF_8))
                        .row("12345678", "12345678").row("abc", "abc\0\0\0\0\0", "abc")
                        .row("日本", "日本\0\0", "日本").row("", "\0".repeat(8), "").build(),
                of("UUID", UUID.class).typed("getObject(UUID)", (rs, c) -> rs.getObject(c, UUID.class))
                        .row(new UUID(0, 0), "00000000-0000-0000-0000-000000000000")
                        .row(new UUID(-1, -1), "ffffffff-ffff-ffff-ffff-ffffffffffff")
                        .row(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "123e4567-e89b-12d3-a456-426614174000")
                        .build(),
                of("Enum8('min' = -128, 'it''s' = 0, 'max' = 127)", String.class).typed("getString", ResultSet::getString)
                        .row("min", "min").row("it's", "it's").row("max", "max").build(),
                of("Enum16('min' = -32768, 'max' = 32767)", String.class).typed("getString", ResultSet::getString)
                        .row("min", "min").row("max", "max").build(),
                of("IPv4", Inet4Address.class).typed("getString", ResultSet::getString, v -> ((InetAddress) v).getHostAddress())
                        .row(ip("0.0.0.0"), "0.0.0.0").row(ip("255.255.255.255"), "255.255.255.255")
                        .row(ip("192.168.1.1"), "192.168.1.1").build(),
                // IPv4-mapped addresses come back as Inet4Address (java.net unwraps them);
                // getObject(Inet6Address.class) gives the mapped IPv6 form.
                of("IPv6", InetAddress.class).typed("getObject(Inet6Address)", (rs, c) -> rs.getObject(c, Inet6Address.class),
                                v -> ipv6(((InetAddress) v).getHostAddress()))
                        .row(ip("::"), ipv6("::"), "::")
                        .row(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), ipv6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
                        .row(ip("2001:db8::1"), ipv6("2001:db8::1"), "2001:db8::1")
                        .row(ipv6("::ffff:1.2.3.4"), ip("1.2.3.4"), "::ffff:1.2.3.4")
                        .row(ip("10.0.0.1"), ip("10.0.0.1"), "::ffff:10.0.0.1").inRowBinary(ipv6("::ffff:10.0.0.1"))
                        .build());
    }

    static List<TypeCase> dateTimeCases() {
        ZoneId newYork = ZoneId.of("America/New_York");
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
        Getter zoned = (rs, c) -> rs.getObject(c, ZonedDateTime.class);
        Getter localDate = (rs, c) -> rs.getObject(c, LocalDate.class);
        Function<Object, Object> toLocalDate = v -> ((java.sql.Date) v).toLocalDate();
        List<TypeCase> cases = new ArrayList<>();
        cases.add(of("Date", java.sql.Date.class).typed("getObject(LocalDate)", localDate, toLocalDate)
                .row(LocalDate.of(1970, 1, 1), java.sql.Date.valueOf("1970-01-01"), "1970-01-01")
                .row(LocalDate.of(2149, 6, 6), java.sql.Date.valueOf("2149-06-06"), "2149-06-06")
                .row(java.sql.Date.valueOf("2000-02-29"), java.sql.Date.valueOf("2000-02-29"), "2000-02-29")
                .inRowBinary(LocalDate.of(2000, 2, 29))
                .build());
        cases.add(of("Date32", java.sql.Date.class).typed("getObject(LocalDate)", localDate, toLocalDate)
                .row(LocalDate.of(1900, 1, 1), java.sql.Date.valueOf("1900-01-01"), "1900-01-01")
                .row(LocalDate.of(2299, 12, 31), java.sql.Date.valueOf("2299-12-31"), "2299-12-31")
                .row(LocalDate.of(1969, 12, 31), java.sql.Date.valueOf("1969-12-31"), "1969-12-31").build());
        // DateTime: 1970-01-01 00:00:00 UTC .. 2106-02-07 06:28:15 UTC. getObject gives the wall clock
        // in the column's zone as a Timestamp; getObject(ZonedDateTime) the instant in that zone.
        cases.add(of("DateTime('America/New_York')", Timestamp.class)
                .typed("getObject(ZonedDateTime)", zoned, v -> ((Timestamp) v).toLocalDateTime().atZone(newYork))
                .row(Instant.EPOCH, wallClock("1969-12-31T19:00:00"), "1969-12-31 19:00:00")
                .row(Instant.parse("2106-02-07T06:28:15Z"), wallClock("2106-02-07T01:28:15"), "2106-02-07 01:28:15")
                .row(ZonedDateTime.of(2024, 3, 10, 3, 30, 0, 0, newYork), wallClock("2024-03-10T03:30:00"), "2024-03-10 03:30:00")
                .build());
        // DateTime64(p < 9): 1900-01-01 00:00:00 .. 2299-12-31 23:59:59.99999999 in the column's zone,
        // here none: the server's (X-ClickHouse-Timezone). Bound as Timestamp, which the driver sends as
        // a wall-clock literal: an Instant past 2262 cannot be sent on the VALUES path (see DriverLimitations).
        for (int precision : new int[] {0, 3, 6}) {
            int unit = (int) Math.pow(10, 9 - precision);
            String zeros = precision == 0 ? "" : "." + "0".repeat(precision);
            String nines = precision == 0 ? "" : "." + "9".repeat(precision);
            LocalDateTime last = LocalDateTime.of(2299, 12, 31, 23, 59, 59, 999_999_999 - 999_999_999 % unit);
            LocalDateTime leap = LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_789 - 123_456_789 % unit);
            cases.add(of("DateTime64(" + precision + ")", Timestamp.class)
                    .typed("getObject(ZonedDateTime)", zoned, v -> ((Timestamp) v).toLocalDateTime().atZone(serverZone()))
                    .row(Timestamp.valueOf(LocalDateTime.of(1900, 1, 1, 0, 0)), wallClock("1900-01-01T00:00:00"),
                            "1900-01-01 00:00:00" + zeros)
                    .row(Timestamp.valueOf(last), Timestamp.valueOf(last), "2299-12-31 23:59:59" + nines)
                    // nanoseconds: the column keeps what its precision holds
                    .row(Timestamp.valueOf(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_789)), Timestamp.valueOf(leap),
                            "2024-02-29 12:34:56" + (precision == 0 ? "" : ".123456789".substring(0, precision + 1)))
                    .build());
        }
        // DateTime64(9): 1900-01-01 .. 2262-04-11 23:47:16.854775807 UTC, here in a +05:45 zone.
        cases.add(of("DateTime64(9, 'Asia/Kathmandu')", Timestamp.class)
                .typed("getObject(ZonedDateTime)", zoned, v -> ((Timestamp) v).toLocalDateTime().atZone(kathmandu))
                .row(ZonedDateTime.of(1900, 1, 1, 0, 0, 0, 0, kathmandu), wallClock("1900-01-01T00:00:00"),
                        "1900-01-01 00:00:00.000000000")
                .row(Instant.parse("2262-04-11T23:47:16.854775807Z"),
                        Timestamp.valueOf(LocalDateTime.parse("2262-04-12T05:32:16.854775807")), "2262-04-12 05:32:16.854775807")
                .row(Instant.parse("1969-12-31T23:59:59.999999999Z"),
                        Timestamp.valueOf(LocalDateTime.parse("1970-01-01T05:29:59.999999999")), "1970-01-01 05:29:59.999999999")
                .build());
        return cases;
    }

    static List<TypeCase> compositeCases() {
        Getter array = (rs, c) -> rs.getArray(c).getArray();
        Getter asMap = (rs, c) -> rs.getObject(c, Map.class);
        String namedTuple = "Tuple(id UInt8, name Nullable(String), tags Array(String))";
        return List.of(
                // Arrays come back as java.sql.Array; getArray() gives Object[] (nested arrays nest).
                of("Array(Int32)", java.sql.Array.class).typed("getArray", array)
                        .row(List.of(), new Object[0], "[]")
                        .row(List.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE), new Object[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE},
                                "[-2147483648,0,2147483647]")
                        .row(new int[] {7}, new Object[] {7}, "[7]").build(),
                of("Array(Array(String))", java.sql.Array.class).typed("getArray", array)
                        .row(List.of(), new Object[0], "[]")
                        .row(List.of(List.of()), new Object[] {new Object[0]}, "[[]]")
                        .row(List.of(List.of(), List.of()), new Object[] {new Object[0], new Object[0]}, "[[],[]]")
                        .row(List.of(List.of("a", "b"), List.of(), List.of("it's", "\n\n", UNICODE)),
                                new Object[] {new Object[] {"a", "b"}, new Object[0], new Object[] {"it's", "\n\n", UNICODE}}, null)
                        .build(),
                of("Array(Nullable(Int64))", java.sql.Array.class).typed("getArray", array)
                        .row(Arrays.asList((Object) null), new Object[] {null}, "[NULL]")
                        .row(Arrays.asList(Long.MIN_VALUE, null, Long.MAX_VALUE), new Object[] {Long.MIN_VALUE, null, Long.MAX_VALUE},
                                "[-9223372036854775808,NULL,9223372036854775807]")
                        .row(List.of(), new Object[0], "[]").build(),
                // Tuples come back as Object[]. The VALUES path binds a java.sql.Struct from
                // createStruct; the RowBinary writer takes an Object[] instead (see DriverLimitations).
                of("Tuple(Int32, String)", Object[].class)
                        .row(struct("Tuple(Int32, String)", Integer.MIN_VALUE, "it's"), new Object[] {Integer.MIN_VALUE, "it's"},
                                "(-2147483648,'it\\'s')")
                        .inRowBinary(new Object[] {Integer.MIN_VALUE, "it's"}).build(),
                of(namedTuple, Object[].class)
                        .row(struct(namedTuple, (short) 255, null, List.of("a", "")), new Object[] {(short) 255, null, List.of("a", "")},
                                "(255,NULL,['a',''])")
                        .inRowBinary(new Object[] {(short) 255, null, List.of("a", "")}).build(),
                of("Map(String, Int64)", Map.class).typed("getObject(Map)", asMap)
                        .row(Map.of(), Map.of(), "{}")
                        .row(map("a", Long.MIN_VALUE, "it's", Long.MAX_VALUE, "", 0L), map("a", Long.MIN_VALUE, "it's", Long.MAX_VALUE, "", 0L),
                                "{'a':-9223372036854775808,'it\\'s':9223372036854775807,'':0}")
                        .build(),
                of("Map(String, Array(Nullable(Int32)))", Map.class).typed("getObject(Map)", asMap)
                        .row(map("k", Arrays.asList(1, null), "empty", List.of()), map("k", Arrays.asList(1, null), "empty", List.of()),
                                "{'k':[1,NULL],'empty':[]}")
                        .build(),
                // NULL is not the empty string, not the text 'NULL' and not \N.
                of("Nullable(Int32)", Integer.class).typed("getInt", ResultSet::getInt)
                        .row(null, null).row(Integer.MIN_VALUE, "-2147483648").row(0, "0").build(),
                of("Nullable(String)", String.class).typed("getString", ResultSet::getString)
                        .row(null, null).row("", "").row("NULL", "NULL").row("\\N", "\\N").build(),
                of("Nullable(Float64)", Double.class).typed("getDouble", ResultSet::getDouble)
                        .row(null, null).row(Double.NaN, "nan").row(-0.0d, "-0").build(),
                of("Nullable(DateTime64(3, 'Asia/Kathmandu'))", Timestamp.class).typed("getTimestamp", ResultSet::getTimestamp)
                        .row(null, null)
                        .row(Instant.parse("2000-01-01T00:00:00.001Z"), wallClock("2000-01-01T05:45:00.001"), "2000-01-01 05:45:00.001")
                        .build(),
                of("LowCardinality(String)", String.class).typed("getString", ResultSet::getString)
                        .row("", "").row("x", "x").row(UNICODE, UNICODE).row("x", "x").build(),
                of("LowCardinality(Nullable(String))", String.class).typed("getString", ResultSet::getString)
                        .row(null, null).row("", "").row("x", "x").build(),
                // JSON comes back as a Map of flattened paths ("b.c"); integers as Long. The RowBinary
                // writer sends a JSON value as a String, which the server only reads as such with
                // input_format_binary_read_json_as_string=1 (see DriverLimitations).
                of("JSON", Map.class).typed("getObject(Map)", asMap)
                        .row("{\"a\":1,\"b\":{\"c\":\"x\"},\"arr\":[1,2]}", map("a", 1L, "arr", List.of(1L, 2L), "b.c", "x"),
                                "{\"a\":1,\"arr\":[1,2],\"b\":{\"c\":\"x\"}}")
                        .row("{}", Map.of(), "{}")
                        .rowBinaryNeeds("clickhouse_setting_input_format_binary_read_json_as_string", "1").build());
    }

    /** java.sql.Array and List values as nested Object[], so that AssertJ compares them deeply. */
    static Object plain(Object value) {
        try {
            if (value instanceof java.sql.Array array) {
                return plain(array.getArray());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (value instanceof List<?> list) {
            return plain(list.toArray());
        }
        if (value instanceof Object[] array) {
            Object[] copy = new Object[array.length];
            for (int i = 0; i < array.length; i++) {
                copy[i] = plain(array[i]);
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, v instanceof List<?> || v instanceof Object[] ? Arrays.asList((Object[]) plain(v)) : v));
            return copy;
        }
        if (value != null && value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()
                && !(value instanceof byte[])) {
            int length = java.lang.reflect.Array.getLength(value);
            Object[] copy = new Object[length];
            for (int i = 0; i < length; i++) {
                copy[i] = java.lang.reflect.Array.get(value, i);
            }
            return copy;
        }
        return value;
    }

    static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Setter setter) {
            setter.set(statement, index);
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * Creates a table for {@code typeCase}, inserts its rows in one batch, reads them back and checks
     * every value with getObject, the typed getter and the server's own {@code toString(v)}.
     */
    static void roundTrip(Connection connection, TypeCase typeCase, boolean rowBinary) throws SQLException {
        String table = newTable(rowBinary ? "rt_rowbinary" : "rt_values");
        execute(connection, "CREATE TABLE " + table + " (id UInt32, v " + typeCase.type() + ") ENGINE = MergeTree ORDER BY id");
        List<Row> rows = typeCase.rows();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, ?)")) {
            assertThat(insert.getClass().getSimpleName()).as("the driver's insert path")
                    .isEqualTo(rowBinary ? "WriterStatementImpl" : "PreparedStatementImpl");
            for (int i = 0; i < rows.size(); i++) {
                insert.setInt(1, i);
                bind(insert, 2, rowBinary ? rows.get(i).rowBinaryBind() : rows.get(i).bind());
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            assertThat(counts).as("update counts of the batch (from X-ClickHouse-Summary)").hasSize(rows.size()).containsOnly(1);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, v, toString(v), toTypeName(v) FROM " + table + " ORDER BY id")) {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                String where = typeCase + " row " + i;
                assertThat(rs.next()).as(where + " is there").isTrue();
                assertThat(rs.getInt(1)).isEqualTo(i);
                assertThat(rs.getMetaData().getColumnTypeName(2)).as(where + ": column type")
                        .isEqualTo(rs.getString(4).replaceAll("\\(\\s+", "(").replaceAll(",\\s+", ", "));
                Object value = rs.getObject(2);
                if (row.expected() == null) {
                    assertThat(value).as(where + ": getObject").isNull();
                    assertThat(rs.wasNull()).as(where + ": wasNull").isTrue();
                    assertThat(rs.getString(3)).as(where + ": toString(v) on the server").isNull();
                    continue;
                }
                assertThat(value).as(where + ": getObject class").isInstanceOf(typeCase.javaClass());
                assertThat(plain(value)).as(where + ": getObject").isEqualTo(plain(row.expected()));
                assertThat(plain(typeCase.getter().get(rs, 2))).as(where + ": " + typeCase.getterName())
                        .isEqualTo(plain(row.typedExpected()));
                if (row.serverText() != null) {
                    assertThat(rs.getString(3)).as(where + ": toString(v) on the server").isEqualTo(row.serverText());
                }
            }
            assertThat(rs.next()).as("no extra rows").isFalse();
        }
    }

    // =======================================================================================
    // Specifications
    // =======================================================================================

    @Nested
    @DisplayName("every type of the catalogue")
    class EveryTypeOfTheCatalogue {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.engine.DriverRoundTripTest#catalogue")
        void roundTripsThroughTheDefaultValuesBatch(TypeCase typeCase) throws SQLException {
            try (Connection connection = connect()) {
                roundTrip(connection, typeCase, false);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.engine.DriverRoundTripTest#catalogue")
        void roundTripsThroughTheRowBinaryBatch(TypeCase typeCase) throws SQLException {
            // The driver first runs DESCRIBE TABLE to learn the column types, then streams RowBinary.
            Map<String, String> properties = new LinkedHashMap<>(ROW_BINARY);
            properties.putAll(typeCase.rowBinaryProperties());
            try (Connection connection = connect(properties)) {
                roundTrip(connection, typeCase, true);
            }
        }

        @ParameterizedTest(name = "rowBinary={0}")
        @ValueSource(booleans = {false, true})
        void binaryStringsAreStoredByteForByteAndReadBackRawWithBinaryStringSupport(boolean rowBinary) throws SQLException {
            byte[] allBytes = new byte[512];
            for (int i = 0; i < allBytes.length; i++) {
                allBytes[i] = (byte) (i % 256);
            }
            String table = newTable("binary");
            try (Connection connection = connect(rowBinary ? ROW_BINARY : Map.of())) {
                execute(connection, "CREATE TABLE " + table + " (id UInt8, v String) ENGINE = MergeTree ORDER BY id");
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, ?)")) {
                    insert.setInt(1, 1);
                    // VALUES path: unhex('...'); RowBinary: the raw bytes. (setBytes would do the same on the
                    // VALUES path but is a no-op in the RowBinary writer: see DriverLimitations.)
                    insert.setObject(2, allBytes);
                    insert.addBatch();
                    assertThat(insert.executeBatch()).containsExactly(1);
                }
                assertThat(queryString(connection, "SELECT hex(v) FROM " + table))
                        .as("the bytes as the server stores them").isEqualTo(HexFormat.of().withUpperCase().formatHex(allBytes));
                // Driver limitation: by default a String column is decoded as UTF-8, so getBytes gives
                // U+FFFD replacement characters for bytes that are not valid UTF-8.
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT v FROM " + table)) {
                    assertThat(rs.next()).isTrue();
                    String lossy = new String(allBytes, StandardCharsets.UTF_8);
                    assertThat(rs.getObject(1)).isEqualTo(lossy);
                    assertThat(rs.getBytes(1)).isEqualTo(lossy.getBytes(StandardCharsets.UTF_8)).isNotEqualTo(allBytes);
                }
            }
            // With the client option binary_string_support=true the bytes come back as stored.
            try (Connection connection = connect(Map.of("binary_string_support", "true"));
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT v FROM " + table)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).isEqualTo(allBytes);
            }
        }
    }

    /**
     * Where the driver, not the server, limits a round trip: the Java value is bound, and what
     * happens is asserted (an error, or the value the server ends up storing).
     */
    @Nested
    class DriverLimitations {

        record Limitation(String label, boolean rowBinary, String type, Setter bind, String errorFragment,
                          int serverCode, String storedText) {
            @Override
            public String toString() {
                return label;
            }

            static Limitation fails(String label, boolean rowBinary, String type, Setter bind, String fragment, int code) {
                return new Limitation(label, rowBinary, type, bind, fragment, code, null);
            }

            static Limitation stores(String label, boolean rowBinary, String type, Setter bind, String storedText) {
                return new Limitation(label, rowBinary, type, bind, null, 0, storedText);
            }
        }

        static Setter value(Object value) {
            return (ps, i) -> ps.setObject(i, value);
        }

        static Stream<Limitation> limitations() {
            Instant afterInt64Nanos = Instant.parse("2299-12-31T23:59:59.999Z");
            return Stream.of(
                    // The VALUES path sends Instant/LocalDateTime/ZonedDateTime as
                    // fromUnixTimestamp64Nano(<epoch nanos>); past 2262-04-11 the nanos leave Int64 and the
                    // server wraps them: the value is stored silently wrong. Timestamp is sent as text instead.
                    Limitation.stores("VALUES: an Instant after 2262 for DateTime64(3) is stored wrapped into 1715",
                            false, "DateTime64(3, 'UTC')", value(afterInt64Nanos), "1715-06-13 00:25:26.290"),
                    Limitation.stores("RowBinary: the same Instant after 2262 is stored exactly",
                            true, "DateTime64(3, 'UTC')", value(afterInt64Nanos), "2299-12-31 23:59:59.999"),
                    // The RowBinary writer serialises by column type and accepts fewer Java types.
                    Limitation.fails("RowBinary: java.sql.Date for Date is refused by the writer (LocalDate works)",
                            true, "Date", value(java.sql.Date.valueOf("2000-02-29")), "Cannot convert 2000-02-29 to Long", 0),
                    Limitation.fails("RowBinary: Inet4Address for IPv6 is refused by the writer (VALUES maps it)",
                            true, "IPv6", value(ip("1.2.3.4")), "cannot be cast to class java.net.Inet6Address", 0),
                    Limitation.fails("RowBinary: java.sql.Struct for Tuple is refused by the writer (Object[] works)",
                            true, "Tuple(Int32, String)", struct("Tuple(Int32, String)", 1, "a"), "as a tuple", 0),
                    Limitation.fails("VALUES: Object[] for Tuple is sent as an array literal [1,'a'] (Struct works)",
                            false, "Tuple(Int32, String)", value(new Object[] {1, "a"}), "There is no supertype", 386),
                    // The writer's setBytes does nothing at all: the value is silently missing.
                    Limitation.stores("RowBinary: setBytes is ignored, a Nullable(String) silently gets NULL",
                            true, "Nullable(String)", (ps, i) -> ps.setBytes(i, new byte[] {1, 2, 3}), null),
                    Limitation.fails("RowBinary: setBytes is ignored, a String column refuses the missing value",
                            true, "String", (ps, i) -> ps.setBytes(i, new byte[] {1, 2, 3}),
                            "An attempt to write null into not nullable column", 0),
                    // The writer sends JSON as a String; the server's RowBinary reader expects JSON's binary
                    // form unless input_format_binary_read_json_as_string=1, so it runs out of data.
                    Limitation.fails("RowBinary: a JSON String without input_format_binary_read_json_as_string=1",
                            true, "JSON", value("{\"a\":1}"), "Cannot read all data", 33));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("limitations")
        void theDriverBehavesAsDocumented(Limitation limitation) throws SQLException {
            String table = newTable("limit");
            try (Connection connection = connect(limitation.rowBinary() ? ROW_BINARY : Map.of())) {
                execute(connection, "CREATE TABLE " + table + " (id UInt8, v " + limitation.type() + ") ENGINE = MergeTree ORDER BY id");
                Throwable thrown = catchThrowable(() -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, ?)")) {
                        insert.setInt(1, 1);
                        limitation.bind().set(insert, 2);
                        insert.addBatch();
                        insert.executeBatch();
                    }
                });
                if (limitation.errorFragment() != null) {
                    assertThat(thrown).as("what the driver or server says").isInstanceOf(SQLException.class)
                            .hasMessageContaining(limitation.errorFragment());
                    if (limitation.serverCode() > 0) {
                        assertThat(((SQLException) thrown).getErrorCode()).isEqualTo(limitation.serverCode());
                    }
                    assertThat(queryLong(connection, "SELECT count() FROM " + table)).as("nothing stored").isZero();
                } else {
                    assertThat(thrown).as("the insert goes through").isNull();
                    assertThat(queryString(connection, "SELECT toString(v) FROM " + table)).isEqualTo(limitation.storedText());
                }
            }
        }
    }

    @Nested
    class BulkInsertAndRead {

        static final int ROWS = 100_000;

        @ParameterizedTest(name = "rowBinary={0}")
        @ValueSource(booleans = {false, true})
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        void aHundredThousandRowBatchArrivesWithExactCountAndChecksums(boolean rowBinary) throws SQLException {
            String table = newTable("bulk");
            long sumAmount = 0;
            long xorAmount = 0;
            long nameBytes = 0;
            try (Connection connection = connect(rowBinary ? ROW_BINARY : Map.of())) {
                execute(connection, "CREATE TABLE " + table + " (id UInt64, name String, amount Int64, at DateTime64(3, 'UTC'))"
                        + " ENGINE = MergeTree ORDER BY id");
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " (id, name, amount, at) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < ROWS; i++) {
                        String name = name(i);
                        long amount = amount(i);
                        insert.setLong(1, i);
                        insert.setString(2, name);
                        insert.setLong(3, amount);
                        insert.setObject(4, Instant.ofEpochMilli(1_700_000_000_000L + i));
                        insert.addBatch();
                        sumAmount += amount;
                        xorAmount ^= amount;
                        nameBytes += name.getBytes(StandardCharsets.UTF_8).length;
                    }
                    int[] counts = insert.executeBatch();
                    assertThat(counts).hasSize(ROWS).containsOnly(1);
                }
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT count(), sum(id), sum(amount), groupBitXor(amount), "
                             + "sum(length(name)), uniqExact(name), toUnixTimestamp64Milli(min(at)), toUnixTimestamp64Milli(max(at)) "
                             + "FROM " + table)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("count").isEqualTo(ROWS);
                    assertThat(rs.getObject(2, BigInteger.class)).as("sum(id)").isEqualTo(BigInteger.valueOf((long) ROWS * (ROWS - 1) / 2));
                    assertThat(rs.getLong(3)).as("sum(amount)").isEqualTo(sumAmount);
                    assertThat(rs.getLong(4)).as("groupBitXor(amount)").isEqualTo(xorAmount);
                    assertThat(rs.getLong(5)).as("bytes of all names").isEqualTo(nameBytes);
                    assertThat(rs.getLong(6)).as("distinct names").isEqualTo(ROWS);
                    assertThat(rs.getLong(7)).isEqualTo(1_700_000_000_000L);
                    assertThat(rs.getLong(8)).isEqualTo(1_700_000_000_000L + ROWS - 1);
                }
                // and row by row: a result of many blocks must read as one result set
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT id, name, amount FROM " + table + " ORDER BY id")) {
                    for (int i = 0; i < ROWS; i++) {
                        assertThat(rs.next()).as("row %d", i).isTrue();
                        if (rs.getLong(1) != i || !rs.getString(2).equals(name(i)) || rs.getLong(3) != amount(i)) {
                            assertThat(List.of(rs.getLong(1), rs.getString(2), rs.getLong(3))).as("row %d", i)
                                    .isEqualTo(List.of((long) i, name(i), amount(i)));
                        }
                    }
                    assertThat(rs.next()).as("no rows beyond %d", ROWS).isFalse();
                }
            }
        }

        static String name(int i) {
            return "row-" + i + (i % 1000 == 0 ? "\n\nblank line" : "") + (i % 777 == 0 ? " ünï" : "");
        }

        static long amount(int i) {
            return (i * 2_654_435_761L) ^ (i % 2 == 0 ? Long.MIN_VALUE : 0);
        }

        @Test
        void aResultOfManyBlocksReadsAsOneResultSet() throws SQLException {
            try (Connection connection = connect();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT number FROM numbers(300000)")) {
                long rows = 0;
                long sum = 0;
                while (rs.next()) {
                    sum += rs.getLong(1);
                    rows++;
                }
                assertThat(rows).isEqualTo(300_000);
                assertThat(sum).isEqualTo(300_000L * 299_999 / 2);
            }
        }

        @Test
        void aTableOfSeveralPartsReadsBackEveryRowOnce() throws SQLException {
            String table = newTable("parts");
            try (Connection connection = connect()) {
                execute(connection, "CREATE TABLE " + table + " (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
                for (int part = 0; part < 3; part++) {
                    execute(connection, "INSERT INTO " + table + " VALUES (" + part + ", 'part " + part + "')");
                }
                List<String> rows = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT id, s FROM " + table + " ORDER BY id")) {
                    while (rs.next()) {
                        rows.add(rs.getInt(1) + ":" + rs.getString(2));
                    }
                }
                assertThat(rows).containsExactly("0:part 0", "1:part 1", "2:part 2");
            }
        }
    }

    @Nested
    class Mutations {

        private String table;

        /** Ten rows (id 1..10, v = id, s = 'row'), with the columns lightweight UPDATE needs. */
        @BeforeEach
        void tenRows() throws SQLException {
            table = newTable("mutations");
            try (Connection connection = connect()) {
                execute(connection, "CREATE TABLE " + table + " (id UInt32, v Int64, s String) ENGINE = MergeTree ORDER BY id"
                        + " SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1");
                execute(connection, "INSERT INTO " + table + " SELECT number + 1, number + 1, 'row' FROM numbers(10)");
            }
        }

        private String rows(Connection connection) throws SQLException {
            return queryString(connection, "SELECT arrayStringConcat(groupArray(concat(toString(id), '=', toString(v), ':', s)), ' ')"
                    + " FROM (SELECT * FROM " + table + " ORDER BY id)");
        }

        @Test
        void alterTableUpdateWithMutationsSync2IsVisibleRightAfterTheCall() throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                int updated = statement.executeUpdate("ALTER TABLE " + table + " UPDATE v = -v, s = 'upd' WHERE id <= 3"
                        + " SETTINGS mutations_sync = 2");
                assertThat(updated).as("ALTER reports no written rows").isZero();
                assertThat(rows(connection)).startsWith("1=-1:upd 2=-2:upd 3=-3:upd 4=4:row ");
                assertThat(queryLong(connection, "SELECT count() FROM system.mutations WHERE database = currentDatabase()"
                        + " AND table = '" + table + "' AND NOT is_done")).as("mutations still running").isZero();
            }
        }

        @Test
        void alterTableDeleteWithMutationsSync2IsVisibleRightAfterTheCall() throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("ALTER TABLE " + table + " DELETE WHERE id IN (4, 5) SETTINGS mutations_sync = 2");
                assertThat(queryLong(connection, "SELECT count() FROM " + table)).isEqualTo(8);
                assertThat(rows(connection)).startsWith("1=1:row 2=2:row 3=3:row 6=6:row ");
            }
        }

        @Test
        void lightweightDeleteIsVisibleRightAfterTheCall() throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM " + table + " WHERE id = 10 OR s = 'nothing'");
                assertThat(queryLong(connection, "SELECT count() FROM " + table)).isEqualTo(9);
                assertThat(rows(connection)).endsWith(" 9=9:row");
            }
        }

        @Test
        void lightweightUpdateIsVisibleRightAfterTheCall() throws SQLException {
            // 26.7 runs UPDATE ... SET on tables with the block number and offset columns, no setting needed.
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE " + table + " SET s = 'light', v = v * 1000 WHERE id = 7");
                assertThat(rows(connection)).contains(" 6=6:row 7=7000:light 8=8:row ");
            }
        }
    }

    @Nested
    class ErrorCodes {

        record ErrorCase(String label, String sql, int code, String name, String text) {
            @Override
            public String toString() {
                return label + " -> " + code;
            }
        }

        static final String PROBE = "errors_probe";

        @BeforeAll
        static void probeTable() throws SQLException {
            try (Connection connection = connect()) {
                execute(connection, "CREATE TABLE IF NOT EXISTS " + PROBE + " (id UInt32, i Int32) ENGINE = MergeTree ORDER BY id");
            }
        }

        static Stream<ErrorCase> errors() {
            return Stream.of(
                    new ErrorCase("unknown table", "SELECT * FROM no_such_table", 60, "UNKNOWN_TABLE", "no_such_table"),
                    new ErrorCase("syntax error", "SELEC 1", 62, "SYNTAX_ERROR", "Syntax error"),
                    new ErrorCase("unknown column", "SELECT no_such_column FROM " + PROBE, 47, "UNKNOWN_IDENTIFIER", "no_such_column"),
                    new ErrorCase("type mismatch", "SELECT 1 + 'a'", 43, "ILLEGAL_TYPE_OF_ARGUMENT", "of function plus"),
                    new ErrorCase("parse error", "SELECT toInt32('abc')", 6, "CANNOT_PARSE_TEXT", "Cannot parse string 'abc' as Int32"),
                    new ErrorCase("parse error in INSERT data", "INSERT INTO " + PROBE + " (id, i) VALUES (1, 'abc')",
                            6, "CANNOT_PARSE_TEXT", "Cannot parse string 'abc' as Int32"),
                    new ErrorCase("INSERT data cut short", "INSERT INTO " + PROBE + " (id, i) VALUES (1, 2", 62, "SYNTAX_ERROR",
                            "Cannot parse expression of type Int32"),
                    new ErrorCase("unknown database", "SELECT * FROM no_such_db.t", 81, "UNKNOWN_DATABASE", "no_such_db"),
                    new ErrorCase("unknown function", "SELECT noSuchFunction(1)", 46, "UNKNOWN_FUNCTION", "noSuchFunction"),
                    new ErrorCase("throwIf message", "SELECT throwIf(number = 3, 'boom at three') FROM numbers(5)",
                            395, "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO", "boom at three"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("errors")
        void aServerErrorBecomesAnSqlExceptionWithClickHouseCodeAndText(ErrorCase error) throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                Throwable thrown = catchThrowable(() -> statement.execute(error.sql()));
                assertThat(thrown).as(error.sql()).isInstanceOf(SQLException.class);
                assertThat(((SQLException) thrown).getErrorCode()).as("error code").isEqualTo(error.code());
                assertThat(thrown.getMessage()).startsWith("Code: " + error.code() + ". DB::Exception: ")
                        .contains("(" + error.name() + ")").contains(error.text());
                assertThat(queryLong(connection, "SELECT count() FROM " + PROBE)).as("nothing inserted").isZero();
                // and the connection is still good
                assertThat(queryLong(connection, "SELECT 41 + 1")).isEqualTo(42);
            }
        }

        @Test
        void aBatchWithOneBadRowFailsWholeAndStoresNothing() throws SQLException {
            String table = newTable("bad_batch");
            try (Connection connection = connect()) {
                execute(connection, "CREATE TABLE " + table + " (id UInt32, i Int32) ENGINE = MergeTree ORDER BY id");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, i) VALUES (?, ?)");
                for (int i = 0; i < 1000; i++) {
                    insert.setInt(1, i);
                    if (i == 700) {
                        insert.setString(2, "seven hundred");
                    } else {
                        insert.setInt(2, i);
                    }
                    insert.addBatch();
                }
                assertThatThrownBy(insert::executeBatch).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(6))
                        .hasMessageContaining("seven hundred");
                assertThat(queryLong(connection, "SELECT count() FROM " + table)).as("rows of the failed batch").isZero();
            }
        }
    }

    @Nested
    class Metadata {

        @Test
        void getTablesAndGetColumnsListTheTestTablesWithTheirTypes() throws SQLException {
            String first = newTable("meta");
            String second = newTable("meta");
            try (Connection connection = connect()) {
                execute(connection, "CREATE TABLE " + first + " (id UInt64, name Nullable(String), at DateTime64(3, 'UTC'),"
                        + " tags Array(String), price Decimal(18, 4)) ENGINE = MergeTree ORDER BY id");
                execute(connection, "CREATE TABLE " + second + " (k Int32) ENGINE = Memory");
                DatabaseMetaData metaData = connection.getMetaData();

                List<String> tables = new ArrayList<>();
                try (ResultSet rs = metaData.getTables(null, database, "meta%", null)) {
                    while (rs.next()) {
                        assertThat(rs.getString("TABLE_SCHEM")).isEqualTo(database);
                        tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
                    }
                }
                assertThat(tables).contains(first + ":TABLE", second + ":MEMORY TABLE");

                List<String> columns = new ArrayList<>();
                try (ResultSet rs = metaData.getColumns(null, database, first, "%")) {
                    while (rs.next()) {
                        columns.add(rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME") + " "
                                + rs.getString("TYPE_NAME") + " " + JdbcTypeName.of(rs.getInt("DATA_TYPE")) + " "
                                + rs.getString("IS_NULLABLE"));
                    }
                }
                // UInt64 maps to NUMERIC: its values need BigInteger (getObject gives BigInteger)
                assertThat(columns).containsExactly(
                        "1 id UInt64 NUMERIC NO",
                        "2 name Nullable(String) VARCHAR YES",
                        "3 at DateTime64(3, 'UTC') TIMESTAMP NO",
                        "4 tags Array(String) ARRAY NO",
                        "5 price Decimal(18, 4) DECIMAL NO");
            }
        }
    }

    /** Readable names of java.sql.Types constants. */
    static final class JdbcTypeName {
        static String of(int type) {
            for (java.lang.reflect.Field field : Types.class.getFields()) {
                try {
                    if (field.getInt(null) == type) {
                        return field.getName();
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Integer.toString(type);
        }
    }

    @Nested
    class Concurrency {

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        void eightConnectionsInsertAndSelectInTheirOwnTablesWithExactCounts() throws Exception {
            int threads = 8;
            int rounds = 5;
            int batch = 2_000;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String table = newTable("concurrent");
                    results.add(pool.submit(() -> {
                        try (Connection connection = connect()) {
                            execute(connection, "CREATE TABLE " + table + " (id UInt32, who String) ENGINE = MergeTree ORDER BY id");
                            start.await(30, TimeUnit.SECONDS);
                            try (PreparedStatement insert = connection.prepareStatement(
                                    "INSERT INTO " + table + " (id, who) VALUES (?, ?)")) {
                                for (int round = 0; round < rounds; round++) {
                                    for (int i = 0; i < batch; i++) {
                                        insert.setInt(1, round * batch + i);
                                        insert.setString(2, table);
                                        insert.addBatch();
                                    }
                                    assertThat(insert.executeBatch()).hasSize(batch).containsOnly(1);
                                    long n = (long) (round + 1) * batch;
                                    assertThat(queryLong(connection, "SELECT count() FROM " + table)).isEqualTo(n);
                                    assertThat(queryLong(connection, "SELECT sum(id) FROM " + table)).isEqualTo(n * (n - 1) / 2);
                                    assertThat(queryLong(connection, "SELECT countIf(who != '" + table + "') FROM " + table)).isZero();
                                }
                            }
                        }
                        return table;
                    }));
                }
                for (Future<String> result : results) {
                    assertThat(result.get(100, TimeUnit.SECONDS)).startsWith("concurrent_");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class MultiStatements {

        private String victim;

        @BeforeEach
        void victim() throws SQLException {
            victim = newTable("victim");
            try (Connection connection = connect()) {
                execute(connection, "CREATE TABLE " + victim + " (id UInt32) ENGINE = MergeTree ORDER BY id");
                execute(connection, "INSERT INTO " + victim + " VALUES (1), (2), (3)");
            }
        }

        static final List<String> TEXTS = List.of(
                "SELECT 1; DROP TABLE {victim}",
                "SELECT 1;DROP TABLE {victim};",
                "SELECT 'a;b'; -- a comment\nDROP TABLE {victim}",
                "SELECT 1; TRUNCATE TABLE {victim}",
                "INSERT INTO {victim} SELECT 4; DROP TABLE {victim}",
                "INSERT INTO {victim} VALUES (4); DROP TABLE {victim}",
                "INSERT INTO {victim} FORMAT Values (4); TRUNCATE TABLE {victim}");

        /**
         * The driver's default SQL parser (JAVACC) refuses most multi-statement texts itself; with
         * jdbc_sql_parser=ANTLR4 it sends every text as it is, so the server has to refuse them.
         */
        static Stream<Arguments> texts() {
            return Stream.of("JAVACC", "ANTLR4").flatMap(parser -> TEXTS.stream().map(text -> Arguments.of(parser, text)));
        }

        private String victimRows(Connection connection) throws SQLException {
            return tableExists(connection, victim)
                    ? queryString(connection, "SELECT toString(groupArray(id)) FROM (SELECT id FROM " + victim + " ORDER BY id)")
                    : "(dropped)";
        }

        private void assertVictimUntouched(Connection connection) throws SQLException {
            assertThat(victimRows(connection)).as("victim table and rows").isEqualTo("[1,2,3]");
        }

        @ParameterizedTest(name = "parser {0}: {1}")
        @MethodSource("texts")
        void multiStatementTextIsRefusedAndNoneOfItRuns(String parser, String text) throws SQLException {
            String sql = text.replace("{victim}", victim);
            try (Connection connection = connect(Map.of("jdbc_sql_parser", parser));
                 Statement statement = connection.createStatement()) {
                Throwable thrown = catchThrowable(() -> statement.execute(sql));
                assertThat(thrown).as("refused: %s (victim afterwards: %s)", sql, victimRows(connection)).isNotNull();
                if (thrown instanceof SQLException refused) {
                    // the server's answer: ClickHouse's multi-statement syntax error (or, for data after
                    // the semicolon of a VALUES insert, "Cannot read data after semicolon")
                    assertThat(refused.getErrorCode()).as("ClickHouse error code of: %s", refused.getMessage()).isIn(62, 33);
                } else {
                    // Driver limitation: its JAVACC parser throws a RuntimeException, not an SQLException.
                    assertThat(thrown).hasMessageContaining("More than one SQL statement");
                }
                assertVictimUntouched(connection);
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"SELECT 'a;b'", "SELECT 1;", "SELECT 1 ; -- trailing comment", "SELECT ';' AS `x;y`"})
        void aSingleStatementWithSemicolonsInsideOrAtTheEndRuns(String sql) throws SQLException {
            try (Connection connection = connect(Map.of("jdbc_sql_parser", "ANTLR4"));
                 Statement statement = connection.createStatement()) {
                assertThat(statement.execute(sql)).isTrue();
                assertVictimUntouched(connection);
            }
        }
    }

    @Nested
    class Settings {

        private String baseline(Connection connection, String setting) throws SQLException {
            return queryString(connection, "SELECT toString(getSetting('" + setting + "'))");
        }

        static Stream<Arguments> ways() {
            return Stream.of(
                    Arguments.of("JDBC URL ?clickhouse_setting_max_threads=1", "?clickhouse_setting_max_threads=1"
                            + "&clickhouse_setting_max_result_rows=123456", Map.of()),
                    Arguments.of("property clickhouse_setting_max_threads", "",
                            Map.of("clickhouse_setting_max_threads", "1", "clickhouse_setting_max_result_rows", "123456")),
                    Arguments.of("property custom_settings (deprecated)", "",
                            Map.of("custom_settings", "max_threads=1,max_result_rows=123456")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("ways")
        void aDriverSettingAppliesToItsConnectionAndDoesNotLeakIntoAnother(String label, String urlSuffix,
                                                                          Map<String, String> properties) throws SQLException {
            try (Connection plain = connect()) {
                String threads = baseline(plain, "max_threads");
                String resultRows = baseline(plain, "max_result_rows");
                assumeThat(threads).as("max_threads=1 must differ from the default to show anything").isNotEqualTo("1");
                Properties props = new Properties();
                props.setProperty("user", "default");
                props.setProperty("password", "");
                properties.forEach(props::setProperty);
                try (Connection tuned = DriverManager.getConnection(server.jdbcUrl(database) + urlSuffix, props)) {
                    // Interleaved, so that one pooled engine connection serves both in turn.
                    for (int i = 0; i < 10; i++) {
                        assertThat(baseline(tuned, "max_threads")).as("tuned connection, query %d", i).isEqualTo("1");
                        assertThat(baseline(tuned, "max_result_rows")).isEqualTo("123456");
                        assertThat(baseline(plain, "max_threads")).as("plain connection, query %d", i).isEqualTo(threads);
                        assertThat(baseline(plain, "max_result_rows")).isEqualTo(resultRows);
                    }
                }
                assertThat(baseline(plain, "max_threads")).as("after the tuned connection closed").isEqualTo(threads);
            }
        }

        @Test
        void aSetStatementLastsOneRequestAsOnClickHouseHttpWithoutSession() throws SQLException {
            try (Connection a = connect(); Connection b = connect(); Statement statement = a.createStatement()) {
                String threads = baseline(b, "max_threads");
                statement.execute("SET max_threads = 1");
                assertThat(baseline(b, "max_threads")).as("another connection").isEqualTo(threads);
                assertThat(baseline(a, "max_threads")).as("the next request of the same connection").isEqualTo(threads);
            }
        }

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        void concurrentConnectionsEachSeeOnlyTheirOwnSettings() throws Exception {
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int own = 10 + t;
                    results.add(pool.submit(() -> {
                        try (Connection connection = connect(Map.of("clickhouse_setting_max_threads", Integer.toString(own)))) {
                            start.await(30, TimeUnit.SECONDS);
                            for (int i = 0; i < 50; i++) {
                                assertThat(baseline(connection, "max_threads")).as("connection %d, query %d", own, i)
                                        .isEqualTo(Integer.toString(own));
                            }
                        }
                        return own;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertThat(result.get(100, TimeUnit.SECONDS)).isBetween(10, 10 + threads);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
