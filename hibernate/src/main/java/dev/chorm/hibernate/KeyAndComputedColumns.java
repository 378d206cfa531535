package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.Alias;
import dev.chorm.hibernate.annotations.Materialized;
import org.hibernate.HibernateException;
import org.hibernate.boot.Metadata;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Attributes a ClickHouse write cannot change, made read-only in the mapping so that Hibernate's
 * UPDATE never names them:
 * <ul>
 *   <li>{@link Materialized} and {@link Alias} attributes: ClickHouse computes them and refuses to
 *       have them written, on insert as on update;</li>
 *   <li>attributes whose columns are in the table's ORDER BY, PARTITION BY, PRIMARY KEY or SAMPLE BY
 *       key: a mutation cannot rewrite a key column. Changing one on a managed entity fails at flush,
 *       before anything of that flush is written, naming the entity, the attribute and both values
 *       (the fix is to remove the entity and persist a new one).</li>
 * </ul>
 */
final class KeyAndComputedColumns implements FlushEntityEventListener {

    /** Entity name to the attributes in its table's keys. */
    private final Map<String, List<String>> keyAttributes;

    private KeyAndComputedColumns(Map<String, List<String>> keyAttributes) {
        this.keyAttributes = keyAttributes;
    }

    /**
     * Makes computed and key attributes read-only in the boot model; returns the listener that
     * refuses changes to key attributes, or null when no entity has any.
     */
    static KeyAndComputedColumns apply(Metadata metadata) {
        Map<String, List<String>> keyAttributes = new HashMap<>();
        for (PersistentClass entity : metadata.getEntityBindings()) {
            Set<String> keyColumns = ClickHouseTableExporter.definition(entity.getTable(), metadata).keyColumns();
            List<String> keys = new ArrayList<>();
            for (Property property : entity.getPropertyClosure()) {
                Members.Member member = entity.getMappedClass() == null ? null
                        : Members.find(entity.getMappedClass(), property.getName());
                if (member != null && (member.element().isAnnotationPresent(Materialized.class)
                        || member.element().isAnnotationPresent(Alias.class))) {
                    property.setInsertable(false);
                    property.setUpdatable(false);
                } else if (property.isUpdatable() && columnNames(property).anyMatch(keyColumns::contains)) {
                    property.setUpdatable(false);
                    keys.add(property.getName());
                }
            }
            if (!keys.isEmpty()) {
                keyAttributes.put(entity.getEntityName(), List.copyOf(keys));
            }
        }
        return keyAttributes.isEmpty() ? null : new KeyAndComputedColumns(keyAttributes);
    }

    @Override
    public void onFlushEntity(FlushEntityEvent event) {
        EntityEntry entry = event.getEntityEntry();
        List<String> keys = keyAttributes.get(entry.getEntityName());
        Object[] loaded = entry.getLoadedState();
        if (keys == null || loaded == null) {
            return;
        }
        EntityPersister persister = entry.getPersister();
        Object[] current = event.getPropertyValues() != null ? event.getPropertyValues() : persister.getValues(event.getEntity());
        for (String key : keys) {
            int position = persister.findAttributeMapping(key).getStateArrayPosition();
            Type type = persister.getPropertyTypes()[position];
            if (!type.isEqual(loaded[position], current[position])) {
                throw new HibernateException("Entity " + persister.getJpaEntityName() + " (id " + entry.getId() + "): attribute '" + key
                        + "' changed from " + loaded[position] + " to " + current[position] + ", but it is part of the table's "
                        + "sorting, partition, primary or sampling key, which ClickHouse cannot update. Remove the entity and "
                        + "persist a new one instead.");
            }
        }
    }

    private static Stream<String> columnNames(Property property) {
        return property.getSelectables().stream().filter(Column.class::isInstance).map(Selectable::getText);
    }
}
