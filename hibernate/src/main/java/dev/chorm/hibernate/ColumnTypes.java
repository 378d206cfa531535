package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.type.ClickHouseType;
import dev.chorm.hibernate.type.ClickHouseType.Simple;
import dev.chorm.hibernate.type.InvalidTypeException;
import dev.chorm.hibernate.type.JavaDefaults;
import dev.chorm.hibernate.type.TupleClasses;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.hibernate.MappingException;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.AggregateColumn;
import org.hibernate.mapping.BasicValue;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Table;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ClickHouse type of an entity attribute's column: chorm's one place that decides it, for
 * schema export, startup checks and value validation.
 *
 * <ol>
 *   <li>{@link ColumnType @ColumnType("...")}: exactly that type, checked against the Java type;</li>
 *   <li>{@code @Column(columnDefinition = "...")}: that type;</li>
 *   <li>Java types Hibernate has no ClickHouse notion of: enums ({@code Enum8}/{@code Enum16} of the
 *       constant names, valued by ordinal), {@code BigInteger} ({@code Int256}), {@code Inet4Address}
 *       ({@code IPv4}), arrays and collections ({@code Array(T)}), and for {@link Composite} attributes
 *       maps, nested arrays and records ({@code Map(K, V)}, {@code Array(Array(T))}, named {@code Tuple});</li>
 *   <li>otherwise the type Hibernate's dialect names for the JDBC type.</li>
 * </ol>
 * Then {@link LowCardinality} wraps it, and a nullable attribute of a non-primitive type gets
 * {@code Nullable} where ClickHouse allows it (not for an explicit {@code @ColumnType}, nor for arrays
 * and maps, which cannot be Nullable).
 */
final class ColumnTypes {

    private ColumnTypes() {
    }

    /** The column's type; a mapping ClickHouse cannot store fails with the entity, the attribute and the rule. */
    static ClickHouseType of(Table table, Column column, Metadata metadata, Members.Member member) {
        if (column instanceof AggregateColumn aggregate) {
            return EmbeddableTuples.tupleOf(table, aggregate, metadata);
        }
        String where = member == null ? "Column " + table.getName() + "." + column.getName()
                : "Entity " + declaringClass(member).getSimpleName() + ", attribute " + memberName(member)
                  + " (column " + table.getName() + "." + column.getName() + ")";
        return of(table, column, metadata, member, where, column.getSqlType() != null);
    }

    /**
     * The type of a column, {@code where} naming it in messages; {@code definedSqlType} says whether the
     * column's SQL type text was given by the mapping (a {@code columnDefinition}) rather than derived.
     */
    static ClickHouseType of(Table table, Column column, Metadata metadata, Members.Member member, String where,
                             boolean definedSqlType) {
        ColumnType declared = member == null ? null : member.element().getAnnotation(ColumnType.class);
        ClickHouseType type;
        boolean explicit = declared != null;
        try {
            if (declared != null) {
                type = ClickHouseType.parse(declared.value());
                String misfit = misfit(type, genericType(member), enumerated(member));
                if (misfit != null) {
                    throw new MappingException(where + ": @ColumnType(\"" + declared.value() + "\") does not fit the Java type "
                            + genericType(member).getTypeName() + ": " + misfit);
                }
            } else {
                ClickHouseType derived = definedSqlType || member == null || !(column.getValue() instanceof BasicValue)
                        || hasOwnJdbcMapping(column, member) ? null
                        : member.element().isAnnotationPresent(Composite.class) ? fromJava(genericType(member))
                        : derived(genericType(member));
                if (derived == null && member != null && member.element().isAnnotationPresent(Composite.class)) {
                    throw new MappingException(where + ": chorm has no default ClickHouse type for "
                            + genericType(member).getTypeName() + "; give one with @ColumnType");
                }
                type = derived != null ? derived : ClickHouseType.parse(column.getSqlType(metadata));
            }
            if (member != null && type.baseType() instanceof ClickHouseType.Json) {
                Class<?> raw = raw(genericType(member));
                if (Collection.class.isAssignableFrom(raw) || (raw.isArray() && raw != byte[].class)) {
                    throw new MappingException(where + ": a ClickHouse JSON column holds an object, not a "
                            + raw.getSimpleName() + "; map the list as an Array column, or put it in a Map");
                }
            }
            if (member != null && member.element().isAnnotationPresent(LowCardinality.class) && !type.isLowCardinality()) {
                type = type.withLowCardinality();
            }
            boolean primitive = member != null && member.type().isPrimitive(); // never null in Java
            if (!explicit && column.isNullable() && !primitive && !type.isNullable() && canBeNullable(type)) {
                type = type.withNullable();
            }
            return type;
        } catch (InvalidTypeException e) {
            throw new MappingException(where + " cannot be mapped to ClickHouse: " + e.getMessage(), e);
        }
    }

