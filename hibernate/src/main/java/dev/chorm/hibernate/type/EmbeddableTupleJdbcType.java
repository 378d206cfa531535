package dev.chorm.hibernate.type;

import org.hibernate.HibernateException;
import org.hibernate.boot.Metadata;
import org.hibernate.dialect.aggregate.AggregateSupport;
import org.hibernate.mapping.AggregateColumn;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Value;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.EmbeddableMappingType;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.spi.RuntimeModelCreationContext;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.AggregateJdbcType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.StructAttributeValues;
import org.hibernate.type.descriptor.jdbc.StructHelper;
import org.hibernate.type.spi.TypeConfiguration;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Binds and reads a JPA embeddable that Hibernate maps as one column (an aggregate embeddable:
 * {@code @Struct} on the class or {@code @JdbcTypeCode(SqlTypes.STRUCT)} on the attribute) as a
 * ClickHouse named {@code Tuple}. Values are sent as a {@link Struct} of the tuple's elements (the
 * driver writes it as a tuple literal) and read from the driver's tuple value.
 *
 * <p>The element order and types come from the column's {@code Tuple} type, which chorm derives at
 * startup and writes into Hibernate's boot model; Hibernate orders an embeddable's attributes by name,
 * the tuple by declaration, so elements are matched by their column names.
 */
final class EmbeddableTupleJdbcType implements AggregateJdbcType {

    private static final java.time.format.DateTimeFormatter DATE_TIME_TEXT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

    private final EmbeddableMappingType embeddable;
    private final Metadata bootModel;
    /** The Tuple type of each aggregate column of the persistence unit, as chorm decided it at startup. */
    private final Map<AggregateColumn, ClickHouseType.Tuple> declared;
    private volatile Layout layout;

    /**
     * The column's tuple: its type text, and for each element (in tuple order) the position of the
     * embeddable attribute it holds.
     */
    private record Layout(String typeName, int[] attributeOfElement, Type[] attributeTypes, ClickHouseType[] elementTypes,
                          String[] elementNames) {
    }

    private EmbeddableTupleJdbcType(EmbeddableMappingType embeddable, Metadata bootModel, Map<AggregateColumn, ClickHouseType.Tuple> declared) {
        this.embeddable = embeddable;
        this.bootModel = bootModel;
        this.declared = declared;
    }

