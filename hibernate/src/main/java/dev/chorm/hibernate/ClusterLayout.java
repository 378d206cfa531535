package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Distributed;
import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.schema.TableRef;
import org.hibernate.boot.Metadata;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Where an entity's table lives on a cluster: the cluster for {@code ON CLUSTER}, the Replicated
 * engine, and for a {@link Distributed} entity the local table behind the Distributed one.
 *
 * @param cluster       the cluster, or null for a single server
 * @param onCluster     whether DDL and routed mutations carry {@code ON CLUSTER} (not in a Replicated database)
 * @param replicate     whether MergeTree engines become Replicated
 * @param keeperPath    the Replicated engines' Keeper path, null for the server's default
 * @param replica       the Replicated engines' replica name, null for the server's default
 * @param shardingKey   the Distributed table's sharding key, null when the table is not distributed
 * @param localSuffix   the local table's suffix, when distributed
 */
record ClusterLayout(String cluster, boolean onCluster, boolean replicate, String keeperPath, String replica,
                     String shardingKey, String localSuffix) {

    static final ClusterLayout NONE = new ClusterLayout(null, false, false, null, null, null, null);

    static ClusterLayout of(Metadata metadata, ClickHouseTable layout, String entity) {
        Map<String, Object> settings = metadata.getDatabase().getServiceRegistry()
                .requireService(ConfigurationService.class).getSettings();
        String cluster = layout != null && !layout.cluster().isBlank() ? layout.cluster().strip()
                : blankToNull(settings.get(ClusterProperties.CLUSTER));
        Distributed distributed = layout == null || layout.distributed().length == 0 ? null : layout.distributed()[0];
        if (layout != null && layout.distributed().length > 1) {
            throw new IllegalArgumentException("@ClickHouseTable(distributed = ...) takes one @Distributed, got "
                    + layout.distributed().length);
        }
        if (cluster == null) {
            if (distributed != null) {
                throw new IllegalArgumentException("@Distributed needs a cluster: set @ClickHouseTable(cluster = ...) on "
                        + entity + " or the property " + ClusterProperties.CLUSTER);
            }
            return NONE;
        }
        boolean replicatedDatabase = replicatedDatabase(settings.get(ClusterProperties.REPLICATED_DATABASE),
                metadata.getDatabase().getDialect());
        boolean replicate = flag(ClusterProperties.REPLICATED, settings.getOrDefault(ClusterProperties.REPLICATED, "true"));
        String keeperPath = replicatedDatabase ? null : String.valueOf(
                settings.getOrDefault(ClusterProperties.KEEPER_PATH, Engine.Replicated.DEFAULT_ZOO_PATH));
        String replica = replicatedDatabase ? null : String.valueOf(
                settings.getOrDefault(ClusterProperties.REPLICA, Engine.Replicated.DEFAULT_REPLICA));
        String shardingKey = null;
        String suffix = null;
        if (distributed != null) {
            shardingKey = distributed.shardingKey().strip();
            suffix = distributed.localSuffix();
            if (shardingKey.isEmpty()) {
                throw new IllegalArgumentException("@Distributed(shardingKey = \"\") on " + entity
                        + ": name the sharding expression, e.g. cityHash64(id)");
            }
            if (suffix.isBlank()) {
                throw new IllegalArgumentException("@Distributed(localSuffix = \"" + suffix + "\") on " + entity
                        + ": the local table needs a name different from the Distributed table's");
            }
        }
        return new ClusterLayout(cluster, !replicatedDatabase, replicate, keeperPath, replica, shardingKey, suffix);
    }

    /**
     * Whether DDL is written for a Replicated database: the property {@link ClusterProperties#REPLICATED_DATABASE}
     * when set, else what the dialect found in the catalogue when it connected.
     */
    static boolean replicatedDatabase(Object property, Object dialect) {
        if (property != null && !String.valueOf(property).isBlank()) {
            return flag(ClusterProperties.REPLICATED_DATABASE, property);
        }
        return dialect instanceof ClickHouseDialect clickhouse && Boolean.TRUE.equals(clickhouse.replicatedDatabase());
    }

    /** A true/false property; anything else is refused rather than read as false. */
    private static boolean flag(String property, Object value) {
        String text = String.valueOf(value).strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("Invalid value '" + text + "' for " + property + ": expected true or false");
    }

    /**
     * Whether the database of the connection Hibernate resolved its dialect with uses the Replicated
     * database engine ({@code system.databases.engine = 'Replicated'}): such a database replicates
     * DDL itself and refuses {@code ON CLUSTER}, so the unit behaves as with
     * {@code chorm.cluster.replicated_database=true} without being told. Null when there was no
     * connection ({@code hibernate.boot.allow_jdbc_metadata_access=false}) or the catalogue could not
     * be read: the property alone decides then.
     */
    static Boolean detectReplicatedDatabase(DialectResolutionInfo info) {
        DatabaseMetaData metadata = info == null ? null : info.getDatabaseMetadata();
        if (metadata == null) {
            return null;
        }
        try (Statement statement = metadata.getConnection().createStatement();
             ResultSet rs = statement.executeQuery(DATABASE_ENGINE_QUERY)) {
            return rs.next() ? "Replicated".equals(rs.getString(1)) : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** The engine of the connection's database, from the catalogue. */
    static final String DATABASE_ENGINE_QUERY = "SELECT engine FROM system.databases WHERE name = currentDatabase()";

    boolean distributed() {
        return shardingKey != null;
    }

    /** The table holding the rows: the local table when distributed, else the entity's table. */
    String localName(String table) {
        return distributed() ? table + localSuffix : table;
    }

    /** The engine with replication applied, when the layout asks for it. */
    Engine engine(Engine declared) {
        if (replicate && declared instanceof Engine.MergeTreeFamily family && !(declared instanceof Engine.Replicated)) {
            return keeperPath == null ? family.replicated(null, null) : family.replicated(keeperPath, replica);
        }
        return declared;
    }

    /**
     * The tables to create, in order: the entity's table as declared ({@code ON CLUSTER}, renamed to
     * the local table when distributed), then the Distributed table over it.
     */
    List<TableDefinition> tables(TableDefinition declared) {
        if (cluster == null) {
            return List.of(declared);
        }
        TableDefinition local = declared.toBuilder().name(localName(declared.name()))
                .onCluster(onCluster ? cluster : null).build();
        if (!distributed()) {
            return List.of(local);
        }
        TableDefinition front = TableDefinition.builder(declared.name())
                .database(declared.database())
                .columns(declared.columns().stream().map(ClusterLayout::frontColumn).toList())
                .engine(new Engine.Distributed(cluster, declared.database(), local.name(), shardingKey))
                .comment(declared.comment())
                .onCluster(onCluster ? cluster : null)
                .build();
        return List.of(local, front);
    }

    /** Statements about the entity's table, in the order a DROP needs: the Distributed table first. */
    List<TableRef> refsForDrop(TableRef declared) {
        if (cluster == null) {
            return List.of(declared);
        }
        TableRef local = new TableRef(declared.database(), localName(declared.name()), onCluster ? cluster : null);
        return distributed() ? List.of(new TableRef(declared.database(), declared.name(), onCluster ? cluster : null), local)
                : List.of(local);
    }

    /** A Distributed table's column: the type and default, without codecs or TTL, which only the local table has. */
    private static ColumnDefinition frontColumn(ColumnDefinition column) {
        ColumnDefinition front = ColumnDefinition.of(column.name(), column.type());
        if (column.defaultKind() != null) {
            front = front.withDefault(column.defaultKind(), column.defaultExpression());
        }
        return column.comment() == null ? front : front.withComment(column.comment());
    }

    private static String blankToNull(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }
}
