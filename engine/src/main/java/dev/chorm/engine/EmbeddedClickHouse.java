package dev.chorm.engine;

import dev.chorm.engine.chdb.ChdbEngine;
import dev.chorm.engine.http.ClickHouseHttpServer;
import dev.chorm.engine.http.RunningQueries;
import dev.chorm.engine.http.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A real ClickHouse engine (chDB) in this JVM, served over ClickHouse's HTTP interface so that
 * the official JDBC driver, or any ClickHouse client, talks to it as to a server.
 *
 * <pre>{@code
 * try (EmbeddedClickHouse clickhouse = EmbeddedClickHouse.start()) {
 *     Connection c = DriverManager.getConnection(clickhouse.jdbcUrl());
 *     ...
 * }
 * }</pre>
 *
 * <p>chDB serves one data directory per process: every instance in a JVM must use the same
 * directory, or be started after the others were stopped. The library ({@code libchdb.so}) is
 * fetched once per machine through npm and cached; see {@link dev.chorm.engine.chdb.ChdbDistribution}.
 */
public final class EmbeddedClickHouse implements AutoCloseable {

    private final ChdbEngine engine;
    private final ClickHouseHttpServer server;
    private final ServerConfig config;
    private final Path dataDirectory;
    private final boolean temporary;
    private final Set<String> clusters;
    private boolean stopped;

