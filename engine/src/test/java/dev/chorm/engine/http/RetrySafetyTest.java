package dev.chorm.engine.http;

import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.engine.SharedServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrying an insert whose outcome is unknown (the answer was lost, the client or the connection
 * died mid-body) writes its rows exactly once when every attempt carries the same
 * {@code insert_deduplication_token}: ClickHouse remembers the token of each block it stored and
 * skips a block it has already seen. Plain MergeTree tables need
 * {@code non_replicated_deduplication_window} (how many recent blocks are remembered) for that.
 *
 * <p>Without a token, ClickHouse guarantees only per-block atomicity: an INSERT larger than one
 * block (about a million rows) that dies midway leaves its first blocks stored. The test
 * {@link #aCutMultiBlockInsertLeavesWholeBlocksAndTheRetryWithItsTokenCompletesItExactly} shows both.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RetrySafetyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedClickHouse server;
    private static String db;

    @BeforeAll
    static void start() {
        server = SharedServer.get();
        db = SharedServer.freshDatabase(RetrySafetyTest.class);
    }

    @Test
    void theSameBatchSentTwiceWithItsTokenIsStoredOnce() throws Exception {
        String table = table();
        byte[] rows = tsv(0, 10_000);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(insert(table, rows, "batch-1").statusCode()).isEqualTo(200);
        }
        assertThat(query("SELECT count(), uniqExact(id) FROM " + table)).isEqualTo("10000\t10000\n");
        assertThat(insert(table, rows, "batch-2").statusCode()).as("another token is another batch").isEqualTo(200);
        assertThat(query("SELECT count() FROM " + table)).isEqualTo("20000\n");
    }

    @Test
    void aRetryAfterTheAnswerWasLostStoresTheRowsOnce() throws Exception {
        String table = table();
        byte[] rows = tsv(0, 50_000);
        // First attempt: the whole body is sent, then the connection is dropped before the answer
        // is read: the client cannot know whether the insert happened.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target(table, "lost-answer") + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + rows.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(rows);
            out.flush();
        }
        assertThat(insert(table, rows, "lost-answer").statusCode()).isEqualTo(200);
        assertThat(query("SELECT count(), uniqExact(id) FROM " + table)).isEqualTo("50000\t50000\n");
    }

    @Test
    void aCutMultiBlockInsertLeavesWholeBlocksAndTheRetryWithItsTokenCompletesItExactly() throws Exception {
        String table = table();
        int total = 3_000_000;
        byte[] rows = tsv(0, total);
        int cut = (int) (rows.length * 0.8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target(table, "big-batch") + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + rows.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(rows, 0, cut);
            out.flush();
            Thread.sleep(1_000); // the server has parsed and stored what it could
        } // the client dies: the body is cut short
        Thread.sleep(500);
        long partial = Long.parseLong(query("SELECT count() FROM " + table).strip());
        System.out.printf("an INSERT of %d rows cut at 80%% of its body left %d rows (whole blocks)%n", total, partial);
        assertThat(partial).as("rows left by the cut insert").isLessThan(total);
        assertThat(partial % 1_048_449 == 0 || partial % 1_048_576 == 0 || partial == 0)
                .as("whole blocks only: %d", partial).isTrue();

        assertThat(insert(table, rows, "big-batch").statusCode()).isEqualTo(200);
        assertThat(query("SELECT count(), uniqExact(id), min(id), max(id) FROM " + table))
                .isEqualTo(total + "\t" + total + "\t0\t" + (total - 1) + "\n");
    }

    @Test
    void theDriverRetriesABatchWithTheTokenAsASettingAndStoresItOnce() throws Exception {
        String table = table();
        Properties properties = new Properties();
        properties.setProperty("user", "default");
        properties.setProperty("password", "");
        properties.setProperty("clickhouse_setting_insert_deduplication_token", "driver-batch-7");
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), properties)) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, s) VALUES (?, ?)")) {
                    for (int id = 0; id < 1_000; id++) {
                        insert.setLong(1, id);
                        insert.setString(2, "row " + id);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count() FROM " + table)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1_000);
            }
        }
    }

    private static String table() throws Exception {
        String name = db + ".r" + TABLES.incrementAndGet();
        query("CREATE TABLE " + name + " (id UInt64, s String) ENGINE = MergeTree ORDER BY id "
                + "SETTINGS non_replicated_deduplication_window = 1000");
        return name;
    }

    private static String target(String table, String token) {
        return "/?insert_deduplication_token=" + token + "&query="
                + URLEncoder.encode("INSERT INTO " + table + " FORMAT TSV", StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> insert(String table, byte[] rows, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUrl() + target(table, token)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(rows)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", sql, response.body()).isEqualTo(200);
        return response.body();
    }

    private static byte[] tsv(long from, int count) {
        StringBuilder out = new StringBuilder(count * 16);
        for (long id = from; id < from + count; id++) {
            out.append(id).append("\trow ").append(id).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
