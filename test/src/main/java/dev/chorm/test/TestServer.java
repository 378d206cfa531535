package dev.chorm.test;

import dev.chorm.engine.EmbeddedClickHouse;

import java.net.URI;

/**
 * Where test databases live: a server named by {@code chorm.test.url} / {@code CHORM_TEST_URL},
 * else the embedded engine, started once per JVM and stopped when the JVM exits.
 */
final class TestServer {

    private static TestServer instance;

    private final String httpUrl;
    private final String user;
    private final String password;

    private TestServer(String httpUrl, String user, String password) {
        this.httpUrl = httpUrl;
        this.user = user;
        this.password = password;
    }

    static synchronized TestServer get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestServer create() {
        String url = setting("chorm.test.url", "CHORM_TEST_URL");
        if (url != null) {
            String http = url.startsWith("jdbc:clickhouse:") ? "http:" + url.substring("jdbc:clickhouse:".length()) : url;
            URI uri = URI.create(http);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("chorm.test.url must look like http://host:8123, got " + url);
            }
            String user = setting("chorm.test.user", "CHORM_TEST_USER");
            String password = setting("chorm.test.password", "CHORM_TEST_PASSWORD");
            return new TestServer(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort(),
                    user == null ? "default" : user, password == null ? "" : password);
        }
        EmbeddedClickHouse embedded = EmbeddedClickHouse.start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::stop, "chorm-test-engine-stop"));
        return new TestServer(embedded.httpUrl(), embedded.user(), embedded.password());
    }

    /** Runs a statement outside any test database: creating and dropping them. */
    void execute(String sql) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl("default"), user, password);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("failed on " + httpUrl + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:clickhouse:" + httpUrl.substring(httpUrl.indexOf("//")) + "/" + database;
    }

    String httpUrl() {
        return httpUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
