package dev.chorm.hibernate.cluster;

import dev.chorm.hibernate.query.Settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The ClickHouse settings that decide what a cluster guarantees to a writer and a reader, with one
 * preset for tests (every write is everywhere before the call returns) and one for production
 * (durable writes, fast reads). They are connection settings, so they apply to the whole
 * persistence unit: put {@link #jdbcUrlParameters()} on the JDBC URL (or
 * {@link #driverProperties()} in the data source). Single queries override the read side with
 * {@link #readSettings()} through {@code ClickHouseQuery.settings}; mutations take their sync
 * level from {@code chorm.mutations.sync}.
 *
 * <table>
 *   <caption>The presets</caption>
 *   <tr><th>setting</th><th>{@link #TESTS}</th><th>{@link #PRODUCTION}</th><th>why</th></tr>
 *   <tr><td>insert_quorum</td><td>auto</td><td>auto</td><td>an INSERT returns once a majority of the shard's replicas has it</td></tr>
 *   <tr><td>distributed_foreground_insert</td><td>1</td><td>0</td><td>1: an INSERT into a Distributed table returns once every shard has its rows; 0: the Distributed table queues them (faster, visible a moment later)</td></tr>
 *   <tr><td>alter_sync</td><td>2</td><td>1</td><td>ALTER waits for every replica (2) or this one (1)</td></tr>
 *   <tr><td>mutations_sync</td><td>2</td><td>2</td><td>UPDATE/DELETE wait for every replica, as JPA expects</td></tr>
 *   <tr><td>select_sequential_consistency</td><td>1</td><td>0</td><td>1: a SELECT sees every quorum INSERT (slower, refuses lagging replicas)</td></tr>
 * </table>
 */
public final class ClusterSettings {

    private static final java.util.List<String> ORDER = java.util.List.of("insert_quorum", "distributed_foreground_insert",
            "alter_sync", "mutations_sync", "select_sequential_consistency");

    /** Every write everywhere before the call returns: what a test asserting right after a write needs. */
    public static final ClusterSettings TESTS = new ClusterSettings(Map.of(
            "insert_quorum", "'auto'",
            "distributed_foreground_insert", "1",
            "alter_sync", "2",
            "mutations_sync", "2",
            "select_sequential_consistency", "1"));

    /** Durable writes (quorum), background distribution, reads from any replica. */
    public static final ClusterSettings PRODUCTION = new ClusterSettings(Map.of(
            "insert_quorum", "'auto'",
            "distributed_foreground_insert", "0",
            "alter_sync", "1",
            "mutations_sync", "2",
            "select_sequential_consistency", "0"));

    private final Map<String, String> values;

    private ClusterSettings(Map<String, String> values) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : ORDER) {
            ordered.put(name, Objects.requireNonNull(values.get(name), name));
        }
        this.values = java.util.Collections.unmodifiableMap(ordered);
    }

    /** This preset with {@code insert_quorum} = {@code replicas} (0 turns the quorum off). */
    public ClusterSettings insertQuorum(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("insert_quorum must be 0 (off) or a number of replicas, got " + replicas);
        }
        return with("insert_quorum", String.valueOf(replicas));
    }

    /** This preset with synchronous ({@code true}) or queued inserts into Distributed tables. */
    public ClusterSettings foregroundInserts(boolean foreground) {
        return with("distributed_foreground_insert", foreground ? "1" : "0");
    }

    /** This preset with {@code alter_sync} = {@code level}: 0 no wait, 1 this replica, 2 every replica. */
    public ClusterSettings alterSync(int level) {
        return with("alter_sync", syncLevel("alter_sync", level));
    }

    /** This preset with {@code mutations_sync} = {@code level}: 0 no wait, 1 this replica, 2 every replica. */
    public ClusterSettings mutationsSync(int level) {
        return with("mutations_sync", syncLevel("mutations_sync", level));
    }

    /** This preset with sequentially consistent ({@code true}) or any-replica reads. */
    public ClusterSettings sequentialReads(boolean sequential) {
        return with("select_sequential_consistency", sequential ? "1" : "0");
    }

    /** The settings, by name, as SQL literals. */
    public Map<String, String> asMap() {
        return values;
    }

    /** {@code clickhouse_setting_<name>=<value>&...}, for the query string of the JDBC URL. */
    public String jdbcUrlParameters() {
        return driverProperties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    /** The settings as JDBC driver properties ({@code clickhouse_setting_<name>}), values unquoted. */
    public Map<String, String> driverProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        Settings.parse(toString()).asParameters().forEach((name, value) -> properties.put("clickhouse_setting_" + name, value));
        return properties;
    }

    /** The read side ({@code select_sequential_consistency}), for one query's or the factory's settings. */
    public Settings readSettings() {
        return Settings.parse("select_sequential_consistency = " + values.get("select_sequential_consistency"));
    }

    private ClusterSettings with(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(name, value);
        return new ClusterSettings(changed);
    }

    private static String syncLevel(String name, int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException(name + " must be 0, 1 or 2, got " + level);
        }
        return String.valueOf(level);
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "));
    }
}
