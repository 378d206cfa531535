package dev.chorm.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that die: a client JVM killed with SIGKILL in the middle of streaming an INSERT, and
 * clients that drop their connection in the middle of a response. The server must store only
 * whole blocks of an insert it never acknowledged (none at all for an insert smaller than a
 * block), stop the abandoned query, and go on serving everyone else.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientFaultsTest {

    private static EmbeddedClickHouse server;
    private static String db;

    @BeforeAll
    static void start() throws Exception {
        server = SharedServer.get();
        db = SharedServer.freshDatabase(ClientFaultsTest.class);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), "default", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE small (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
            statement.execute("CREATE TABLE large (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
        }
    }

    @Test
    void aClientJvmKilledInTheMiddleOfASmallInsertLeavesNothing() throws Exception {
        long streamed = killClientAfter("small", 200_000);
        assertThat(count("small")).as("rows of an unacknowledged insert of %d rows", streamed).isZero();
        assertServerServes();
    }

    @Test
    void aClientJvmKilledInTheMiddleOfAMultiBlockInsertLeavesWholeBlocksOnly() throws Exception {
        long streamed = killClientAfter("large", 1_500_000);
        long stored = count("large");
        System.out.printf("client JVM killed after streaming %d rows: %d rows stored%n", streamed, stored);
        assertThat(stored).as("whole blocks of 1,048,449 rows (min_insert_block_size_rows)")
                .isIn(0L, 1_048_449L);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), "default", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count() = uniqExact(id), min(id) FROM large")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("no row twice").isTrue();
            if (stored > 0) {
                assertThat(rs.getLong(2)).as("the stored block is the first one").isZero();
            }
        }
        assertServerServes();
    }

    @Test
    void aConnectionDroppedInTheMiddleOfAResponseStopsTheQuery() throws Exception {
        String query = "SELECT number, repeat('x', 200) FROM numbers(100000000) FORMAT RowBinary";
        for (int i = 0; i < 10; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
                socket.getOutputStream().write(("GET /?query_id=dropped-" + i + "&query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                assertThat(in.readNBytes(4 << 20)).hasSize(4 << 20); // 4 MiB of a 20 GB answer, then gone
                socket.setSoLinger(true, 0); // a reset, as when a client process dies
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long running;
        do {
            Thread.sleep(100);
            // the server's list (the clients' ids) and the engine's own (chDB's ids, so found by text)
            running = server.runningQueries().stream().filter(q -> q.queryId().startsWith("dropped-")).count()
                    + longValue("SELECT count() FROM system.processes WHERE query LIKE '%numbers(100000000)%' "
                    + "AND query NOT LIKE '%system.processes%'");
        } while (running > 0 && System.nanoTime() < deadline);
        assertThat(running).as("abandoned queries still running").isZero();
        assertServerServes();
    }

    @Test
    void aDriverThatClosesAResultSetEarlyLeavesAWorkingConnection() throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), "default", "");
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < 5; i++) {
                try (ResultSet rs = statement.executeQuery("SELECT number FROM numbers(50000000)")) {
                    for (int row = 0; row < 1000; row++) {
                        assertThat(rs.next()).isTrue();
                    }
                }
                try (ResultSet rs = statement.executeQuery("SELECT 42")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(42);
                }
            }
        }
    }

    /**
     * Starts a JVM that streams TSV rows into {@code table} (chunked, as a driver does), waits until
     * it has sent {@code rows}, then kills it with SIGKILL; returns how many rows it had sent.
     */
    private static long killClientAfter(String table, long rows) throws Exception {
        String url = server.httpUrl() + "/?database=" + db + "&query="
                + URLEncoder.encode("INSERT INTO " + table + " FORMAT TSV", StandardCharsets.UTF_8);
        Process client = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StreamingInsertClient.class.getName(), url, Long.toString(rows)))
                .redirectErrorStream(true).start();
        long sent = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("sent ")) {
                    sent = Long.parseLong(line.substring(5));
                    break;
                }
            }
            client.destroyForcibly(); // SIGKILL: no FIN of a finished body, no last chunk
            assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sent).as("rows the client sent before it was killed").isGreaterThanOrEqualTo(rows);
        Thread.sleep(1_000); // the server notices the reset and cancels the insert
        return sent;
    }

    /** The client process of {@link #killClientAfter}: streams rows for ever, says when it passed the mark. */
    public static final class StreamingInsertClient {
        public static void main(String[] args) throws Exception {
            long mark = Long.parseLong(args[1]);
            HttpURLConnection connection = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setChunkedStreamingMode(1 << 16);
            try (OutputStream out = connection.getOutputStream()) {
                StringBuilder rows = new StringBuilder();
                for (long id = 0; ; id++) {
                    rows.append(id).append("\trow ").append(id).append('\n');
                    if (rows.length() > 1 << 16) {
                        out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
                        rows.setLength(0);
                    }
                    if (id == mark) {
                        out.flush();
                        System.out.println("sent " + mark);
                        System.out.flush();
                        Thread.sleep(60_000); // alive, the body unfinished, until killed
                    }
                }
            }
        }
    }

    private static long count(String table) throws Exception {
        return longValue("SELECT count() FROM " + table);
    }

    private static long longValue(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), "default", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void assertServerServes() throws Exception {
        assertThat(longValue("SELECT 1")).isEqualTo(1);
    }
}
