package dev.chorm.hibernate.type;

import dev.chorm.hibernate.type.ClickHouseType.Simple;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** chorm's default ClickHouse column type for each Java type (the type table of docs/types.md). */
public final class JavaDefaults {

    /** Hibernate's default for BigDecimal without precision/scale, as in the dialect's DDL. */
    public static final ClickHouseType.Decimal DEFAULT_DECIMAL = new ClickHouseType.Decimal(38, 2);

    /** Hibernate's encoding of a Duration: nanoseconds as NUMERIC(21). */
    public static final ClickHouseType.Decimal DURATION = new ClickHouseType.Decimal(21, 0);

    private JavaDefaults() {
    }

    /**
     * chorm's default ClickHouse type for a Java type, composites included ({@code List<int[]>} is
     * {@code Array(Array(Int32))}); null when there is none.
     */
    public static ClickHouseType of(Type javaType) {
        Class<?> raw = raw(javaType);
        if (raw == byte[].class || raw == Byte[].class || raw == String.class || raw == char[].class || raw == Character[].class) {
            return Simple.STRING;
        }
        if (raw.isArray()) {
            ClickHouseType element = of(javaType instanceof GenericArrayType generic
                    ? generic.getGenericComponentType() : raw.getComponentType());
            return element == null ? null : new ClickHouseType.Array(element);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            ClickHouseType element = of(typeArgument(javaType, 0));
            return element == null ? null : new ClickHouseType.Array(element);
        }
        if (Map.class.isAssignableFrom(raw)) {
            ClickHouseType key = of(typeArgument(javaType, 0));
            ClickHouseType value = of(typeArgument(javaType, 1));
            return key == null || value == null ? null : new ClickHouseType.Map(key, value);
        }
        if (TupleClasses.isTuple(raw)) {
            List<ClickHouseType.Tuple.Element> elements = new ArrayList<>();
            for (TupleClasses.Component component : TupleClasses.components(raw)) {
                ClickHouseType element = of(component.type());
                if (element == null) {
                    return null;
                }
                elements.add(new ClickHouseType.Tuple.Element(component.name(), element));
            }
            return new ClickHouseType.Tuple(elements);
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            Map<String, Integer> values = new LinkedHashMap<>();
            for (Object constant : constants) {
                values.put(((Enum<?>) constant).name(), ((Enum<?>) constant).ordinal());
            }
            return ClickHouseType.Enum.of(values);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Simple.BOOL;
        } else if (raw == byte.class || raw == Byte.class) {
            return Simple.INT8;
        } else if (raw == short.class || raw == Short.class) {
            return Simple.INT16;
        } else if (raw == int.class || raw == Integer.class) {
            return Simple.INT32;
        } else if (raw == long.class || raw == Long.class) {
            return Simple.INT64;
        } else if (raw == Duration.class) {
            return DURATION;
        } else if (raw == BigInteger.class) {
            return Simple.INT256;
        } else if (raw == float.class || raw == Float.class) {
            return Simple.FLOAT32;
        } else if (raw == double.class || raw == Double.class) {
            return Simple.FLOAT64;
        } else if (raw == BigDecimal.class) {
            return DEFAULT_DECIMAL;
        } else if (raw == UUID.class) {
            return Simple.UUID;
        } else if (raw == LocalDate.class) {
            return Simple.DATE32;
        } else if (raw == LocalDateTime.class) {
            return new ClickHouseType.DateTime64(6, null);
        } else if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return new ClickHouseType.DateTime64(6, "UTC");
        } else if (raw == LocalTime.class) {
            return new ClickHouseType.Time64(6);
        } else if (raw == Inet4Address.class) {
            return Simple.IPV4;
        } else if (raw == Inet6Address.class || raw == InetAddress.class) {
            return Simple.IPV6;
        }
        return null;
    }

    static Class<?> raw(Type type) {
        return CompositeValueType.raw(type);
    }

    static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }
}
