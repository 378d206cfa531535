package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.type.SqlQuoting;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The history table {@code chorm_migrations}: one row per migration version, rewritten (a new row
 * with a higher {@code revision}, ReplacingMergeTree) at every change: started, each step done,
 * applied, failed, reverted. ClickHouse has no UPDATE worth the name for this; appending versions of
 * a row and reading the latest ({@code FINAL}) is atomic per insert.
 */
public final class HistoryTable {

    /** The table's name in the migrated database. */
    public static final String NAME = "chorm_migrations";

    private static final AtomicLong LAST_REVISION = new AtomicLong();

    /**
     * The Keeper path of the history on a cluster: without {@code {shard}}, so that every server of
     * every shard is a replica of one table and sees one history.
     */
    static final String CLUSTER_KEEPER_PATH = "/clickhouse/tables/{uuid}/chorm_migrations";
    /** The replica name on a cluster: unique across shards, since all of them replicate one table. */
    static final String CLUSTER_REPLICA = "{shard}-{replica}";

    private final Connection connection;
    private final String cluster;

    public HistoryTable(Connection connection) {
        this(connection, null);
    }

    /** The history of a cluster's database ({@code cluster} null for a single server). */
    public HistoryTable(Connection connection, String cluster) {
        this.connection = connection;
        this.cluster = cluster;
    }

    /** The table's definition: written through the one DDL renderer like every other table. */
    static TableDefinition definition() {
        return definition(null);
    }

    /**
     * The table's definition; on a cluster, created {@code ON CLUSTER} as a
     * {@code ReplicatedReplacingMergeTree} whose one Keeper path is shared by all shards, so a
     * migration recorded through any server is in the history every server reads.
     */
    static TableDefinition definition(String cluster) {
        Engine.ReplacingMergeTree engine = new Engine.ReplacingMergeTree("revision");
        TableDefinition.Builder builder = TableDefinition.builder(NAME)
                .engine(cluster == null ? engine : engine.replicated(CLUSTER_KEEPER_PATH, CLUSTER_REPLICA));
        if (cluster != null) {
            builder.onCluster(cluster);
        }
        return builder
                .column(ColumnDefinition.of("version", "UInt32"))
                .column(ColumnDefinition.of("name", "String"))
                .column(ColumnDefinition.of("checksum", "String"))
                .column(ColumnDefinition.of("status", "LowCardinality(String)")
                        .withComment("running, applied, faked, failed, reverted"))
                .column(ColumnDefinition.of("steps_total", "UInt32"))
                .column(ColumnDefinition.of("steps_done", "UInt32"))
                .column(ColumnDefinition.of("step_checksums", "Array(String)").withComment("SHA-256 of each step done"))
                .column(ColumnDefinition.of("failed_step", "UInt32").withComment("1-based; 0 when none failed"))
                .column(ColumnDefinition.of("error", "String"))
                .column(ColumnDefinition.of("started_at", "DateTime64(3, 'UTC')"))
                .column(ColumnDefinition.of("applied_at", "DateTime64(3, 'UTC')"))
                .column(ColumnDefinition.of("duration_ms", "UInt64"))
                .column(ColumnDefinition.of("revision", "UInt64"))
                .orderBy("version")
                .comment("chorm migration history")
                .build();
    }

    /** What the history says of one migration. */
    public enum Status {
        RUNNING, APPLIED, FAKED, FAILED, REVERTED;

        /** Whether the migration's changes are in the database. */
        public boolean isApplied() {
            return this == APPLIED || this == FAKED;
        }
    }

    /**
     * One migration's row.
     *
     * @param failedStep 1-based, 0 when none failed
     */
    public record Entry(int version, String name, String checksum, Status status, int stepsTotal, int stepsDone,
                        List<String> stepChecksums, int failedStep, String error, Instant startedAt, Instant appliedAt,
                        long durationMs) {
        public Entry {
            stepChecksums = List.copyOf(stepChecksums);
        }

        Entry with(Status status, int stepsDone, List<String> stepChecksums, int failedStep, String error, Instant appliedAt,
                   long durationMs) {
            return new Entry(version, name, checksum, status, stepsTotal, stepsDone, stepChecksums, failedStep, error,
                    startedAt, appliedAt, durationMs);
        }

        Entry withChecksum(String checksum) {
            return new Entry(version, name, checksum, status, stepsTotal, stepsDone, stepChecksums, failedStep, error,
                    startedAt, appliedAt, durationMs);
        }
    }

    public void create() throws SQLException {
        execute(createStatement(cluster));
    }

    /**
     * The statement {@link #create()} runs: {@code CREATE TABLE IF NOT EXISTS chorm_migrations}, on a
     * cluster {@code ON CLUSTER} and replicated to every server ({@code cluster} null for one server).
     */
    public static String createStatement(String cluster) {
        return DdlRenderer.createTable(definition(cluster), true);
    }

    /** The latest row of every version, by version. */
    public TreeMap<Integer, Entry> read() throws SQLException {
        TreeMap<Integer, Entry> entries = new TreeMap<>();
        String sql = "SELECT version, name, checksum, status, steps_total, steps_done, arrayStringConcat(step_checksums, ','),"
                + " failed_step, error, toUnixTimestamp64Milli(started_at), toUnixTimestamp64Milli(applied_at), duration_ms"
                + " FROM " + NAME + " FINAL ORDER BY version";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                String checksums = rs.getString(7);
                Entry entry = new Entry(rs.getInt(1), rs.getString(2), rs.getString(3), Status.valueOf(rs.getString(4).toUpperCase()),
                        rs.getInt(5), rs.getInt(6), checksums.isEmpty() ? List.of() : Arrays.asList(checksums.split(",")),
                        rs.getInt(8), rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)),
                        rs.getLong(12));
                entries.put(entry.version(), entry);
            }
        }
        return entries;
    }

    /** Records the entry as the migration's latest state. */
    public void write(Entry e) throws SQLException {
        String sql = "INSERT INTO " + NAME + " (version, name, checksum, status, steps_total, steps_done, step_checksums,"
                + " failed_step, error, started_at, applied_at, duration_ms, revision) SETTINGS async_insert = 0"
                // on a cluster, the row is on a majority of replicas before the migration goes on
                + (cluster == null ? "" : ", insert_quorum = 'auto'") + " VALUES ("
                + e.version() + ", " + SqlQuoting.quoteString(e.name()) + ", " + SqlQuoting.quoteString(e.checksum()) + ", "
                + SqlQuoting.quoteString(e.status().name().toLowerCase()) + ", " + e.stepsTotal() + ", " + e.stepsDone() + ", ["
                + e.stepChecksums().stream().map(SqlQuoting::quoteString).collect(Collectors.joining(", ")) + "], "
                + e.failedStep() + ", " + SqlQuoting.quoteString(e.error() == null ? "" : e.error()) + ", "
                + "fromUnixTimestamp64Milli(" + e.startedAt().toEpochMilli() + ", 'UTC'), "
                + "fromUnixTimestamp64Milli(" + e.appliedAt().toEpochMilli() + ", 'UTC'), "
                + e.durationMs() + ", " + nextRevision() + ")";
        execute(sql);
    }

    /** Strictly increasing within this JVM, and with the clock across runs. */
    private static long nextRevision() {
        long now = System.currentTimeMillis() * 1000;
        return LAST_REVISION.updateAndGet(last -> Math.max(now, last + 1));
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static List<String> prefix(List<String> list, int size) {
        return new ArrayList<>(list.subList(0, Math.min(size, list.size())));
    }
}
