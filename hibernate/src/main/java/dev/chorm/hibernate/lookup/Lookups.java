package dev.chorm.hibernate.lookup;

import dev.chorm.hibernate.type.SqlQuoting;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;

import java.lang.reflect.Array;
import dev.chorm.hibernate.type.TupleClasses;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * ClickHouse's array, map, tuple and IP lookups for Criteria queries, typed, so that function names
 * are not spelled as strings. Values may be plain Java values, collections, arrays, maps and records,
 * nested to any depth; they are written into the query as ClickHouse literals.
 *
 * <pre>{@code
 * cq.where(Lookups.hasAll(cb, root.get("cube"), List.of(List.of(List.of(12L, 13L, 0L, 1L), List.of(12L)))));
 * cq.select(Lookups.element(cb, root.get("tags"), 1));   // 1-based, as in ClickHouse
 * }</pre>
 *
 * Indexes are 1-based, as everywhere in ClickHouse (see {@link ClickHouseLookupFunctions}).
 */
public final class Lookups {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

    private Lookups() {
    }

    /** {@code has(array, element)}: the array contains the element. */
    public static Expression<Boolean> has(CriteriaBuilder cb, Expression<?> array, Object element) {
        return cb.function("has", Boolean.class, array, value(cb, element));
    }

    /** {@code equals(value, other)}: the whole array, map or tuple equals {@code other} (Django's {@code exact}). */
    public static Expression<Boolean> equalTo(CriteriaBuilder cb, Expression<?> value, Object other) {
        return cb.function("equals", Boolean.class, value, value(cb, other));
    }

    /** {@code hasAll(array, subset)}: the array contains every element of {@code subset} (Django's {@code contains}). */
    public static Expression<Boolean> hasAll(CriteriaBuilder cb, Expression<?> array, Object subset) {
        return cb.function("hasAll", Boolean.class, array, value(cb, subset));
    }

    /** {@code hasAll(superset, array)}: every element of the array is in {@code superset} (Django's {@code contained_by}). */
    public static Expression<Boolean> containedBy(CriteriaBuilder cb, Expression<?> array, Object superset) {
        return cb.function("hasAll", Boolean.class, value(cb, superset), array);
    }

    /** {@code hasAny(array, other)}: the arrays share an element (Django's {@code overlap}). */
    public static Expression<Boolean> hasAny(CriteriaBuilder cb, Expression<?> array, Object other) {
        return cb.function("hasAny", Boolean.class, array, value(cb, other));
    }

    /** {@code length(x)}: elements of an array, entries of a map. */
    public static Expression<Integer> length(CriteriaBuilder cb, Expression<?> arrayOrMap) {
        return cb.function("length", Integer.class, arrayOrMap);
    }

    /** {@code arrayElement(array, index)}: the element at a 1-based index (negative counts from the end). */
    public static <T> Expression<T> element(CriteriaBuilder cb, Expression<?> array, int index, Class<T> type) {
        return cb.function("arrayElement", type, array, cb.literal(index));
    }

