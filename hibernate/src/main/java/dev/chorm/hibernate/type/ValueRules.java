package dev.chorm.hibernate.type;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a ClickHouse column can hold exactly, checked on Java values before they are sent: ClickHouse
 * itself would wrap an out-of-range integer, clamp a date, cut a FixedString or store 0 for a NULL,
 * without an error.
 *
 * <ul>
 *   <li>integers ({@code Int8}..{@code UInt256}): within the type's range;</li>
 *   <li>{@code Float32}: a finite double within float's range;</li>
 *   <li>{@code Decimal(P, S)}: at most P - S integer digits and S fraction digits;</li>
 *   <li>{@code FixedString(N)}: at most N bytes (UTF-8 bytes of a String, not chars);</li>
 *   <li>{@code Enum8/16}: a declared name (a String attribute);</li>
 *   <li>{@code IPv4}/{@code IPv6}: an IP literal (a String attribute; no DNS lookup), an
 *       {@code Inet4Address} for {@code IPv4};</li>
 *   <li>{@code Date} 1970-01-01..2149-06-06, {@code Date32} 1900-01-01..2299-12-31, {@code DateTime}
 *       1970-01-01 00:00:00..2106-02-07 06:28:15 UTC, {@code DateTime64} 1900-01-01..2299-12-31
 *       (precision 9: ..2262-04-11 23:47:16.854775807 UTC);</li>
 *   <li>null only in a {@code Nullable} column;</li>
 *   <li>the elements of arrays, the keys and values of maps, the elements of tuples, recursively.</li>
 * </ul>
 */
public final class ValueRules {

    static final LocalDate DATE_MIN = LocalDate.of(1970, 1, 1);
    static final LocalDate DATE_MAX = LocalDate.of(2149, 6, 6);
    static final LocalDate DATE32_MIN = LocalDate.of(1900, 1, 1);
    static final LocalDate DATE32_MAX = LocalDate.of(2299, 12, 31);
    static final Instant DATETIME_MIN = Instant.EPOCH;
    static final Instant DATETIME_MAX = Instant.parse("2106-02-07T06:28:15Z");
    static final LocalDateTime DATETIME64_MIN = LocalDateTime.of(1900, 1, 1, 0, 0);
    static final LocalDateTime DATETIME64_MAX = LocalDateTime.of(2299, 12, 31, 23, 59, 59, 999_999_999);
    static final Instant DATETIME64_9_MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private ValueRules() {
    }

    /** Why a column of {@code type} cannot hold {@code value} exactly; null when it can. */
    public static String problem(ClickHouseType type, Object value) {
        if (value == null) {
            return type.isNullable() ? null : "null, but the column type " + type.render() + " is not Nullable";
        }
        ClickHouseType base = type.baseType();
        String problem = baseProblem(base, value);
        return problem == null ? null : describe(value) + " " + problem;
    }