    /** Whether ClickHouse lets {@code Nullable} wrap the type (arrays, maps and the like cannot be). */
    static boolean canBeNullable(ClickHouseType type) {
        if (type instanceof ClickHouseType.Tuple) {
            return false; // refused by default (enable_nullable_tuple_type)
        }
        try {
            type.withNullable();
            return true;
        } catch (InvalidTypeException e) {
            return false;
        }
    }

    /** A converter or an explicit JDBC type code decides the column, not the Java type. */
    private static boolean hasOwnJdbcMapping(Column column, Members.Member member) {
        if (member.element().isAnnotationPresent(JdbcTypeCode.class)
                || member.element().isAnnotationPresent(org.hibernate.annotations.JdbcType.class)
                || member.element().isAnnotationPresent(jakarta.persistence.Convert.class)) {
            return true;
        }
        return column.getValue() instanceof BasicValue basic && basic.getJpaAttributeConverterDescriptor() != null;
    }

    /** The type chorm derives from the Java type where Hibernate's own mapping is not the ClickHouse one; null if none. */
    private static ClickHouseType derived(Type javaType) {
        Class<?> raw = raw(javaType);
        if (raw.isEnum() || raw == BigInteger.class || raw == Inet4Address.class
                || (raw.isArray() && raw != byte[].class && raw != Byte[].class && raw != char[].class && raw != Character[].class)
                || Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            return fromJava(javaType);
        }
        return null;
    }

    /** chorm's default ClickHouse type for a Java type, composites included; null when there is none. */
    static ClickHouseType fromJava(Type javaType) {
        return JavaDefaults.of(javaType);
    }

    // ------------------------------------------------------------------ does a declared type fit the Java type?

    /** Why values of {@code javaType} do not fit a column of {@code type}; null when they do. */
    static String misfit(ClickHouseType type, Type javaType, EnumType enumerated) {
        Class<?> raw = box(raw(javaType));
        ClickHouseType base = type.baseType();
        if (base instanceof ClickHouseType.Json || raw == Object.class) {
            return null;
        }
        if (base instanceof Simple simple && simple.isInteger()) {
            if (raw == Duration.class && (simple == Simple.INT64 || simple == Simple.INT128 || simple == Simple.INT256)) {
                return null;
            }
            int javaBits = integerBits(raw);
            if (javaBits == 0) {
                return base.render() + " needs an integer Java type (byte, short, int, long, BigInteger)";
            }
            int bits = simple.integerRange().orElseThrow().max().bitLength() + 1; // Java integers are signed
            if (javaBits < bits) {
                return "a " + raw.getSimpleName() + " cannot hold every " + base.render() + " value ("
                        + simple.integerRange().orElseThrow().min() + ".." + simple.integerRange().orElseThrow().max()
                        + "); use " + wideEnough(bits);
            }
            return null;
        }
        if (base == Simple.FLOAT32) {
            return raw == Float.class || raw == Double.class ? null : "Float32 needs a float or double";
        }
        if (base == Simple.FLOAT64) {
            return raw == Double.class ? null : "Float64 needs a double (a float would lose digits)";
        }
        if (base == Simple.BOOL) {
            return raw == Boolean.class ? null : "Bool needs a boolean";
        }
        if (base instanceof ClickHouseType.Decimal decimal) {
            return raw == BigDecimal.class || ((raw == BigInteger.class || raw == Duration.class) && decimal.scale() == 0) ? null
                    : base.render() + " needs a BigDecimal";
        }
        if (base == Simple.STRING || base instanceof ClickHouseType.FixedString) {
            return raw == String.class || raw == byte[].class || raw.isEnum() ? null : base.render() + " needs a String or byte[]";
        }
        if (base instanceof ClickHouseType.Enum enumType) {
            if (raw == String.class) {
                return null; // checked value by value before sending
            }
            if (!raw.isEnum()) {
                return base.render() + " needs a Java enum or a String";
            }
            for (Object constant : raw.getEnumConstants()) {
                Enum<?> value = (Enum<?>) constant;
                Integer declared = enumType.values().get(value.name());
                if (declared == null) {
                    return "the constant " + value.name() + " is not declared in " + base.render();
                }
                if (enumerated != EnumType.STRING && declared != value.ordinal()) {
                    return "the constant " + value.name() + " is stored by ordinal (" + value.ordinal() + ") but declared as "
                            + declared + "; map it with @Enumerated(EnumType.STRING) or declare the ordinals";
                }
            }
            return null;
        }
        if (base == Simple.UUID) {
            return raw == UUID.class || raw == String.class ? null : "UUID needs a java.util.UUID";
        }
        if (base == Simple.DATE || base == Simple.DATE32) {
            return raw == LocalDate.class || raw == java.sql.Date.class ? null : base.render() + " needs a LocalDate";
        }
        if (base instanceof ClickHouseType.DateTime || base instanceof ClickHouseType.DateTime64) {
            return raw == LocalDateTime.class || raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class
                    || java.util.Date.class.isAssignableFrom(raw) || raw == java.util.Calendar.class ? null
                    : base.render() + " needs a LocalDateTime, Instant, OffsetDateTime or ZonedDateTime";
        }
        if (base == Simple.TIME || base instanceof ClickHouseType.Time64) {
            return raw == LocalTime.class || raw == java.sql.Time.class ? null : base.render() + " needs a LocalTime";
        }
        if (base == Simple.IPV4) {
            return raw == Inet4Address.class || raw == InetAddress.class || raw == String.class ? null
                    : "IPv4 needs an Inet4Address (or a String, checked before sending)";
        }
        if (base == Simple.IPV6) {
            return raw == Inet6Address.class || raw == InetAddress.class || raw == String.class ? null
                    : "IPv6 needs an InetAddress or Inet6Address (or a String, checked before sending)";
        }
        if (base instanceof ClickHouseType.Array array) {
            Type element = elementType(javaType);
            if (element == null) {
                return base.render() + " needs a Java array, List or Set";
            }
            String inner = misfit(array.element(), element, enumerated);
            return inner == null ? null : "element: " + inner;
        }
        if (base instanceof ClickHouseType.Map map) {
            if (!Map.class.isAssignableFrom(raw)) {
                return base.render() + " needs a java.util.Map";
            }
            String key = misfit(map.key(), typeArgument(javaType, 0), enumerated);
            if (key != null) {
                return "key: " + key;
            }
            String value = misfit(map.value(), typeArgument(javaType, 1), enumerated);
            return value == null ? null : "value: " + value;
        }
        if (base instanceof ClickHouseType.Tuple tuple && TupleClasses.isTuple(raw)) {
            List<TupleClasses.Component> components = TupleClasses.components(raw);
            if (components.size() != tuple.elements().size()) {
                return base.render() + " has " + tuple.elements().size() + " elements, the class " + raw.getSimpleName()
                        + " " + components.size();
            }
            for (int i = 0; i < components.size(); i++) {
                String inner = misfit(tuple.elements().get(i).type(), components.get(i).type(), enumerated);
                if (inner != null) {
                    return components.get(i).name() + ": " + inner;
                }
            }
        }
        return null;
    }