    /** The instance registered for {@link SqlTypes#STRUCT} in one persistence unit; Hibernate resolves it per embeddable. */
    static EmbeddableTupleJdbcType unresolved() {
        return new EmbeddableTupleJdbcType(null, null, java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>()));
    }

    void declare(AggregateColumn column, ClickHouseType.Tuple type) {
        declared.put(column, type);
    }

    @Override
    public int getJdbcTypeCode() {
        return SqlTypes.STRUCT;
    }

    @Override
    public String getFriendlyName() {
        return "Tuple";
    }

    @Override
    public AggregateJdbcType resolveAggregateJdbcType(EmbeddableMappingType mappingType, String sqlType,
                                                      RuntimeModelCreationContext creationContext) {
        return new EmbeddableTupleJdbcType(mappingType, creationContext.getBootModel(), declared);
    }

    @Override
    public EmbeddableMappingType getEmbeddableMappingType() {
        return embeddable;
    }

    @Override
    public JavaType<?> getRecommendedJavaType(Integer precision, Integer scale, TypeConfiguration typeConfiguration) {
        return embeddable == null ? typeConfiguration.getJavaTypeRegistry().resolveDescriptor(Object[].class)
                : embeddable.getMappedJavaType();
    }

    // ------------------------------------------------------------------ writing

    @Override
    public Object createJdbcValue(Object domainValue, WrapperOptions options) throws SQLException {
        Connection connection = options.getSession().getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
        return struct(domainValue, connection);
    }

    private Struct struct(Object domainValue, Connection connection) throws SQLException {
        Layout layout = layout();
        Object[] values = embeddable.getValues(domainValue);
        Object[] elements = new Object[layout.attributeOfElement().length];
        for (int i = 0; i < elements.length; i++) {
            int attribute = layout.attributeOfElement()[i];
            Object value = values[attribute];
            AttributeMapping mapping = embeddable.getAttributeMapping(attribute);
            if (value == null) {
                elements[i] = null;
            } else if (nested(mapping) instanceof EmbeddableTupleJdbcType tuple) {
                elements[i] = tuple.struct(value, connection);
            } else {
                elements[i] = driverValue(mapping.getSingleJdbcMapping().convertToRelationalValue(value), layout.elementTypes()[i]);
            }
        }
        return connection.createStruct(layout.typeName(), elements);
    }

    /**
     * An element as the driver writes it into the tuple literal. Big numbers and date-times go as text,
     * which ClickHouse converts exactly to the element's type (a long number literal inside a tuple would
     * be read as a Float64, and the driver's own date-time form does not reach 2299); an instant as the
     * wall-clock time in the element's zone; a {@code Duration} as its nanoseconds, as Hibernate stores it.
     */
    private static Object driverValue(Object value, ClickHouseType elementType) {
        if (value instanceof java.time.LocalDateTime dateTime) {
            return DATE_TIME_TEXT.format(dateTime);
        }
        java.time.Instant instant = value instanceof java.time.Instant i ? i : value instanceof java.time.OffsetDateTime o ? o.toInstant()
                : value instanceof java.time.ZonedDateTime z ? z.toInstant() : null;
        if (instant != null) {
            ClickHouseType base = elementType.baseType();
            String zone = base instanceof ClickHouseType.DateTime64 d ? d.timezone() : base instanceof ClickHouseType.DateTime d ? d.timezone() : null;
            return DATE_TIME_TEXT.format(instant.atZone(zone == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(zone)));
        }
        if (value instanceof java.math.BigInteger big) {
            return big.toString();
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof java.time.Duration duration) {
            return java.math.BigDecimal.valueOf(duration.getSeconds()).movePointRight(9)
                    .add(java.math.BigDecimal.valueOf(duration.getNano())).toPlainString();
        }
        return CompositeValueType.toDriver(value);
    }

    @Override
    public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
        return new BasicBinder<>(javaType, this) {
            @Override
            protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                st.setObject(index, createJdbcValue(value, options));
            }

            @Override
            protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                st.setObject(name, createJdbcValue(value, options));
            }

            @Override
            protected void doBindNull(PreparedStatement st, int index, WrapperOptions options) throws SQLException {
                st.setObject(index, null);
            }
        };
    }

    /**
     * The new value of the tuple when an HQL update assigns some of its fields: {@code CAST(tuple(...), 'Tuple(...)')}
     * with the assigned values and, for the other elements, their current values ({@code tupleElement(column, 'name')}).
     * ClickHouse cannot assign one element of a tuple.
     */
    void renderAssignment(SqlAppender appender, SqlAstTranslator<?> translator, AggregateSupport.AggregateColumnWriteExpression write,
                          String current, SelectableMapping[] updated) {
        Layout layout = layout();
        appender.appendSql("CAST(tuple(");
        for (int i = 0; i < layout.attributeOfElement().length; i++) {
            if (i > 0) {
                appender.appendSql(',');
            }
            AttributeMapping mapping = embeddable.getAttributeMapping(layout.attributeOfElement()[i]);
            String element = "tupleElement(" + current + "," + SqlQuoting.quoteString(layout.elementNames()[i]) + ")";
            SelectableMapping assigned = null;
            boolean inside = false;
            if (nested(mapping) instanceof EmbeddableTupleJdbcType tuple && mapping instanceof EmbeddableValuedModelPart part) {
                var path = part.getEmbeddableTypeDescriptor().getAggregateMapping().getSelectablePath();
                for (SelectableMapping candidate : updated) {
                    for (var p = candidate.getSelectablePath(); p != null; p = p.getParent()) {
                        inside |= p.equals(path);
                    }
                }
                if (inside) {
                    tuple.renderAssignment(appender, translator, write, element, updated);
                    continue;
                }
            } else if (mapping instanceof SelectableMapping selectable) {
                for (SelectableMapping candidate : updated) {
                    if (candidate.getSelectablePath() != null && candidate.getSelectablePath().equals(selectable.getSelectablePath())) {
                        assigned = candidate;
                    }
                }
            }
            if (assigned != null) {
                write.getValueExpression(assigned).accept(translator);
            } else {
                appender.appendSql(element);
            }
        }
        appender.appendSql("),");
        appender.appendSql(SqlQuoting.quoteString(layout.typeName()));
        appender.appendSql(')');
    }

    // ------------------------------------------------------------------ reading

    /** The embeddable's JDBC values in Hibernate's attribute order (nested tuples as nested arrays). */
    @Override
    public Object[] extractJdbcValues(Object rawJdbcValue, WrapperOptions options) throws SQLException {
        Layout layout = layout();
        List<?> elements = elements(rawJdbcValue);
        Object[] values = new Object[embeddable.getNumberOfAttributeMappings()];
        for (int i = 0; i < layout.attributeOfElement().length && i < elements.size(); i++) {
            int attribute = layout.attributeOfElement()[i];
            Object raw = elements.get(i);
            AttributeMapping mapping = embeddable.getAttributeMapping(attribute);
            if (raw == null) {
                values[attribute] = null;
            } else if (nested(mapping) instanceof EmbeddableTupleJdbcType tuple) {
                values[attribute] = tuple.extractJdbcValues(raw, options);
            } else {
                JdbcMapping jdbcMapping = mapping.getSingleJdbcMapping();
                Type type = jdbcMapping.getValueConverter() == null ? layout.attributeTypes()[attribute]
                        : jdbcMapping.getJdbcJavaType().getJavaTypeClass();
                if (raw instanceof String text && layout.elementTypes()[i].baseType() instanceof ClickHouseType.FixedString) {
                    raw = text.replaceAll("\u0000+$", ""); // the NUL bytes that pad the value to N
                }
                values[attribute] = jdbcMapping.getJdbcJavaType().wrap(CompositeValueType.fromDriver(raw, type), options);
            }
        }
        return values;
    }

    /** The embeddable itself from the driver's tuple value. */
    private Object instance(Object rawJdbcValue, WrapperOptions options) throws SQLException {
        Object[] jdbcValues = extractJdbcValues(rawJdbcValue, options);
        return instance(jdbcValues);
    }

    private Object instance(Object[] jdbcValues) {
        StructAttributeValues attributes = new StructAttributeValues(jdbcValues.length, null);
        for (int i = 0; i < jdbcValues.length; i++) {
            AttributeMapping mapping = embeddable.getAttributeMapping(i);
            Object value = jdbcValues[i];
            if (value != null && nested(mapping) instanceof EmbeddableTupleJdbcType tuple) {
                value = tuple.instance((Object[]) value);
            } else if (value != null) {
                value = mapping.getSingleJdbcMapping().convertToDomainValue(value);
            }
            attributes.setAttributeValue(i, value);
        }
        return StructHelper.instantiate(embeddable, attributes);
    }

    @Override
    public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
        boolean jdbcValues = javaType.getJavaTypeClass() == Object[].class;
        return new BasicExtractor<>(javaType, this) {
            @Override
            protected X doExtract(ResultSet rs, int paramIndex, WrapperOptions options) throws SQLException {
                return value(rs.getObject(paramIndex), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                return value(statement.getObject(index), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                return value(statement.getObject(name), options);
            }

            private X value(Object raw, WrapperOptions options) throws SQLException {
                if (raw == null) {
                    return null;
                }
                if (embeddable == null) {
                    return javaType.cast(elements(raw).toArray());
                }
                return javaType.cast(jdbcValues ? extractJdbcValues(raw, options) : instance(raw, options));
            }
        };
    }

    /** A tuple as the driver reads it: a {@code Struct}, an array, a list, or the driver's own tuple class. */
    private static List<?> elements(Object raw) throws SQLException {
        if (raw instanceof Struct struct) {
            return java.util.Arrays.asList(struct.getAttributes());
        }
        if (raw instanceof Object[] array) {
            return java.util.Arrays.asList(array);
        }
        if (raw instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        try {
            Method values = raw.getClass().getMethod("getValues");
            return java.util.Arrays.asList((Object[]) values.invoke(raw));
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new HibernateException("expected a Tuple from ClickHouse, got " + raw.getClass().getName(), e);
        }
    }

    // ------------------------------------------------------------------ the column's tuple

    private static AggregateJdbcType nested(AttributeMapping mapping) {
        if (mapping instanceof EmbeddableValuedModelPart part && part.getEmbeddableTypeDescriptor().getAggregateMapping() != null) {
            return (AggregateJdbcType) part.getEmbeddableTypeDescriptor().getAggregateMapping().getJdbcMapping().getJdbcType();
        }
        return null;
    }

    private Layout layout() {
        Layout known = layout;
        if (known == null) {
            known = computeLayout();
            layout = known;
        }
        return known;
    }

    private Layout computeLayout() {
        Component component = bootComponent();
        ClickHouseType.Tuple tuple = declared.get(component.getAggregateColumn());
        if (tuple == null) {
            throw new HibernateException("the column of the embeddable " + component.getComponentClassName()
                    + " has no ClickHouse Tuple type; is chorm's integrator registered?");
        }
        String typeName = tuple.render();
        int attributes = embeddable.getNumberOfAttributeMappings();
        int[] attributeOfElement = new int[tuple.elements().size()];
        Type[] attributeTypes = new Type[attributes];
        for (int a = 0; a < attributes; a++) {
            String name = embeddable.getAttributeMapping(a).getAttributeName();
            attributeTypes[a] = genericType(embeddable.getMappedJavaType().getJavaTypeClass(), name,
                    embeddable.getAttributeMapping(a).getJavaType().getJavaTypeClass());
            String column = columnName(component.getProperty(name).getValue());
            boolean found = false;
            for (int e = 0; e < attributeOfElement.length; e++) {
                if (tuple.elements().get(e).name().equals(column)) {
                    attributeOfElement[e] = a;
                    found = true;
                }
            }
            if (!found) {
                throw new HibernateException("the attribute " + name + " of " + component.getComponentClassName()
                        + " has no element in " + typeName);
            }
        }
        ClickHouseType[] elementTypes = tuple.elements().stream().map(ClickHouseType.Tuple.Element::type).toArray(ClickHouseType[]::new);
        String[] elementNames = tuple.elements().stream().map(ClickHouseType.Tuple.Element::name).toArray(String[]::new);
        return new Layout(typeName, attributeOfElement, attributeTypes, elementTypes, elementNames);
    }

    private static String columnName(Value value) {
        if (value instanceof Component nested && nested.getAggregateColumn() != null) {
            return nested.getAggregateColumn().getName();
        }
        return ((org.hibernate.mapping.Column) value.getSelectables().get(0)).getName();
    }

    /** The boot model's embeddable that this JDBC type maps: found by the attribute's path in its entity. */
    private Component bootComponent() {
        EmbeddableValuedModelPart part = embeddable.getEmbeddedValueMapping();
        String entityName = part.findContainingEntityMapping().getEntityName();
        PersistentClass entity = bootModel.getEntityBinding(entityName);
        String role = part.getNavigableRole().getFullPath();
        String path = role.startsWith(entityName + ".") ? role.substring(entityName.length() + 1) : role;
        try {
            if (entity != null && entity.getRecursiveProperty(path).getValue() instanceof Component component
                    && component.getAggregateColumn() != null) {
                return component;
            }
        } catch (org.hibernate.MappingException e) {
            // reported below
        }
        throw new HibernateException("cannot find the mapping of the Tuple column of " + role);
    }

    /** The declared generic type of an embeddable attribute, so that {@code List<Long>} elements come back as such. */
    private static Type genericType(Class<?> type, String attribute, Class<?> fallback) {
        String suffix = Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals(attribute)) {
                    return field.getGenericType();
                }
            }
            for (Method method : c.getDeclaredMethods()) {
                if (method.getParameterCount() == 0 && (method.getName().equals("get" + suffix) || method.getName().equals("is" + suffix))) {
                    return method.getGenericReturnType();
                }
            }
        }
        return fallback;
    }

    @Override
    public String toString() {
        return "EmbeddableTupleJdbcType(" + (embeddable == null ? "unresolved" : embeddable.getMappedJavaType().getTypeName()) + ")";
    }
}
