package dev.chorm.hibernate;

/**
 * Persistence-unit properties for running on a ClickHouse cluster. Every one is optional; without
 * {@link #CLUSTER} (and without {@code @ClickHouseTable(cluster = ...)}) nothing changes.
 *
 * <p>See docs/clusters.md for the statements they produce.
 */
public final class ClusterProperties {

    /**
     * The cluster (a {@code remote_servers} entry) every entity's table lives on, unless its
     * {@code @ClickHouseTable(cluster = ...)} names another: DDL goes {@code ON CLUSTER} and
     * MergeTree engines become Replicated.
     */
    public static final String CLUSTER = "chorm.cluster";

    /**
     * {@code true} (default) makes the MergeTree engines of clustered tables Replicated;
     * {@code false} keeps them plain (a cluster of one replica per shard, without Keeper).
     */
    public static final String REPLICATED = "chorm.cluster.replicated";

    /**
     * The Keeper path of Replicated tables; default {@code /clickhouse/tables/{uuid}/{shard}}
     * ({@code {uuid}} works with ON CLUSTER and Replicated databases; use
     * {@code /clickhouse/tables/{database}/{table}/{shard}} to find paths by name).
     */
    public static final String KEEPER_PATH = "chorm.cluster.keeper_path";

    /** The replica name of Replicated tables; default {@code {replica}} (the server's macro). */
    public static final String REPLICA = "chorm.cluster.replica";

    /**
     * {@code true} when the database uses the Replicated database engine: it replicates DDL
     * itself, so statements go without {@code ON CLUSTER} and Replicated engines without
     * arguments (the database chooses the Keeper path). Default: detected when Hibernate connects
     * ({@code system.databases.engine = 'Replicated'} for the connection's database), {@code false}
     * without a connection; the property, when set, wins.
     *
     * <p>With {@link #REPLICATED} {@code false} it also serves a cluster of one server, such as the
     * embedded engine's ({@code EmbeddedClickHouse.Builder#cluster}), which has no DDL worker and
     * refuses {@code ON CLUSTER}: tables are plain MergeTree under a Distributed table.
     */
    public static final String REPLICATED_DATABASE = "chorm.cluster.replicated_database";

    private ClusterProperties() {
    }
}
