package dev.chorm.hibernate;

import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.type.SqlQuoting;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.PersistentClass;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
record Mutations(MutationSync sync, Set<String> lightweightUpdateTables, Map<String, Route> routes) {

    static final Mutations DEFAULT = new Mutations(MutationSync.ALL_REPLICAS, Set.of(), Map.of());

    /**
     * Where the mutations of a Distributed table go: its local table, on every shard
     * ({@code ON CLUSTER cluster}; null in a Replicated database, which replicates them itself).
     */
    record Route(String localTable, String cluster) {
    }

    Mutations {
        lightweightUpdateTables = Set.copyOf(lightweightUpdateTables);
        routes = Map.copyOf(routes);
    }

    Mutations(MutationSync sync, Set<String> lightweightUpdateTables) {
        this(sync, lightweightUpdateTables, Map.of());
    }

    static Mutations of(Metadata metadata, ClickHouseDialect dialect, Object syncProperty) {
        Set<String> lightweight = new HashSet<>();
        Map<String, Route> routes = new HashMap<>();
        for (PersistentClass entity : metadata.getEntityBindings()) {
            ClusterLayout layout = ClickHouseTableExporter.layout(entity.getTable(), metadata);
            if (layout.distributed()) {
                String table = entity.getTable().getName();
                routes.put(table, new Route(layout.localName(table), layout.onCluster() ? layout.cluster() : null));
            }
        }
        if (dialect.getVersion().isSameOrAfter(25, 8)) {
            for (PersistentClass entity : metadata.getEntityBindings()) {
                TableDefinition table = ClickHouseTableExporter.definition(entity.getTable(), metadata);
                if ("1".equals(table.settings().get("enable_block_number_column"))
                        && "1".equals(table.settings().get("enable_block_offset_column"))) {
                    lightweight.add(table.name());
                }
            }
        }
        return new Mutations(MutationSync.of(syncProperty), lightweight, routes);
    }

    boolean updatesInPlace(String table) {
        return lightweightUpdateTables.contains(table);
    }

    /** The mutation route of {@code table}, or null when its mutations go to the table itself. */
    Route route(String table) {
        return routes.get(table);
    }

    /**
     * The table a mutation of {@code table} names, as SQL: the local table {@code on cluster c} for
     * a Distributed table, else {@code table} itself.
     */
    String target(String table) {
        Route route = routes.get(table);
        if (route == null) {
            return table;
        }
        return route.cluster() == null ? route.localTable()
                : route.localTable() + " on cluster "
                + (SqlQuoting.isBareWord(route.cluster()) ? route.cluster() : SqlQuoting.backquote(route.cluster()));
    }

    /** {@code SETTINGS} for an {@code ALTER TABLE ... UPDATE} of {@code table}. */
    String mutationSettings(String table) {
        return " settings mutations_sync = " + sync.level() + routedSettings(table);
    }

    /** {@code SETTINGS} for a lightweight {@code DELETE} from {@code table}. */
    String deleteSettings(String table) {
        return " settings lightweight_deletes_sync = " + sync.level() + routedSettings(table);
    }

    /**
     * A statement {@code ON CLUSTER} returns one row per server instead of an update count, which
     * JDBC's executeUpdate cannot take: {@code distributed_ddl_output_mode = 'none'} keeps its
     * waiting and its errors and drops the rows.
     */
    private String routedSettings(String table) {
        Route route = routes.get(table);
        return route == null || route.cluster() == null ? "" : ", distributed_ddl_output_mode = 'none'";
    }
}