    private static String baseProblem(ClickHouseType base, Object value) {
        if (base instanceof ClickHouseType.Simple simple) {
            if (simple.isInteger()) {
                BigInteger integer = integer(value);
                IntegerRange range = simple.integerRange().orElseThrow();
                return integer == null || range.contains(integer) ? null
                        : "is outside " + base.render() + " (" + range.min() + ".." + range.max() + ")";
            }
            switch (simple) {
                case FLOAT32 -> {
                    if (value instanceof Double d && Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                        return "is outside Float32 (±" + Float.MAX_VALUE + ")";
                    }
                }
                case DATE -> {
                    return dateProblem(value, DATE_MIN, DATE_MAX, "Date");
                }
                case DATE32 -> {
                    return dateProblem(value, DATE32_MIN, DATE32_MAX, "Date32");
                }
                case IPV4 -> {
                    if (value instanceof String text && !IpText.isIpv4(text.strip())) {
                        return "is not an IPv4 address";
                    }
                    if (value instanceof InetAddress address && !(address instanceof Inet4Address)) {
                        return "is not an IPv4 address";
                    }
                }
                case IPV6 -> {
                    if (value instanceof String text && !IpText.isIp(text)) {
                        return "is not an IP address";
                    }
                }
                default -> {
                }
            }
            return null;
        }
        if (base instanceof ClickHouseType.FixedString fixed) {
            int length = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8).length
                    : value instanceof byte[] bytes ? bytes.length : -1;
            return length > fixed.length() ? "has " + length + " bytes, more than " + base.render() + " holds" : null;
        }
        if (base instanceof ClickHouseType.Decimal decimal && value instanceof BigDecimal number) {
            BigDecimal stripped = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
            int scale = Math.max(stripped.scale(), 0);
            int integerDigits = Math.max(stripped.precision() - stripped.scale(), 0);
            if (integerDigits > decimal.precision() - decimal.scale()) {
                return "overflows " + base.render() + " (at most " + (decimal.precision() - decimal.scale()) + " integer digits)";
            }
            if (scale > decimal.scale()) {
                return "has more than " + decimal.scale() + " fraction digits, which " + base.render() + " would cut off";
            }
            return null;
        }
        if (base instanceof ClickHouseType.Enum enumType && value instanceof String name) {
            return enumType.values().containsKey(name) ? null : "is not declared in " + base.render();
        }
        if (base instanceof ClickHouseType.DateTime) {
            Instant instant = instant(value);
            return instant == null || (!instant.isBefore(DATETIME_MIN) && !instant.isAfter(DATETIME_MAX)) ? null
                    : "is outside DateTime (1970-01-01 00:00:00 .. 2106-02-07 06:28:15 UTC)";
        }
        if (base instanceof ClickHouseType.DateTime64 dateTime64) {
            LocalDateTime utc = value instanceof LocalDateTime local ? local
                    : instant(value) == null ? null : LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
            if (utc == null) {
                return null;
            }
            boolean beyond = utc.isBefore(DATETIME64_MIN) || utc.isAfter(DATETIME64_MAX)
                    || (dateTime64.precision() == 9 && utc.toInstant(ZoneOffset.UTC).isAfter(DATETIME64_9_MAX));
            return beyond ? "is outside " + base.render() + " (1900-01-01 00:00:00 .. "
                    + (dateTime64.precision() == 9 ? "2262-04-11 23:47:16.854775807" : "2299-12-31 23:59:59.999999999") + ")" : null;
        }
        if (base instanceof ClickHouseType.Array array) {
            int i = 0;
            for (Object element : elements(value)) {
                String problem = problem(array.element(), element);
                if (problem != null) {
                    return "has at [" + (i + 1) + "] (1-based) " + problem;
                }
                i++;
            }
            return null;
        }
        if (base instanceof ClickHouseType.Map map && value instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                String problem = problem(map.key(), entry.getKey());
                if (problem == null) {
                    problem = problem(map.value(), entry.getValue());
                }
                if (problem != null) {
                    return "has at key " + entry.getKey() + " " + problem;
                }
            }
            return null;
        }
        if (base instanceof ClickHouseType.Tuple tuple && TupleClasses.isTuple(value.getClass())) {
            List<TupleClasses.Component> components = matched(tuple, TupleClasses.components(value.getClass()));
            for (int i = 0; i < components.size() && i < tuple.elements().size(); i++) {
                String problem = problem(tuple.elements().get(i).type(), components.get(i).reader().apply(value));
                if (problem != null) {
                    return "has in " + components.get(i).name() + " " + problem;
                }
            }
        }
        return null;
    }

    /**
     * The class's components in the tuple's element order: by name when every element names one (an
     * embeddable's tuple leaves out its transient fields), else by position.
     */
    private static List<TupleClasses.Component> matched(ClickHouseType.Tuple tuple, List<TupleClasses.Component> components) {
        if (!tuple.isNamed()) {
            return components;
        }
        List<TupleClasses.Component> byName = new java.util.ArrayList<>();
        for (ClickHouseType.Tuple.Element element : tuple.elements()) {
            components.stream().filter(c -> c.name().equals(element.name())).findFirst().ifPresent(byName::add);
        }
        return byName.size() == tuple.elements().size() ? byName : components;
    }

    private static String dateProblem(Object value, LocalDate min, LocalDate max, String type) {
        LocalDate date = value instanceof LocalDate d ? d : value instanceof java.sql.Date d ? d.toLocalDate() : null;
        return date == null || (!date.isBefore(min) && !date.isAfter(max)) ? null
                : "is outside " + type + " (" + min + " .. " + max + ")";
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        } else if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        } else if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        } else if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        } else if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        return null;
    }

    private static BigInteger integer(Object value) {
        if (value instanceof BigInteger b) {
            return b;
        } else if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            return d.toBigIntegerExact();
        }
        return null;
    }

    private static Iterable<?> elements(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            java.util.List<Object> list = new java.util.ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        return java.util.List.of();
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "value '" + (s.length() > 100 ? s.substring(0, 100) + "..." : s) + "'";
        }
        if (value instanceof InetAddress address) {
            return "value " + address.getHostAddress();
        }
        if (value.getClass().isArray() && !(value instanceof byte[])) {
            return "value " + java.util.Arrays.deepToString(new Object[]{value}).replaceAll("^\\[|\\]$", "");
        }
        return "value " + value;
    }
}
