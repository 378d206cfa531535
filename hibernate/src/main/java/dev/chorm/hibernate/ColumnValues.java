package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.type.ClickHouseType;
import dev.chorm.hibernate.type.InvalidValueException;
import dev.chorm.hibernate.type.ValueRules;
import org.hibernate.HibernateException;
import org.hibernate.MappingException;
import org.hibernate.boot.Metadata;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.event.spi.MergeContext;
import org.hibernate.event.spi.MergeEvent;
import org.hibernate.event.spi.MergeEventListener;
import org.hibernate.event.spi.PersistContext;
import org.hibernate.event.spi.PersistEvent;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.SimpleValue;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.ToOne;
import org.hibernate.persister.entity.EntityPersister;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values checked against their ClickHouse column before anything is sent (see {@link ValueRules}),
 * and {@code @ColumnType} checked against the Java type at startup.
 *
 * <p>Checks run when an entity is persisted or merged (so the bad entity never becomes managed), and
 * again for every managed entity when the session flushes, before any statement of that flush runs:
 * a transaction with one bad entity writes no row. Stateless sessions are checked before each insert
 * and update.
 */
final class ColumnValues implements PersistEventListener, MergeEventListener, FlushEntityEventListener,
        PreInsertEventListener, PreUpdateEventListener {

    /** Entity name to attribute name to column type; the id under its attribute name. */
    private final Map<String, Map<String, ClickHouseType>> columns;
    private final Map<String, String> idAttributes;
    /** Entity name to the JPA name that messages use. */
    private final Map<String, String> jpaNames;
    /** Table name to column name to the attribute it stores, for values assigned by bulk updates. */
    private final Map<String, Map<String, Assigned>> byColumn;
    /** {@link #typesByPosition} of each persister seen. */
    private final Map<EntityPersister, ClickHouseType[]> typesByPosition = new java.util.concurrent.ConcurrentHashMap<>();

    /** The attribute a column stores. */
    private record Assigned(String entity, String attribute, ClickHouseType type) {
    }

    private ColumnValues(Map<String, Map<String, ClickHouseType>> columns, Map<String, String> idAttributes,
                         Map<String, String> jpaNames, Map<String, Map<String, Assigned>> byColumn) {
        this.columns = columns;
        this.idAttributes = idAttributes;
        this.jpaNames = jpaNames;
        this.byColumn = byColumn;
    }

    /**
     * Checks a value that a bulk {@code update} assigns to {@code column} of {@code table}: ClickHouse
     * would otherwise convert it as {@code CAST} does, wrapping 300 into a UInt8 as 44.
     *
     * @throws InvalidValueException naming the entity, the attribute and the value
     */
    void checkAssigned(String table, String column, Object value) {
        Assigned assigned = byColumn.getOrDefault(table, Map.of()).get(column);
        String problem = assigned == null ? null : ValueRules.problem(assigned.type(), value);
        if (problem != null) {
            throw new InvalidValueException(assigned.entity(), assigned.attribute(), problem);
        }
    }

    /** The ClickHouse type of {@code column} of {@code table} as an entity maps it, or null when no entity does. */
    ClickHouseType columnType(String table, String column) {
        Assigned assigned = byColumn.getOrDefault(table, Map.of()).get(column);
        return assigned == null ? null : assigned.type();
    }

    /** Checks every {@code @ColumnType} now and registers the value checks; called by {@link ClickHouseIntegrator}. */
    static void install(Metadata metadata, SessionFactoryImplementor factory) {
        Map<String, Map<String, ClickHouseType>> columns = new HashMap<>();
        Map<String, String> idAttributes = new HashMap<>();
        Map<String, String> jpaNames = new HashMap<>();
        Map<Table, TableDefinition> tables = new HashMap<>();
        Map<String, Map<String, Assigned>> byColumn = new HashMap<>();
        EmbeddableTuples.declareColumnTypes(metadata);
        for (PersistentClass entity : metadata.getEntityBindings()) {
            jpaNames.put(entity.getEntityName(), entity.getJpaEntityName());
            Map<String, ClickHouseType> types = new LinkedHashMap<>();
            for (Property property : entity.getPropertyClosure()) {
                refuseEmbeddedComposite(entity, property);
                addType(metadata, entity, property, types, tables);
                if (types.containsKey(property.getName()) && property.getValue().getSelectables().get(0) instanceof Column column) {
                    byColumn.computeIfAbsent(property.getValue().getTable().getName(), t -> new HashMap<>()).putIfAbsent(
                            column.getName(), new Assigned(entity.getJpaEntityName(), property.getName(), types.get(property.getName())));
                }
            }
            if (entity.getIdentifierProperty() != null) {
                addType(metadata, entity, entity.getIdentifierProperty(), types, tables);
                idAttributes.put(entity.getEntityName(), entity.getIdentifierProperty().getName());
            }
            columns.put(entity.getEntityName(), types);
        }
        ColumnValues listener = new ColumnValues(columns, idAttributes, jpaNames, byColumn);
        if (factory.getJdbcServices().getDialect() instanceof ClickHouseDialect dialect) {
            dialect.columnValues(listener);
        }
        EventListenerRegistry registry = factory.getServiceRegistry().requireService(EventListenerRegistry.class);
        registry.prependListeners(EventType.PERSIST, listener);
        registry.prependListeners(EventType.MERGE, listener);
        registry.appendListeners(EventType.FLUSH_ENTITY, listener);
        registry.appendListeners(EventType.PRE_INSERT, listener);
        registry.appendListeners(EventType.PRE_UPDATE, listener);
    }

    /**
     * Hibernate maps a JPA {@code @Embeddable} class as embedded columns whatever {@code @Composite} says;
     * it becomes one Tuple column only through Hibernate's own marks ({@code @Struct},
     * {@code @JdbcTypeCode(SqlTypes.STRUCT)}), which the message gives.
     */
    private static void refuseEmbeddedComposite(PersistentClass entity, Property property) {
        if (!(property.getValue() instanceof Component component) || component.getAggregateColumn() != null
                || entity.getMappedClass() == null) {
            return;
        }
        Members.Member member = Members.find(entity.getMappedClass(), property.getName());
        if (member != null && member.element().isAnnotationPresent(Composite.class)) {
            String type = member.type().getSimpleName();
            throw new MappingException("Entity " + entity.getJpaEntityName() + ", attribute " + property.getName()
                    + ": @Composite on the @Embeddable class " + type + " has no effect, because Hibernate maps @Embeddable "
                    + "classes itself. For one Tuple column annotate " + type + " with @Struct(name = \"" + type
                    + "\") (or the attribute with @JdbcTypeCode(SqlTypes.STRUCT)) instead of @Composite; "
                    + "remove @Composite to keep embedded columns.");
        }
    }

    private static void addType(Metadata metadata, PersistentClass entity, Property property, Map<String, ClickHouseType> types,
                                Map<Table, TableDefinition> tables) {
        if (property.getValue() instanceof Component component && component.getAggregateColumn() != null) {
            types.put(property.getName(), ColumnTypes.of(component.getTable(), component.getAggregateColumn(), metadata, null));
            return;
        }
        if (!(property.getValue() instanceof SimpleValue value) || value instanceof ToOne || value.getColumnSpan() != 1
                || !(value.getSelectables().get(0) instanceof Column column) || entity.getMappedClass() == null) {
            return;
        }
        Members.Member member = Members.find(entity.getMappedClass(), property.getName());
        try {
            ClickHouseType type = ColumnTypes.of(value.getTable(), column, metadata, member);
            if (!type.isNullable()) {
                types.put(property.getName(), type);
            } else { // the table may have made it NOT NULL (a key column): check what it really is
                TableDefinition table = tables.computeIfAbsent(value.getTable(), t -> ClickHouseTableExporter.definition(t, metadata));
                types.put(property.getName(), table.column(column.getName()).map(ColumnDefinition::type).orElse(type));
            }
            if (type.baseType() instanceof ClickHouseType.FixedString && member != null && member.type() == String.class
                    && column.getCustomRead() == null) {
                // read without the NUL bytes that pad the value to N, so that a String round-trips
                column.setCustomRead("toString(" + column.getQuotedName() + ")");
            }
        } catch (MappingException | IllegalArgumentException e) {
            boolean declared = member != null && member.element().isAnnotationPresent(ColumnType.class);
            if (declared || !(e.getCause() instanceof IllegalArgumentException)) {
                throw e; // a mapping that cannot work fails at startup
            }
            // a type name of Hibernate's that chorm cannot read is left to the schema export, which reports it
        }
    }

    // ------------------------------------------------------------------ the checks

    private void checkEntity(SharedSessionContractImplementor session, String entityName, Object entity) {
        EntityPersister persister;
        try {
            persister = session.getEntityPersister(entityName, entity);
        } catch (HibernateException e) {
            return; // not an entity: Hibernate reports it
        }
        checkState(persister, persister.getValues(entity), persister.getIdentifier(entity, session));
    }

    private void checkState(EntityPersister persister, Object[] state, Object id) {
        ClickHouseType[] types = typesByPosition.computeIfAbsent(persister, this::typesByPosition);
        if (types == null) {
            return;
        }
        String[] names = persister.getPropertyNames();
        for (int i = 0; i < types.length - 1 && i < state.length; i++) {
            if (types[i] != null) {
                checkValue(persister.getEntityName(), names[i], types[i], state[i]);
            }
        }
        ClickHouseType idType = types[types.length - 1];
        if (idType != null && id != null) { // a null id is generated later
            checkValue(persister.getEntityName(), idAttributes.get(persister.getEntityName()), idType, id);
        }
    }

    private void checkValue(String entityName, String attribute, ClickHouseType type, Object value) {
        String problem = ValueRules.problem(type, value);
        if (problem != null) {
            throw new InvalidValueException(jpaNames.getOrDefault(entityName, entityName), attribute, problem);
        }
    }

    /**
     * The column type of each attribute in the persister's state order (null: not a column of its own),
     * the id's last; null when the entity has no checked column. Read once per persister, so that a
     * check per entity needs no map.
     */
    private ClickHouseType[] typesByPosition(EntityPersister persister) {
        Map<String, ClickHouseType> types = columns.get(persister.getEntityName());
        if (types == null) {
            return null;
        }
        String[] names = persister.getPropertyNames();
        ClickHouseType[] byPosition = new ClickHouseType[names.length + 1];
        for (int i = 0; i < names.length; i++) {
            byPosition[i] = types.get(names[i]);
        }
        String idAttribute = idAttributes.get(persister.getEntityName());
        byPosition[names.length] = idAttribute == null ? null : types.get(idAttribute);
        return byPosition;
    }

    @Override
    public void onPersist(PersistEvent event) {
        checkEntity(event.getSession(), event.getEntityName(), event.getObject());
    }

    @Override
    public void onPersist(PersistEvent event, PersistContext createdAlready) {
        onPersist(event);
    }

    @Override
    public void onMerge(MergeEvent event) {
        if (event.getOriginal() != null && !(event.getOriginal() instanceof org.hibernate.proxy.HibernateProxy)) {
            checkEntity(event.getSession(), event.getEntityName(), event.getOriginal());
        }
    }

    @Override
    public void onMerge(MergeEvent event, MergeContext copiedAlready) {
        onMerge(event);
    }

    @Override
    public void onFlushEntity(FlushEntityEvent event) {
        Object entity = event.getEntity();
        var entry = event.getEntityEntry();
        if (entry == null || entry.getPersister() == null || entry.getStatus().isDeletedOrGone() || entry.isReadOnly()) {
            return; // nothing of it will be written
        }
        checkState(entry.getPersister(), entry.getPersister().getValues(entity), entry.getId());
    }

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        checkState(event.getPersister(), event.getState(), event.getId());
        return false;
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        checkState(event.getPersister(), event.getState(), event.getId());
        return false;
    }
}
