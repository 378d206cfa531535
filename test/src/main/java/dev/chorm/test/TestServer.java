package dev.chorm.test;

import dev.chorm.engine.EmbeddedClickHouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where test databases live: a server named by {@code chorm.test.url} / {@code CHORM_TEST_URL},
 * else the embedded engine, started once per JVM and stopped when the JVM exits.
 *
 * <p>With {@code chorm.test.cluster} / {@code CHORM_TEST_CLUSTER} the server is one of that
 * cluster's: every test database is created and dropped {@code ON CLUSTER} through this one
 * managing connection, so it exists on every server. On the embedded engine the property instead
 * defines that cluster on the engine (one shard: the engine), which takes no {@code ON CLUSTER}.
 */
final class TestServer {

    private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static TestServer instance;

    private final String httpUrl;
    private final String user;
    private final String password;
    /** The cluster test databases are created on, or null. */
    private final String onCluster;
    /** The embedded engine, or null for a configured server. */
    private EmbeddedClickHouse embedded;

    private TestServer(String httpUrl, String user, String password, String onCluster, EmbeddedClickHouse embedded) {
        this.httpUrl = httpUrl;
        this.user = user;
        this.password = password;
        this.onCluster = onCluster;
        this.embedded = embedded;
    }

    static synchronized TestServer get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    /**
     * The test server, with {@code cluster} defined on it when it is the embedded engine: the engine
     * defines clusters when it starts, so one it lacks restarts it (on the same data directory and
     * port; every test database stays) once, for the first test class that asks. Blank: any server.
     */
    static synchronized TestServer get(String cluster) {
        TestServer server = get();
        if (cluster != null && !cluster.isBlank() && server.embedded != null
                && !server.embedded.clusters().contains(cluster.strip())) {
            server.restartWith(cluster.strip());
        }
        return server;
    }

    private static TestServer create() {
        String url = setting("chorm.test.url", "CHORM_TEST_URL");
        String cluster = setting("chorm.test.cluster", "CHORM_TEST_CLUSTER");
        if (url != null) {
            String http = url.startsWith("jdbc:clickhouse:") ? "http:" + url.substring("jdbc:clickhouse:".length()) : url;
            URI uri = URI.create(http);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("chorm.test.url must look like http://host:8123, got " + url);
            }
            String user = setting("chorm.test.user", "CHORM_TEST_USER");
            String password = setting("chorm.test.password", "CHORM_TEST_PASSWORD");
            return new TestServer(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort(),
                    user == null ? "default" : user, password == null ? "" : password, cluster == null ? null : cluster.strip(), null);
        }
        Path data;
        try {
            data = Files.createTempDirectory("chorm-test-clickhouse-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test engine's data directory", e);
        }
        EmbeddedClickHouse.Builder builder = EmbeddedClickHouse.builder().dataDirectory(data);
        if (cluster != null) {
            builder.cluster(cluster.strip());
        }
        TestServer server = new TestServer(null, null, null, null, builder.start());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.embedded.stop();
            deleteTree(data);
        }, "chorm-test-engine-stop"));
        return server;
    }

    private void restartWith(String cluster) {
        Set<String> clusters = new TreeSet<>(embedded.clusters());
        clusters.add(cluster);
        EmbeddedClickHouse.Builder builder = EmbeddedClickHouse.builder()
                .dataDirectory(embedded.dataDirectory()).host(embedded.host()).port(embedded.port());
        clusters.forEach(builder::cluster);
        embedded.stop();
        embedded = builder.start();
    }

    /** Runs a statement outside any test database: creating and dropping them. */
    void execute(String sql) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl("default"), user(), password());
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("failed on " + httpUrl() + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** {@code CREATE DATABASE}, {@code ON CLUSTER} when the server is a cluster's. */
    String createDatabase(String database) {
        return "CREATE DATABASE " + TestDatabase.quote(database) + onClusterClause();
    }

    /** {@code DROP DATABASE ... SYNC}, {@code ON CLUSTER} when the server is a cluster's. */
    String dropDatabase(String database) {
        return "DROP DATABASE IF EXISTS " + TestDatabase.quote(database) + onClusterClause() + " SYNC";
    }

    private String onClusterClause() {
        if (onCluster == null) {
            return "";
        }
        return " ON CLUSTER " + (BARE_WORD.matcher(onCluster).matches() ? onCluster : TestDatabase.quote(onCluster));
    }

    /** The cluster test databases are created on, or null. */
    String cluster() {
        return onCluster;
    }

    String jdbcUrl(String database) {
        String http = httpUrl();
        return "jdbc:clickhouse:" + http.substring(http.indexOf("//")) + "/" + database;
    }

    String httpUrl() {
        return embedded != null ? embedded.httpUrl() : httpUrl;
    }

    String user() {
        return embedded != null ? embedded.user() : user;
    }

    String password() {
        return embedded != null ? embedded.password() : password;
    }

    /** For tests of the statements: a server of {@code cluster} that is never connected to. */
    static TestServer forStatements(String cluster) {
        return new TestServer("http://127.0.0.1:8123", "default", "", cluster, null);
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
