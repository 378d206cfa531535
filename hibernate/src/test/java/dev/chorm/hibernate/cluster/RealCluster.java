package dev.chorm.hibernate.cluster;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A real ClickHouse cluster named by environment variables, for the tests that need several
 * servers: {@code CHORM_CLUSTER_URLS} (the servers' HTTP addresses, comma-separated, e.g.
 * {@code http://127.0.0.1:8123,http://127.0.0.1:8124}), {@code CHORM_CLUSTER_NAME} (default
 * {@code chorm}), {@code CHORM_CLUSTER_USER} / {@code CHORM_CLUSTER_PASSWORD} (default
 * {@code default}, none). {@code cluster/start.sh} starts one on this machine.
 */
final class RealCluster {

    static final String SKIPPED = "no real cluster: set CHORM_CLUSTER_URLS (e.g. from cluster/start.sh --env) to run"
            + " the cluster tests; the embedded engine is one server and refuses ON CLUSTER";

    final List<String> urls;
    final String name;
    final String user;
    final String password;
    /** A database of this test run, created and dropped ON CLUSTER through the first server. */
    final String database = "chorm_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private RealCluster(List<String> urls, String name, String user, String password) {
        this.urls = urls;
        this.name = name;
        this.user = user;
        this.password = password;
    }

    /** The cluster of the environment, or null when none is given. */
    static RealCluster fromEnvironment() {
        String urls = System.getenv("CHORM_CLUSTER_URLS");
        if (urls == null || urls.isBlank()) {
            return null;
        }
        return new RealCluster(Arrays.stream(urls.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                env("CHORM_CLUSTER_NAME", "chorm"), env("CHORM_CLUSTER_USER", "default"), env("CHORM_CLUSTER_PASSWORD", ""));
    }

    /** Skips the calling test, saying why, when there is no cluster (each test is reported skipped with the reason). */
    static void assumePresent(RealCluster cluster) {
        Assumptions.assumeTrue(cluster != null, SKIPPED);
    }

    /** The JDBC URL of server {@code index} in the test database, with {@code parameters} (may be empty). */
    String jdbcUrl(int index, String parameters) {
        String http = urls.get(index);
        return "jdbc:clickhouse:" + http.substring(http.indexOf("//")) + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    void createDatabase() throws SQLException {
        execute(0, "CREATE DATABASE IF NOT EXISTS " + database + " ON CLUSTER " + name);
    }

    void dropDatabase() throws SQLException {
        execute(0, "DROP DATABASE IF EXISTS " + database + " ON CLUSTER " + name + " SYNC");
    }

    void execute(int server, String sql) throws SQLException {
        try (Connection connection = connect(server, "default"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long queryLong(int server, String sql) throws SQLException {
        return Long.parseLong(queryString(server, sql));
    }

    String queryString(int server, String sql) throws SQLException {
        try (Connection connection = connect(server, database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getString(1);
        }
    }

    private Connection connect(int server, String db) throws SQLException {
        String http = urls.get(server);
        return DriverManager.getConnection("jdbc:clickhouse:" + http.substring(http.indexOf("//")) + "/" + db, user, password);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
