package dev.chorm.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A query that fails after it has produced rows. While its output is within the response buffer
 * ({@code http_response_buffer_size}, 1 MiB by default) the status line is still held, so the
 * failure is an ordinary HTTP error and the official driver raises it with its code and message.
 * Past that, the status is out: the error goes into the body as ClickHouse 25.11+ writes it
 * (the {@code X-ClickHouse-Exception-Tag} block) and the connection is cut, so no client can
 * take the rows it got for a whole result.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MidStreamErrorTest {

    private static final String LATE_FAILURE = "SELECT number, throwIf(number = 2000000, 'late boom') "
            + "FROM numbers(3000000) SETTINGS max_block_size = 10000";

    private static EmbeddedClickHouse server;

    @BeforeAll
    static void start() {
        server = SharedServer.get();
    }

    @Test
    void aFailureWithinTheFirstMebibyteReachesTheDriverWithItsCodeAndMessage() throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "default", "");
             Statement statement = connection.createStatement()) {
            long[] rows = new long[1];
            Throwable thrown = catchThrowable(() -> {
                try (ResultSet rs = statement.executeQuery("SELECT number, throwIf(number = 50000, 'early boom') "
                        + "FROM numbers(100000) SETTINGS max_block_size = 1000")) {
                    while (rs.next()) {
                        rows[0]++;
                    }
                }
            });
            assertThat(thrown).isInstanceOf(SQLException.class).hasMessageContaining("early boom");
            assertThat(((SQLException) thrown).getErrorCode()).isEqualTo(395);
            assertThat(rows[0]).as("rows handed out before the error").isZero();
        }
    }

    @Test
    void aFailureAfterTheStatusWasSentIsNeverASilentSuccessForTheDriver() throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "default", "");
             Statement statement = connection.createStatement()) {
            long[] rows = new long[1];
            Throwable thrown = catchThrowable(() -> {
                try (ResultSet rs = statement.executeQuery(LATE_FAILURE)) {
                    while (rs.next()) {
                        rows[0]++;
                    }
                }
            });
            System.out.printf("late failure through clickhouse-jdbc 0.11: %d rows, then %s%n", rows[0], thrown);
            assertThat(thrown).as("the driver must fail, not end the result early").isNotNull();
            assertThat(rows[0]).isLessThanOrEqualTo(2_000_000L);
        }
    }

    @Test
    void aLargerResponseBufferGivesTheDriverTheCodeOfALateFailureToo() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "default");
        properties.setProperty("password", "");
        properties.setProperty("clickhouse_setting_http_response_buffer_size", String.valueOf(64 << 20));
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), properties);
             Statement statement = connection.createStatement()) {
            Throwable thrown = catchThrowable(() -> {
                try (ResultSet rs = statement.executeQuery(LATE_FAILURE)) {
                    while (rs.next()) {
                        // reading
                    }
                }
            });
            assertThat(thrown).isInstanceOf(SQLException.class).hasMessageContaining("late boom");
            assertThat(((SQLException) thrown).getErrorCode()).isEqualTo(395);
        }
    }

    @Test
    void afterTheStatusTheErrorIsTheTaggedBlockOfClickHouse25_11AndTheResponseHasNoEnd() throws IOException {
        String target = "/?query=" + URLEncoder.encode(LATE_FAILURE + " FORMAT TabSeparated", StandardCharsets.UTF_8);
        byte[] raw;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            raw = readToEnd(socket.getInputStream());
        }
        String head = new String(raw, 0, Math.min(raw.length, 2048), StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("HTTP/1.1 200");
        Matcher tagHeader = Pattern.compile("(?im)^x-clickhouse-exception-tag: *([A-Za-z0-9]+)").matcher(head);
        assertThat(tagHeader.find()).as("X-ClickHouse-Exception-Tag in %s", head).isTrue();
        String tag = tagHeader.group(1);

        assertThat(head.toLowerCase(Locale.ROOT)).contains("transfer-encoding: chunked");
        Body body = dechunk(raw, head.indexOf("\r\n\r\n") + 4);
        assertThat(body.complete()).as("no final chunk: the body must not look complete").isFalse();
        byte[] data = body.data();
        String tail = new String(data, Math.max(0, data.length - 4096), Math.min(data.length, 4096), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("\r\n__exception__\r\n" + tag + "\r\n(Code: 395\\. DB::Exception: [^\n]*late boom[^\n]*\n)"
                + "(\\d+) " + tag + "\r\n__exception__\r\n$").matcher(tail);
        assertThat(block.find()).as("tagged exception block at the very end of: ...%s", tail).isTrue();
        assertThat(Integer.parseInt(block.group(2))).as("declared message length")
                .isEqualTo(block.group(1).getBytes(StandardCharsets.UTF_8).length);
    }

    record Body(byte[] data, boolean complete) {
    }

    /** The payload of a chunked body, and whether its final zero-length chunk arrived. */
    private static Body dechunk(byte[] raw, int start) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = start;
        while (position < raw.length) {
            int lineEnd = indexOf(raw, position);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(raw, position, lineEnd - position, StandardCharsets.US_ASCII).trim(), 16);
            position = lineEnd + 2;
            if (size == 0) {
                return new Body(out.toByteArray(), true);
            }
            int available = Math.min(size, raw.length - position);
            out.write(raw, position, available);
            position += size + 2;
        }
        return new Body(out.toByteArray(), false);
    }

    private static int indexOf(byte[] raw, int from) {
        for (int i = from; i + 1 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // cut by the server: what arrived is the answer
        }
        return out.toByteArray();
    }
}
