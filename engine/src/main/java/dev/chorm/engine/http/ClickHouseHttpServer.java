package dev.chorm.engine.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chorm.engine.chdb.ChdbConnection;
import dev.chorm.engine.chdb.ChdbEngine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ClickHouse's HTTP interface in front of the in-process engine. Internal: applications use
 * {@link dev.chorm.engine.EmbeddedClickHouse}.
 */
public final class ClickHouseHttpServer implements AutoCloseable {

    static {
        // Read once by the JDK server when it is first used. Without TCP_NODELAY a small response
        // waits for the client's delayed ACK: about 40 ms per query.
        setDefault("sun.net.httpserver.nodelay", "true");
        setDefault("sun.net.httpserver.maxReqHeaders", "200");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Worker threads at most: requests being read, run or answered at once. */
    static final int MAX_WORKERS = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final StallGuard stallGuard;
    private final EnginePool pool;
    private final Sessions sessions;
    private final RunningQueries running = new RunningQueries();
    private final String timezone;
    private final String version;

    private ClickHouseHttpServer(ServerConfig config, ChdbEngine engine) throws IOException {
        String zone;
        String ver;
        try (ChdbConnection probe = engine.connect()) {
            String[] facts = probe.query("SELECT timezone(), version()", "TabSeparated").text().strip().split("\t");
            zone = facts[0];
            ver = facts[1];
        }
        this.timezone = zone;
        this.version = ver;
        this.pool = new EnginePool(engine, config.maxConcurrentQueries(), config.queueWaitMillis());
        this.sessions = new Sessions(pool);
        AtomicInteger threads = new AtomicInteger();
        // The JDK server parses requests on these threads too, so a request must never queue
        // behind others (long queries, clients that stall): a thread is started whenever none is
        // idle, up to MAX_WORKERS; beyond that the JDK server closes new connections at once.
        // Stalled clients are cut after ioTimeoutMillis by the stall guard.
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "chorm-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor = workers;
        this.stallGuard = new StallGuard(config.ioTimeoutMillis());
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        server.createContext("/", new QueryHandler(config, pool, sessions, running, zone, ver));
        server.createContext("/ping", exchange -> ok(exchange, "/ping"));
        server.createContext("/replicas_status", exchange -> ok(exchange, "/replicas_status"));
        server.setExecutor(stallGuard.watching(executor));
        server.start();
    }

    /** Binds and starts serving {@code engine}. */
    public static ClickHouseHttpServer start(ServerConfig config, ChdbEngine engine) throws IOException {
        return new ClickHouseHttpServer(config, engine);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    public String timezone() {
        return timezone;
    }

    public String version() {
        return version;
    }

    /** The statements running now, under their clients' query ids, oldest first. */
    public java.util.List<RunningQueries.Query> runningQueries() {
        return running.snapshot();
    }

    /** Connections cut so far because their client stalled (for tests and monitoring). */
    public long stalledConnectionsCut() {
        return stallGuard.cutConnections();
    }

    private static void ok(HttpExchange exchange, String path) throws IOException {
        StallGuard.headersRead();
        if (!exchange.getRequestURI().getPath().equals(path)) {
            QueryHandler.notFound(exchange); // contexts match by prefix: /pingpong is no ping
            return;
        }
        byte[] body = "Ok.\n".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops accepting, lets running requests finish for up to a second, then closes connections. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stallGuard.close();
        sessions.close();
        pool.close();
    }
}
