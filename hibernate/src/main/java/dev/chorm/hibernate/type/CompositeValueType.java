package dev.chorm.hibernate.type;

import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import org.hibernate.HibernateException;
import org.hibernate.type.SqlTypes;
import org.hibernate.usertype.AnnotationBasedUserType;
import org.hibernate.usertype.UserTypeCreationContext;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The Hibernate type behind {@link Composite}: maps, nested arrays and collections, and records, bound
 * as the driver's composite values (lists, maps, {@code java.sql.Struct} tuples) and read back into the
 * attribute's exact generic Java type, so that {@code Map<String, List<Integer>>} comes back as such,
 * empty and nested-empty values included.
 */
public final class CompositeValueType implements AnnotationBasedUserType<Composite, Object> {

    private Type javaType;
    private Class<Object> javaClass;
    private String tupleTypeName;
    /**
     * For a map or collection of immutable values (e.g. {@code Map<String, String>}): the classes its keys
     * and values (or elements) must have for {@link #deepCopy} to copy only the container; null otherwise.
     */
    private Class<?>[] immutableParts;

    @Override
    @SuppressWarnings("unchecked")
    public void initialize(Composite annotation, UserTypeCreationContext context) {
        java.lang.reflect.Member member = javaMember(context);
        javaType = member instanceof Field field ? field.getGenericType()
                : member instanceof Method method ? method.getGenericReturnType() : Object.class;
        javaClass = (Class<Object>) raw(javaType);
        immutableParts = immutableParts(javaType, javaClass);
        if (TupleClasses.isTuple(javaClass)) {
            ColumnType declared = member instanceof java.lang.reflect.AnnotatedElement element
                    ? element.getAnnotation(ColumnType.class) : null;
            tupleTypeName = declared != null ? ClickHouseType.parse(declared.value()).render() : null;
        }
    }

    /**
     * The attribute's field or getter. Read reflectively: hibernate-models, which describes members, is
     * only a runtime dependency of Hibernate.
     */
    private static java.lang.reflect.Member javaMember(UserTypeCreationContext context) {
        try {
            Object details = UserTypeCreationContext.class.getMethod("getMemberDetails").invoke(context);
            Class<?> memberDetails = Class.forName("org.hibernate.models.spi.MemberDetails", false,
                    details.getClass().getClassLoader());
            return (java.lang.reflect.Member) memberDetails.getMethod("toJavaMember").invoke(details);
        } catch (ReflectiveOperationException e) {
            throw new HibernateException("cannot find the attribute of a @Composite mapping", e);
        }
    }

    @Override
    public int getSqlType() {
        return SqlTypes.OTHER;
    }

    @Override
    public Class<Object> returnedClass() {
        return javaClass;
    }

    @Override
    public boolean equals(Object x, Object y) {
        return Objects.deepEquals(x, y);
    }

    @Override
    public int hashCode(Object x) {
        return Arrays.deepHashCode(new Object[]{x});
    }

    @Override
    public Object nullSafeGet(ResultSet rs, int position, org.hibernate.type.descriptor.WrapperOptions options) throws SQLException {
        return fromDriver(rs.getObject(position), javaType);
    }

    @Override
    public void nullSafeSet(PreparedStatement st, Object value, int index, org.hibernate.type.descriptor.WrapperOptions options)
            throws SQLException {
        if (value == null) {
            st.setNull(index, Types.OTHER);
        } else if (TupleClasses.isTuple(value.getClass())) {
            st.setObject(index, st.getConnection().createStruct(tupleTypeName(), (Object[]) toDriver(value)));
        } else {
            st.setObject(index, toDriver(value));
        }
    }

    private String tupleTypeName() {
        if (tupleTypeName == null) {
            tupleTypeName = Objects.requireNonNull(JavaDefaults.of(javaType), "no ClickHouse type for " + javaType).render();
        }
        return tupleTypeName;
    }

    @Override
    public Object deepCopy(Object value) {
        if (value == null) {
            return null;
        }
        Object copy = immutableParts == null ? null : containerCopy(value);
        return copy != null ? copy : fromDriver(toDriver(value), javaType);
    }

