package dev.chorm.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Settings of chorm's Spring Boot integration, under the prefix {@code chorm}.
 *
 * <p>The connection itself is Spring Boot's: {@code spring.datasource.url} (a
 * {@code jdbc:clickhouse://...} URL), {@code spring.datasource.username}/{@code password} and
 * {@code spring.datasource.hikari.*}. Without {@code spring.datasource.url} chorm starts the
 * embedded ClickHouse engine, configured here.
 */
@ConfigurationProperties(prefix = "chorm")
public class ChormProperties {

    private final Embedded embedded = new Embedded();
    private final Metrics metrics = new Metrics();
    private final ClickHouse clickhouse = new ClickHouse();
    private final Migrations migrations = new Migrations();

    public Embedded getEmbedded() {
        return embedded;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public ClickHouse getClickhouse() {
        return clickhouse;
    }

    public Migrations getMigrations() {
        return migrations;
    }

    /** chorm's migrations, applied at startup like Flyway's, before JPA starts. */
    public static class Migrations {

        /** Whether to apply pending migrations found at the location when the application starts. */
        private boolean enabled = true;

        /**
         * Where the migration files are ({@code V0001__name.sql} and their snapshots, as written by
         * {@code chorm makemigrations}): a {@code classpath:} or {@code file:} location. Nothing
         * happens when it holds no migration.
         */
        private String location = "classpath:db/chorm";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getLocation() {
            return location;
        }

        public void setLocation(String location) {
            this.location = location;
        }
    }

    /** The embedded ClickHouse engine, started when no {@code spring.datasource.url} is set. */
    public static class Embedded {

        /** Whether to start the embedded engine when no spring.datasource.url is set. */
        private boolean enabled = true;

        /**
         * Where the embedded engine keeps its data, kept across restarts. By default a temporary
         * directory, deleted when the application stops. One directory per JVM (a chDB rule).
         */
        private Path dataDirectory;

        /** Address the engine's HTTP interface binds to; anything but loopback exposes it to the network. */
        private String host = "127.0.0.1";

        /** TCP port of the engine's HTTP interface; 0 picks a free port. */
        private int port;

        /** Database the DataSource uses; created if missing. */
        private String database = "default";

        /** Queries the engine runs at once; more wait for a slot. */
        private int maxConcurrentQueries = 32;

        /**
         * Whether, when chorm-test is on the class path (that is, in tests) and no data directory
         * is set, the DataSource gets a fresh database on chorm-test's engine (or on the server
         * named by chorm.test.url), dropped when the application context closes. Keeps one engine
         * per test JVM and isolates application contexts from each other.
         */
        private boolean useTestServer = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getDataDirectory() {
            return dataDirectory;
        }

        public void setDataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }

        public int getMaxConcurrentQueries() {
            return maxConcurrentQueries;
        }

        public void setMaxConcurrentQueries(int maxConcurrentQueries) {
            this.maxConcurrentQueries = maxConcurrentQueries;
        }

        public boolean isUseTestServer() {
            return useTestServer;
        }

        public void setUseTestServer(boolean useTestServer) {
            this.useTestServer = useTestServer;
        }
    }

    /** Micrometer metrics of statements sent to ClickHouse DataSources. */
    public static class Metrics {

        /** Whether to time statements on ClickHouse DataSources and count rows (needs a MeterRegistry). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * The ClickHouse side of an application with two databases ({@link EnableClickHouseJpa}): the
     * primary database keeps {@code spring.datasource.*} and {@code spring.jpa.*}.
     */
    public static class ClickHouse {

        /** JDBC URL (jdbc:clickhouse://host:8123/db); without one, the embedded engine (chorm.embedded.*). */
        private String url;

        /** Login user. */
        private String username;

        /** Login password. */
        private String password;

        /**
         * Schema action for the ClickHouse entities (none, create, create-drop, validate, update).
         * Default: create on a database that lives only as long as the application, else none.
         */
        private String ddlAuto;

        /** Additional Hibernate properties of the ClickHouse persistence unit. */
        private final java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getDdlAuto() {
            return ddlAuto;
        }

        public void setDdlAuto(String ddlAuto) {
            this.ddlAuto = ddlAuto;
        }

        public java.util.Map<String, String> getProperties() {
            return properties;
        }
    }
}