    private static String wideEnough(int bits) {
        return bits <= 8 ? "byte" : bits <= 16 ? "short (or wider)" : bits <= 32 ? "int (or wider)" : bits <= 64 ? "long (or BigInteger)" : "BigInteger";
    }

    /** Bits of a signed Java integer type; BigInteger is unbounded; 0 for non-integers. */
    private static int integerBits(Class<?> type) {
        if (type == Byte.class) {
            return 8;
        } else if (type == Short.class) {
            return 16;
        } else if (type == Integer.class) {
            return 32;
        } else if (type == Long.class) {
            return 64;
        } else if (type == BigInteger.class) {
            return Integer.MAX_VALUE;
        }
        return 0;
    }

    // ------------------------------------------------------------------ reflection

    static Type genericType(Members.Member member) {
        AnnotatedElement element = member.element();
        if (element instanceof Field field) {
            return field.getGenericType();
        }
        if (element instanceof Method method) {
            return method.getGenericReturnType();
        }
        return member.type();
    }

    private static EnumType enumerated(Members.Member member) {
        Enumerated enumerated = member.element().getAnnotation(Enumerated.class);
        return enumerated == null ? EnumType.ORDINAL : enumerated.value();
    }

    static Class<?> declaringClass(Members.Member member) {
        return member.element() instanceof Member m ? m.getDeclaringClass() : Object.class;
    }

    static String memberName(Members.Member member) {
        if (member.element() instanceof Method method) {
            String name = method.getName().startsWith("is") ? method.getName().substring(2) : method.getName().substring(3);
            return Character.toLowerCase(name.charAt(0)) + name.substring(1);
        }
        return member.element() instanceof Member m ? m.getName() : "?";
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return raw(p.getRawType());
        }
        if (type instanceof GenericArrayType g) {
            return java.lang.reflect.Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }

    /** The element type of a Java array or collection; null for other types. */
    static Type elementType(Type type) {
        Class<?> raw = raw(type);
        if (type instanceof GenericArrayType generic) {
            return generic.getGenericComponentType();
        }
        if (raw.isArray()) {
            return raw.getComponentType();
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return typeArgument(type, 0);
        }
        return null;
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }
}