    /** Classes {@link #fromDriver} keeps as they are (same instance), and that cannot change. */
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Long.class, Integer.class, Short.class, Byte.class,
            Double.class, Float.class, Boolean.class, BigDecimal.class, BigInteger.class, UUID.class, LocalDate.class,
            LocalDateTime.class, Instant.class);

    private static Class<?>[] immutableParts(Type type, Class<?> raw) {
        Class<?> container = Map.class.isAssignableFrom(raw) ? LinkedHashMap.class
                : SortedSet.class.isAssignableFrom(raw) ? TreeSet.class
                : Set.class.isAssignableFrom(raw) ? LinkedHashSet.class
                : Collection.class.isAssignableFrom(raw) ? ArrayList.class : null;
        if (container == null || !raw.isAssignableFrom(container)) {
            return null; // not a container fromDriver makes
        }
        int arguments = Map.class.isAssignableFrom(raw) ? 2 : 1;
        Class<?>[] parts = new Class<?>[arguments];
        for (int i = 0; i < arguments; i++) {
            Type argument = typeArgument(type, i);
            if (!(argument instanceof Class<?> part) || !IMMUTABLE.contains(part) && !part.isEnum()) {
                return null;
            }
            parts[i] = part;
        }
        return parts;
    }

    /**
     * The copy {@code fromDriver(toDriver(value))} makes, made directly: a new container of the same
     * elements, when each already has its declared immutable class (what a loaded value holds); null when
     * one does not, so that the general conversion decides.
     */
    private Object containerCopy(Object value) {
        if (value instanceof Map<?, ?> map && immutableParts.length == 2) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!isPart(entry.getKey(), immutableParts[0]) || !isPart(entry.getValue(), immutableParts[1])) {
                    return null;
                }
            }
            return new LinkedHashMap<>(map);
        }
        if (value instanceof Collection<?> collection && immutableParts.length == 1) {
            for (Object element : collection) {
                if (!isPart(element, immutableParts[0])) {
                    return null;
                }
            }
            return SortedSet.class.isAssignableFrom(javaClass) ? new TreeSet<>(collection)
                    : Set.class.isAssignableFrom(javaClass) ? new LinkedHashSet<>(collection) : new ArrayList<>(collection);
        }
        return null;
    }

    private static boolean isPart(Object part, Class<?> type) {
        return part == null || part.getClass() == type || type.isEnum() && type.isInstance(part);
    }

    @Override
    public boolean isMutable() {
        return true;
    }

    @Override
    public Serializable disassemble(Object value) {
        return (Serializable) toDriver(value);
    }

    @Override
    public Object assemble(Serializable cached, Object owner) {
        return fromDriver(cached, javaType);
    }

    // ------------------------------------------------------------------ conversions

    /** A value as the driver read it, with arrays ({@code java.sql.Array}, Object[]) as lists, recursively. */
    public static Object normalized(Object value) {
        try {
            if (value instanceof java.sql.Array array) {
                value = array.getArray();
            }
        } catch (SQLException e) {
            throw new HibernateException(e);
        }
        if (value == null || value instanceof byte[]) {
            return value;
        }
        if (value.getClass().isArray() || value instanceof Collection<?>) {
            List<Object> list = new ArrayList<>();
            elements(value).forEach(element -> list.add(normalized(element)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(normalized(k), normalized(v)));
            return copy;
        }
        return value;
    }

    /** Java value to what the driver binds: lists for arrays and collections, maps, Object[] for records. */
    static Object toDriver(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            collection.forEach(element -> list.add(toDriver(element)));
            return list;
        }
        if (value.getClass().isArray() && !(value instanceof byte[])) {
            int length = java.lang.reflect.Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(toDriver(java.lang.reflect.Array.get(value, i)));
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(toDriver(k), toDriver(v)));
            return copy;
        }
        if (TupleClasses.isTuple(value.getClass())) {
            List<TupleClasses.Component> components = TupleClasses.components(value.getClass());
            Object[] elements = new Object[components.size()];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = toDriver(components.get(i).reader().apply(value));
            }
            return elements;
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value;
    }

    /** A value the driver read, converted to {@code target}, recursively. */
    static Object fromDriver(Object value, Type target) {
        if (value == null) {
            return null;
        }
        if ((target == String.class || target == Long.class || target == Integer.class || target == Double.class)
                && ((Class<?>) target).isInstance(value)) {
            return value; // the common map keys and values, already what they must be
        }
        Class<?> raw = raw(target);
        try {
            if (value instanceof java.sql.Array array) {
                value = array.getArray();
            }
        } catch (SQLException e) {
            throw new HibernateException(e);
        }
        if (raw.isArray() && raw != byte[].class) {
            List<?> elements = elements(value);
            Type component = target instanceof GenericArrayType generic ? generic.getGenericComponentType() : raw.getComponentType();
            Object array = java.lang.reflect.Array.newInstance(raw.getComponentType(), elements.size());
            for (int i = 0; i < elements.size(); i++) {
                Object element = fromDriver(elements.get(i), component);
                if (element != null || !raw.getComponentType().isPrimitive()) {
                    java.lang.reflect.Array.set(array, i, element);
                }
            }
            return array;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Type elementType = typeArgument(target, 0);
            Collection<Object> collection = SortedSet.class.isAssignableFrom(raw) ? new TreeSet<>()
                    : Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            for (Object element : elements(value)) {
                collection.add(fromDriver(element, elementType));
            }
            return collection;
        }
        if (Map.class.isAssignableFrom(raw) && value instanceof Map<?, ?> map) {
            Map<Object, Object> result = new LinkedHashMap<>();
            Type keyType = typeArgument(target, 0);
            Type valueType = typeArgument(target, 1);
            map.forEach((k, v) -> result.put(fromDriver(k, keyType), fromDriver(v, valueType)));
            return result;
        }
        if (TupleClasses.isTuple(raw)) {
            List<?> elements = elements(value);
            List<TupleClasses.Component> components = TupleClasses.components(raw);
            Object[] arguments = new Object[components.size()];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = fromDriver(i < elements.size() ? elements.get(i) : null, components.get(i).type());
            }
            return TupleClasses.create(raw, arguments);
        }
        return scalar(value, box(raw));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object scalar(Object value, Class<?> type) {
        if (type.isInstance(value) && type != Object.class) {
            return value;
        }
        if (type.isEnum()) {
            if (value instanceof Number number) {
                return type.getEnumConstants()[number.intValue()];
            }
            return Enum.valueOf((Class<? extends Enum>) type, value.toString());
        }
        if (value instanceof Number number) {
            if (type == Integer.class) {
                return number.intValue();
            } else if (type == Long.class) {
                return number.longValue();
            } else if (type == Short.class) {
                return number.shortValue();
            } else if (type == Byte.class) {
                return number.byteValue();
            } else if (type == Double.class) {
                return number.doubleValue();
            } else if (type == Float.class) {
                return number.floatValue();
            } else if (type == BigInteger.class) {
                return number instanceof BigDecimal d ? d.toBigIntegerExact() : new BigInteger(number.toString());
            } else if (type == BigDecimal.class) {
                return new BigDecimal(number.toString());
            }
        }
        if (type == String.class) {
            return value instanceof InetAddress address ? address.getHostAddress() : value.toString();
        }
        if (type == UUID.class) {
            return UUID.fromString(value.toString());
        }
        if (InetAddress.class.isAssignableFrom(type) && value instanceof InetAddress address) {
            return type == Inet6Address.class && address instanceof Inet4Address v4 ? IpText.mapped(v4) : address;
        }
        if (type == java.time.LocalTime.class && value instanceof LocalDateTime dateTime) {
            return dateTime.toLocalTime(); // the driver reads Time64 as a date-time on 1970-01-01
        }
        if (type == LocalDate.class && value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        Instant instant = value instanceof ZonedDateTime z ? z.toInstant() : value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof java.sql.Timestamp t ? t.toInstant() : null;
        if (type == LocalDateTime.class) {
            return value instanceof ZonedDateTime z ? z.toLocalDateTime() : value instanceof java.sql.Timestamp t ? t.toLocalDateTime() : value;
        }
        if (instant != null) {
            if (type == Instant.class) {
                return instant;
            } else if (type == OffsetDateTime.class) {
                return instant.atOffset(ZoneOffset.UTC);
            } else if (type == ZonedDateTime.class) {
                return instant.atZone(ZoneOffset.UTC);
            }
        }
        if (type == Boolean.class && value instanceof Number number) {
            return number.intValue() != 0;
        }
        return value;
    }

    private static List<?> elements(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value.getClass().isArray()) {
            int length = java.lang.reflect.Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(java.lang.reflect.Array.get(value, i));
            }
            return list;
        }
        throw new HibernateException("expected an array from ClickHouse, got " + value.getClass().getName());
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        } else if (type instanceof ParameterizedType p) {
            return raw(p.getRawType());
        } else if (type instanceof GenericArrayType g) {
            return java.lang.reflect.Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        } else if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static Class<?> box(Class<?> type) {
        return type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    }
}
