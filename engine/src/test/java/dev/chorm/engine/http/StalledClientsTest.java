package dev.chorm.engine.http;

import dev.chorm.engine.SharedServer;
import dev.chorm.engine.chdb.ChdbEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow-loris clients: connections that send their headers or body a byte at a time and then
 * nothing, or never read their answer, must neither stop {@code /ping} and other clients' queries
 * nor hold the server's threads for ever; a client that is slow but steady is never cut.
 * The server here cuts a client after 1 s without progress (30 s by default).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StalledClientsTest {

    private static final long IO_TIMEOUT_MILLIS = 1_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ChdbEngine engine;
    private static ClickHouseHttpServer server;
    private static String db;

    @BeforeAll
    static void start() throws IOException {
        engine = ChdbEngine.open(SharedServer.get().dataDirectory(), Map.of());
        server = ClickHouseHttpServer.start(new ServerConfig("127.0.0.1", 0, null, null, null, null, 32, 30_000,
                Long.MAX_VALUE, null, IO_TIMEOUT_MILLIS), engine);
        db = SharedServer.freshDatabase(StalledClientsTest.class);
        try {
            get("/ping"); // warms the HTTP client up: the timings below are the server's
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void hundredClientsStalledInTheirHeadersStopNeitherPingNorQueries() throws Exception {
        List<Socket> stalled = openStalled(100, "POST / HTTP/1.1\r\nHost: localhost\r\nX-Clickhouse-Fo");
        try {
            Thread.sleep(200);
            long start = System.nanoTime();
            assertThat(get("/ping")).isEqualTo("Ok.\n");
            assertThat(query("SELECT 40 + 2")).isEqualTo("42\n");
            System.out.printf("with 100 stalled clients: /ping and a query answered in %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
            assertAllCut(stalled);
        } finally {
            closeAll(stalled);
        }
    }

    @Test
    void clientsStalledInTheMiddleOfAnInsertBodyAreCutAndStoreNothing() throws Exception {
        query("CREATE TABLE " + db + ".half (id UInt64) ENGINE = MergeTree ORDER BY id");
        String target = "/?query=" + URLEncoder.encode("INSERT INTO " + db + ".half FORMAT TSV", StandardCharsets.UTF_8);
        List<Socket> stalled = openStalled(100, "POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 1000\r\n\r\n1\n2\n3\n");
        try {
            Thread.sleep(200);
            assertThat(get("/ping")).isEqualTo("Ok.\n");
            assertAllCut(stalled);
            assertThat(query("SELECT count() FROM " + db + ".half")).as("rows of cut inserts").isEqualTo("0\n");
        } finally {
            closeAll(stalled);
        }
    }

    @Test
    void aSlowButSteadyUploadLongerThanTheTimeoutIsNotCut() throws Exception {
        query("CREATE TABLE " + db + ".steady (id UInt64) ENGINE = MergeTree ORDER BY id");
        String target = "/?query=" + URLEncoder.encode("INSERT INTO " + db + ".steady FORMAT TSV", StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            for (int id = 0; id < 10; id++) { // 10 rows, one every 300 ms: 3 s in all, 3x the timeout
                byte[] row = (id + "\n").getBytes(StandardCharsets.US_ASCII);
                out.write((Integer.toHexString(row.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(row);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = statusLine(socket.getInputStream());
            assertThat(status).startsWith("HTTP/1.1 200");
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(3 * IO_TIMEOUT_MILLIS));
        }
        assertThat(query("SELECT count(), sum(id) FROM " + db + ".steady")).isEqualTo("10\t45\n");
    }

    @Test
    void aClientThatNeverReadsItsResultIsCut() throws Exception {
        long before = server.stalledConnectionsCut();
        String target = "/?query=" + URLEncoder.encode("SELECT number, repeat('x', 100) FROM numbers(10000000)",
                StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.stalledConnectionsCut() == before && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.stalledConnectionsCut()).as("connections cut").isGreaterThan(before);
        }
        assertThat(query("SELECT 1")).isEqualTo("1\n");
    }

    private static void assertAllCut(List<Socket> stalled) throws IOException {
        for (Socket socket : stalled) {
            socket.setSoTimeout((int) (10 * IO_TIMEOUT_MILLIS));
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // an error answer, if any, then the end
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("a stalled connection was still open after " + 10 * IO_TIMEOUT_MILLIS + " ms", e);
            } catch (SocketException reset) {
                // cut: fine
            }
        }
        System.out.printf("stalled connections cut so far: %d%n", server.stalledConnectionsCut());
    }

    private static List<Socket> openStalled(int count, String prefix) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = connect();
            socket.getOutputStream().write(prefix.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            sockets.add(socket);
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            line.append((char) b);
        }
        return line.toString().strip();
    }

    static String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofMillis(IO_TIMEOUT_MILLIS / 2)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    static String query(String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", sql, response.body()).isEqualTo(200);
        return response.body();
    }
}