    /** {@code arraySlice(array, offset, length)}: the elements from the 1-based {@code offset}. */
    public static <T> Expression<T> slice(CriteriaBuilder cb, Expression<T> array, int offset, int length) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) array.getJavaType();
        return cb.function("arraySlice", type, array, cb.literal(offset), cb.literal(length));
    }

    /** {@code mapContains(map, key)}: the map has the key (Django's {@code has_key}). */
    public static Expression<Boolean> mapContains(CriteriaBuilder cb, Expression<?> map, Object key) {
        return cb.function("mapContains", Boolean.class, map, value(cb, key));
    }

    /** {@code map[key]}: the value for the key (the value type's default when the key is absent, as in ClickHouse). */
    public static <T> Expression<T> mapValue(CriteriaBuilder cb, Expression<?> map, Object key, Class<T> type) {
        return cb.function("arrayElement", type, map, value(cb, key));
    }

    /** {@code mapKeys(map)}, as a List. */
    public static Expression<Object> mapKeys(CriteriaBuilder cb, Expression<?> map) {
        return cb.function("mapKeys", Object.class, map);
    }

    /** {@code mapValues(map)}, as a List. */
    public static Expression<Object> mapValues(CriteriaBuilder cb, Expression<?> map) {
        return cb.function("mapValues", Object.class, map);
    }

    /** {@code tupleElement(tuple, index)}: a tuple element by 1-based index. */
    public static <T> Expression<T> tupleElement(CriteriaBuilder cb, Expression<?> tuple, int index, Class<T> type) {
        return cb.function("tupleElement", type, tuple, cb.literal(index));
    }

    /** {@code tupleElement(tuple, 'name')}: a named tuple's element (a record component). */
    public static <T> Expression<T> tupleElement(CriteriaBuilder cb, Expression<?> tuple, String name, Class<T> type) {
        return cb.function("tupleElement", type, tuple, cb.literal(name));
    }

    /** {@code isIPAddressInRange(ip, cidr)}: the address lies in the CIDR range ({@code '10.0.0.0/8'}). */
    public static Expression<Boolean> inRange(CriteriaBuilder cb, Expression<?> ip, String cidr) {
        return cb.function("isIPAddressInRange", Boolean.class, ip, cb.literal(cidr));
    }

    /** A Java value as a query expression: a ClickHouse literal for composites, a typed literal otherwise. */
    private static Expression<?> value(CriteriaBuilder cb, Object value) {
        if (value instanceof Expression<?> expression) {
            return expression;
        }
        return ((HibernateCriteriaBuilder) cb).sql(literal(value), Object.class);
    }

    /**
     * The ClickHouse literal of a Java value: {@code [1, 2]} for collections and arrays, {@code map(k, v)}
     * for maps, {@code tuple(...)} for records, quoted strings, typed dates and times.
     */
    public static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String || value instanceof Enum<?> || value instanceof Character) {
            return SqlQuoting.quoteString(value instanceof Enum<?> e ? e.name() : value.toString());
        }
        if (value instanceof Boolean || value instanceof Byte || value instanceof Short || value instanceof Integer
                || value instanceof Long || value instanceof java.math.BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : value.toString();
        }
        if (value instanceof UUID) {
            return "toUUID('" + value + "')";
        }
        if (value instanceof InetAddress address) {
            return SqlQuoting.quoteString(address.getHostAddress());
        }
        if (value instanceof LocalDate date) {
            return "toDate32('" + date + "')";
        }
        if (value instanceof LocalDateTime dateTime) {
            return "toDateTime64('" + DATE_TIME.format(dateTime) + "',9)";
        }
        Instant instant = value instanceof Instant i ? i : value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof ZonedDateTime z ? z.toInstant() : null;
        if (instant != null) {
            return "toDateTime64('" + DATE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "',9,'UTC')";
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner entries = new StringJoiner(",", "map(", ")");
            map.forEach((k, v) -> entries.add(literal(k) + "," + literal(v)));
            return entries.toString();
        }
        if (value instanceof Collection<?> collection) {
            StringJoiner elements = new StringJoiner(",", "[", "]");
            collection.forEach(element -> elements.add(literal(element)));
            return elements.toString();
        }
        if (value.getClass().isArray()) {
            StringJoiner elements = new StringJoiner(",", "[", "]");
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(literal(Array.get(value, i)));
            }
            return elements.toString();
        }
        if (TupleClasses.isTuple(value.getClass())) {
            StringJoiner elements = new StringJoiner(",", "tuple(", ")");
            for (TupleClasses.Component component : TupleClasses.components(value.getClass())) {
                elements.add(literal(component.reader().apply(value)));
            }
            return elements.toString();
        }
        throw new IllegalArgumentException("no ClickHouse literal for a " + value.getClass().getName() + ": " + value);
    }
}
