package dev.chorm.hibernate;

import dev.chorm.hibernate.schema.TableDefinition;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.PersistentClass;

import java.util.HashSet;
import java.util.Set;

/**
 * How a persistence unit's UPDATE and DELETE statements are written: the {@link MutationSync}
 * policy, and the tables whose rows are updated by lightweight {@code UPDATE} (patch parts, cheap
 * for a few rows) rather than by a mutation that rewrites whole parts.
 *
 * <p>A table gets lightweight updates when the server has them (25.8 and newer) and its settings
 * enable them ({@code enable_block_number_column = 1, enable_block_offset_column = 1} in
 * {@code @ClickHouseTable(settings = ...)}).
 */
record Mutations(MutationSync sync, Set<String> lightweightUpdateTables) {

    static final Mutations DEFAULT = new Mutations(MutationSync.ALL_REPLICAS, Set.of());

    Mutations {
        lightweightUpdateTables = Set.copyOf(lightweightUpdateTables);
    }

    static Mutations of(Metadata metadata, ClickHouseDialect dialect, Object syncProperty) {
        Set<String> lightweight = new HashSet<>();
        if (dialect.getVersion().isSameOrAfter(25, 8)) {
            for (PersistentClass entity : metadata.getEntityBindings()) {
                TableDefinition table = ClickHouseTableExporter.definition(entity.getTable(), metadata);
                if ("1".equals(table.settings().get("enable_block_number_column"))
                        && "1".equals(table.settings().get("enable_block_offset_column"))) {
                    lightweight.add(table.name());
                }
            }
        }
        return new Mutations(MutationSync.of(syncProperty), lightweight);
    }

    boolean updatesInPlace(String table) {
        return lightweightUpdateTables.contains(table);
    }

    /** {@code SETTINGS} for an {@code ALTER TABLE ... UPDATE}. */
    String mutationSettings() {
        return " settings mutations_sync = " + sync.level();
    }

    /** {@code SETTINGS} for a lightweight {@code DELETE}. */
    String deleteSettings() {
        return " settings lightweight_deletes_sync = " + sync.level();
    }
}
