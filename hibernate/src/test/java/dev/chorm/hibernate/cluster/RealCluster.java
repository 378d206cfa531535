package dev.chorm.hibernate.cluster;

import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * A real ClickHouse cluster named by environment variables, for the tests that need several
 * servers: {@code CHORM_CLUSTER_URLS} (the servers' HTTP addresses, comma-separated, e.g.
 * {@code http://127.0.0.1:8123,http://127.0.0.1:8124}), {@code CHORM_CLUSTER_NAME} (default
 * {@code chorm}), {@code CHORM_CLUSTER_USER} / {@code CHORM_CLUSTER_PASSWORD} (default
 * {@code default}, none). {@code cluster/start.sh} starts one on this machine.
 *
 * <p>The test database is {@code @ClickHouseTest}'s, created {@code ON CLUSTER} through the first
 * server by the test extension: {@code CHORM_TEST_URL} must be the first server and
 * {@code CHORM_TEST_CLUSTER} the cluster ({@code cluster/start.sh --env} exports both);
 * {@link #in} checks that the database is on every server.
 */
final class RealCluster {

    static final String SKIPPED = "no real cluster: set CHORM_CLUSTER_URLS (e.g. from cluster/start.sh --env) to run"
            + " the cluster tests; the embedded engine is one server and refuses ON CLUSTER";

    final List<String> urls;
    final String name;
    final String user;
    final String password;
    /** The test database, created and dropped ON CLUSTER through the first server by the test extension. */
    String database;

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

    /**
     * The cluster of the environment working in {@code db}, which must exist on every server: the
     * test extension creates it ON CLUSTER when pointed at the cluster, else this fails saying how.
     */
    static RealCluster in(TestDatabase db) throws SQLException {
        RealCluster cluster = fromEnvironment();
        Assumptions.assumeTrue(cluster != null, SKIPPED);
        cluster.database = db.name();
        for (int server = 0; server < cluster.urls.size(); server++) {
            try (Connection connection = cluster.connect(server, "default"); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count() FROM system.databases WHERE name = '" + db.name() + "'")) {
                rs.next();
                if (rs.getLong(1) != 1) {
                    throw new IllegalStateException("test database " + db.name() + " (on " + db.httpUrl() + ") is not on server "
                            + cluster.urls.get(server) + ": point the test extension at the cluster with CHORM_TEST_URL="
                            + cluster.urls.get(0) + " CHORM_TEST_CLUSTER=" + cluster.name + " (cluster/start.sh --env exports them)");
                }
            }
        }
        return cluster;
    }

    /** The JDBC URL of server {@code index} in the test database, with {@code parameters} (may be empty). */
    String jdbcUrl(int index, String parameters) {
        String http = urls.get(index);
        return "jdbc:clickhouse:" + http.substring(http.indexOf("//")) + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
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
