package dev.chorm.hibernate;

import dev.chorm.hibernate.type.ClickHouseJdbcTypes;
import dev.chorm.hibernate.type.ClickHouseType;
import dev.chorm.hibernate.type.TupleClasses;
import org.hibernate.MappingException;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.AggregateColumn;
import org.hibernate.mapping.BasicValue;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.ToOne;
import org.hibernate.mapping.Value;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * JPA embeddables that Hibernate maps as one column (its aggregate embeddables: {@code @Struct} on the
 * embeddable class, or {@code @JdbcTypeCode(SqlTypes.STRUCT)} on the attribute) are named ClickHouse
 * {@code Tuple}s: one element per field, named after its column, in declaration order; an aggregate
 * embeddable inside is a nested {@code Tuple}. Each element's type is decided like any column's
 * ({@link ColumnTypes}), Nullable included; the Tuple itself is never Nullable.
 */
final class EmbeddableTuples {

    private EmbeddableTuples() {
    }

    /** The {@code Tuple} type of an aggregate embeddable's column; a field that cannot be an element fails naming it. */
    static ClickHouseType.Tuple tupleOf(Table table, AggregateColumn column, Metadata metadata) {
        Component component = column.getComponent();
        PersistentClass owner = component.getOwner();
        String entity = owner == null ? "?" : owner.getJpaEntityName();
        String role = component.getRoleName() == null ? column.getName() : component.getRoleName();
        String attribute = owner != null && role.startsWith(owner.getEntityName() + ".")
                ? role.substring(owner.getEntityName().length() + 1) : role;
        List<ClickHouseType.Tuple.Element> elements = new ArrayList<>();
        for (Property property : inDeclarationOrder(component)) {
            String where = "Entity " + entity + ", attribute " + attribute + ", field " + property.getName()
                    + " (Tuple column " + table.getName() + "." + rootColumn(column).getName() + ")";
            Value value = property.getValue();
            if (value instanceof Component nested) {
                if (nested.getAggregateColumn() == null) {
                    throw new MappingException(where + ": the embeddable " + nested.getComponentClass().getSimpleName()
                            + " inside a Tuple column must be a Tuple too; annotate it with @Struct(name = \""
                            + nested.getComponentClass().getSimpleName() + "\")");
                }
                elements.add(new ClickHouseType.Tuple.Element(nested.getAggregateColumn().getName(),
                        tupleOf(table, nested.getAggregateColumn(), metadata)));
                continue;
            }
            if (value instanceof ToOne || !(value instanceof BasicValue) || value.getColumnSpan() != 1
                    || !(value.getSelectables().get(0) instanceof Column element)) {
                throw new MappingException(where + ": " + kind(value) + " cannot be an element of a ClickHouse Tuple; "
                        + "only basic values and embeddables marked @Struct can");
            }
            Members.Member member = Members.find(component.getComponentClass(), property.getName());
            if (member != null && (member.type() == byte[].class || member.type() == Byte[].class)) {
                throw new MappingException(where + ": binary data cannot be an element of a ClickHouse Tuple: the driver reads "
                        + "the strings of a tuple as UTF-8 text, which would change the bytes; keep the byte[] as an attribute "
                        + "of the entity");
            }
            jakarta.persistence.Column declared = member == null ? null
                    : member.element().getAnnotation(jakarta.persistence.Column.class);
            boolean definedSqlType = declared != null && !declared.columnDefinition().isBlank();
            ClickHouseType type = ColumnTypes.of(table, element, metadata, member, where, definedSqlType);
            elements.add(new ClickHouseType.Tuple.Element(element.getName(), type));
        }
        try {
            return new ClickHouseType.Tuple(elements);
        } catch (IllegalArgumentException e) {
            throw new MappingException("Entity " + entity + ", attribute " + attribute + " cannot be a ClickHouse Tuple: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Tells the JDBC type that binds and reads aggregate embeddables each column's {@code Tuple} type
     * (element order and types); called at startup, before Hibernate builds its runtime model.
     */
    static void declareColumnTypes(Metadata metadata) {
        for (PersistentClass entity : metadata.getEntityBindings()) {
            for (Property property : entity.getPropertyClosure()) {
                if (property.getValue() instanceof Component component) {
                    declare(component, metadata);
                }
            }
        }
    }

    private static void declare(Component component, Metadata metadata) {
        for (Property property : component.getProperties()) {
            if (property.getValue() instanceof Component nested) {
                declare(nested, metadata);
            }
        }
        AggregateColumn column = component.getAggregateColumn();
        if (column != null && column.getComponent().getParentAggregateColumn() == null) {
            declareTree(metadata, column, tupleOf(rootTable(component), column, metadata));
        }
    }

    /** Sets the type of an aggregate column and of the aggregate columns nested in it. */
    private static void declareTree(Metadata metadata, AggregateColumn column, ClickHouseType.Tuple type) {
        ClickHouseJdbcTypes.declareTupleColumn(metadata.getDatabase().getTypeConfiguration(), column, type);
        for (Property property : column.getComponent().getProperties()) {
            if (property.getValue() instanceof Component nested && nested.getAggregateColumn() != null) {
                for (ClickHouseType.Tuple.Element element : type.elements()) {
                    if (element.name().equals(nested.getAggregateColumn().getName())
                            && element.type() instanceof ClickHouseType.Tuple inner) {
                        declareTree(metadata, nested.getAggregateColumn(), inner);
                    }
                }
            }
        }
    }

    private static Table rootTable(Component component) {
        return component.getTable() != null ? component.getTable() : component.getOwner().getTable();
    }

    private static Column rootColumn(AggregateColumn column) {
        AggregateColumn root = column;
        while (root.getComponent().getParentAggregateColumn() != null) {
            root = root.getComponent().getParentAggregateColumn();
        }
        return root;
    }

    /** The embeddable's properties in the order its class declares them (records: component order). */
    private static List<Property> inDeclarationOrder(Component component) {
        List<Property> properties = new ArrayList<>(component.getProperties());
        Class<?> type = component.getComponentClass();
        if (type == null) {
            return properties;
        }
        List<String> declared = TupleClasses.components(type).stream().map(TupleClasses.Component::name).toList();
        properties.sort(Comparator.comparingInt(property -> {
            int index = declared.indexOf(property.getName());
            return index < 0 ? Integer.MAX_VALUE : index;
        }));
        return properties;
    }

    private static String kind(Value value) {
        if (value instanceof ToOne) {
            return "an association";
        }
        if (value instanceof org.hibernate.mapping.Collection) {
            return "a collection";
        }
        return "a value of " + value.getColumnSpan() + " columns";
    }
}