    private EmbeddedClickHouse(Builder builder) {
        this.temporary = builder.dataDirectory == null;
        try {
            this.dataDirectory = temporary ? Files.createTempDirectory("chorm-clickhouse-")
                    : Files.createDirectories(builder.dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + builder.dataDirectory, e);
        }
        this.config = new ServerConfig(builder.host, builder.port, builder.user, builder.password,
                builder.readOnlyUser, builder.readOnlyPassword, builder.maxConcurrentQueries, 30_000,
                builder.maxInsertBytes, null, builder.ioTimeout.toMillis());
        this.clusters = Set.copyOf(builder.clusters);
        Map<String, String> serverSettings = new HashMap<>();
        if (builder.keepFreeSpaceBytes != 0) {
            serverSettings.put("storage_configuration.disks.default.keep_free_space_bytes", Long.toString(builder.keepFreeSpaceBytes));
        }
        if (!clusters.isEmpty()) {
            serverSettings.put("config-file", ClusterConfig.write(dataDirectory, clusters).toString());
        }
        this.engine = ChdbEngine.open(dataDirectory, Map.of(), serverSettings);
        try {
            this.server = ClickHouseHttpServer.start(config, engine);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot listen on " + builder.host
                    + ":" + builder.port + ": " + e.getMessage(), io) : (RuntimeException) e;
        }
    }

    /** Starts on a free loopback port with a temporary data directory, deleted on {@link #close}. */
    public static EmbeddedClickHouse start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address the server listens on. */
    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** {@code http://host:port}: for curl, the HTTP clients, or the driver's client API. */
    public String httpUrl() {
        return "http://" + hostForUrl() + ":" + port();
    }

    /** A JDBC URL for database {@code default}. */
    public String jdbcUrl() {
        return jdbcUrl("default");
    }

    /** A JDBC URL for {@code database} (credentials go in the connection properties). */
    public String jdbcUrl(String database) {
        return "jdbc:clickhouse://" + hostForUrl() + ":" + port() + "/" + Objects.requireNonNull(database);
    }

    /** The account clients must use ({@code default} unless configured). */
    public String user() {
        return config.user();
    }

    public String password() {
        return config.password();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The clusters defined on this engine ({@link Builder#cluster}); empty by default. */
    public Set<String> clusters() {
        return clusters;
    }

    /** The engine's time zone, sent to clients as {@code X-ClickHouse-Timezone}. */
    public String timezone() {
        return server.timezone();
    }

    /**
     * The statements the server is running now, oldest first, each under the query id its client
     * gave ({@code query_id}): what {@code KILL QUERY WHERE query_id = '...'} matches. chDB's own
     * {@code system.processes} lists the same work under ids of its own (see docs/embedded-engine.md).
     */
    public List<RunningQueries.Query> runningQueries() {
        return server.runningQueries();
    }

    /** The engine's ClickHouse version, e.g. {@code 26.7.2.1}. */
    public String version() {
        return server.version();
    }

    /**
     * Stops serving and closes the engine's connections. Acknowledged writes are on disk already;
     * a temporary data directory is deleted.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            server.close();
        } finally {
            engine.close();
            if (temporary) {
                deleteTree(dataDirectory);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private String hostForUrl() {
        String host = host();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Options for {@link EmbeddedClickHouse}; every one has a sane default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDirectory;
        private String user;
        private String password;
        private String readOnlyUser;
        private String readOnlyPassword;
        private int maxConcurrentQueries = 32;
        private long maxInsertBytes = Long.MAX_VALUE;
        private Duration ioTimeout = Duration.ofMillis(ServerConfig.DEFAULT_IO_TIMEOUT_MILLIS);
        private long keepFreeSpaceBytes;
        private final Set<String> clusters = new TreeSet<>();

        private Builder() {
        }

        /** Address to bind; {@code 127.0.0.1} by default. Anything else exposes the engine to the network. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Where the data lives, kept across restarts; by default a temporary directory deleted on stop. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** Requires every request to authenticate as {@code user} with {@code password}. */
        public Builder user(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Adds an account that may only read ({@code readonly=1}). */
        public Builder readOnlyUser(String user, String password) {
            this.readOnlyUser = Objects.requireNonNull(user, "user");
            this.readOnlyPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Queries run at once (default 32); more wait for a slot. */
        public Builder maxConcurrentQueries(int maxConcurrentQueries) {
            this.maxConcurrentQueries = maxConcurrentQueries;
            return this;
        }

        /** Largest INSERT body accepted, after decompression (default: unlimited). */
        public Builder maxInsertBytes(long maxInsertBytes) {
            this.maxInsertBytes = maxInsertBytes;
            return this;
        }

        /**
         * Longest wait for a client's next bytes, or for it to read ours, before its connection is
         * cut (default 30 s, ClickHouse's {@code http_receive_timeout}). It bounds each wait, not
         * the request: a steady upload of any length is never cut, a client that stalls is, so
         * stalled clients cannot hold the server's threads.
         */
        public Builder ioTimeout(Duration ioTimeout) {
            if (ioTimeout.isNegative() || ioTimeout.isZero()) {
                throw new IllegalArgumentException("ioTimeout must be positive, got " + ioTimeout);
            }
            this.ioTimeout = ioTimeout;
            return this;
        }

        /**
         * Disk space the engine leaves free on the data directory's file system (default 0): an
         * INSERT or merge that would need more is refused whole with {@code NOT_ENOUGH_SPACE} (243)
         * before it writes, so a filling disk stops writes cleanly instead of failing them midway.
         */
        public Builder keepFreeSpace(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("keepFreeSpace must not be negative, got " + bytes);
            }
            this.keepFreeSpaceBytes = bytes;
            return this;
        }

        /**
         * Defines a cluster named {@code name} whose one shard is this engine (one replica), so that
         * a model written for a cluster runs here unchanged in the parts one server can run: a
         * {@code Distributed('name', ...)} table over a local MergeTree table takes inserts and
         * reads, and mutations of the local table work. Call it once per cluster to define several.
         *
         * <p>Still refused by the engine, as by any server without a DDL worker: statements
         * {@code ON CLUSTER} and {@code Replicated} databases; Replicated table engines need a Keeper,
         * which the engine has not. The macros {@code {shard}}, {@code {replica}} and {@code {cluster}}
         * are defined. The configuration is written into the data directory
         * ({@code chorm-clusters-*.xml}) and read at start.
         */
        public Builder cluster(String name) {
            clusters.add(ClusterConfig.checkName(name));
            return this;
        }

        public EmbeddedClickHouse start() {
            return new EmbeddedClickHouse(this);
        }
    }
}
