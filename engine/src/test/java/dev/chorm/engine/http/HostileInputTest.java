package dev.chorm.engine.http;

import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.engine.SharedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken HTTP input, beyond the protocol catalogue of {@link HttpInterfaceTest}: bad
 * and smuggled settings, truncated and corrupted bodies in every encoding, NUL bytes and unicode in
 * every place a value travels, and the security promises (loopback, authentication, the
 * read-only account, no credentials in errors or logs). Each case gets a clear error, naming what
 * was wrong, and a check that nothing was written.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final String PASSWORD = "Pw-9f3K-secret";
    private static final String READER_PASSWORD = "Rd-77xQ-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger TABLES = new AtomicInteger();

    private EmbeddedClickHouse open;
    private EmbeddedClickHouse secured;
    private String db;
    /** Held: a logger nobody references may be collected, taking its level with it. */
    private final Logger chormLogger = Logger.getLogger("dev.chorm");
    private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    void start() {
        open = SharedServer.get();
        db = SharedServer.freshDatabase(HostileInputTest.class);
        secured = EmbeddedClickHouse.builder().dataDirectory(open.dataDirectory())
                .user("alice", PASSWORD).readOnlyUser("reader", READER_PASSWORD).start();
        Logger.getLogger("").addHandler(capture);
        // Everything the server could say, down to FINEST, not only what default levels print.
        capture.setLevel(Level.ALL);
        chormLogger.setLevel(Level.ALL);
    }

    @AfterAll
    void stop() {
        Logger.getLogger("").removeHandler(capture);
        chormLogger.setLevel(null);
        secured.close();
    }

    // ------------------------------------------------------------------ settings

    @Test
    void aSettingValueOfTheWrongTypeIsAClearErrorAndNothingIsWritten() throws Exception {
        String table = table();
        Reply reply = send(open, "POST", "/?max_threads=abc&query=" + encode("INSERT INTO " + table + " FORMAT TSV"),
                "1\ta\n", Map.of());
        assertThat(reply.status).isGreaterThanOrEqualTo(400);
        assertThat(reply.code()).isPositive();
        assertThat(reply.body).contains("max_threads").contains("abc");
        assertThat(count(table)).isZero();
    }

    @Test
    void anUnknownSettingIsCode115AndNothingIsWritten() throws Exception {
        String table = table();
        Reply reply = send(open, "POST", "/?no_such_setting=1&query=" + encode("INSERT INTO " + table + " FORMAT TSV"),
                "1\ta\n", Map.of());
        assertThat(reply.code()).isEqualTo(115);
        assertThat(reply.body).contains("no_such_setting");
        assertThat(count(table)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1; DROP TABLE %s", "1, readonly = 0", "'1'; DROP TABLE %s; --", "1\nDROP TABLE %s"})
    void aSettingValueCarryingSqlIsOneBadValueNotMoreStatements(String value) throws Exception {
        String table = table();
        Reply reply = send(open, "POST", "/?max_threads=" + encode(value.formatted(table)), "SELECT 1", Map.of());
        assertThat(reply.status).isGreaterThanOrEqualTo(400);
        assertThat(reply.code()).isPositive();
        assertThat(query("EXISTS TABLE " + table)).isEqualTo("1\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"readonly=0", "readonly=2", "readonly=1", "max_threads=1&readonly=0"})
    void theReadOnlyUserCannotSmuggleReadonlyThroughTheUrl(String settings) throws Exception {
        String table = table();
        Reply reply = send(secured, "POST", "/?" + settings + "&query=" + encode("INSERT INTO " + table + " FORMAT TSV"),
                "1\ta\n", reader());
        assertThat(reply.code()).as(reply.body).isEqualTo(164);
        assertThat(count(table)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO %s SETTINGS readonly = 0 VALUES (1, 'a')",
            "INSERT INTO %s SELECT 1, 'a' SETTINGS readonly = 0",
            "SET readonly = 0",
            "CREATE TABLE %s_x (a UInt8) ENGINE = Memory SETTINGS readonly = 0",
            "ALTER TABLE %s DELETE WHERE 1",
            "TRUNCATE TABLE %s",
            "SYSTEM DROP QUERY CACHE"})
    void theReadOnlyUserCannotWriteThroughTheQueryText(String statement) throws Exception {
        String table = table();
        query("INSERT INTO " + table + " VALUES (7, 'kept')");
        Reply reply = send(secured, "POST", "/", statement.formatted(table, table), reader());
        assertThat(reply.code()).as(reply.body).isIn(164, 497);
        assertThat(count(table)).isEqualTo(1);
        assertThat(query("EXISTS TABLE " + table + "_x")).isEqualTo("0\n");
    }

    @Test
    void theReadOnlyUserCannotLiftReadonlyInsideASession() throws Exception {
        String table = table();
        String session = "/?session_id=hostile-" + TABLES.incrementAndGet();
        assertThat(send(secured, "POST", session, "SET readonly = 0", reader()).code()).isEqualTo(164);
        Reply insert = send(secured, "POST", session, "INSERT INTO " + table + " VALUES (1, 'a')", reader());
        assertThat(insert.code()).isEqualTo(164);
        assertThat(count(table)).isZero();
    }

    // ------------------------------------------------------------------ bodies

    @Test
    void aTruncatedGzipBodyStoresNothing() throws Exception {
        String table = table();
        byte[] gzip = gzip(tsv(100_000));
        Reply reply = sendBytes(open, "/?query=" + encode("INSERT INTO " + table + " FORMAT TSV"),
                Arrays.copyOf(gzip, gzip.length / 2), Map.of("Content-Encoding", "gzip"));
        assertThat(reply.status).isGreaterThanOrEqualTo(400);
        assertThat(reply.code()).isPositive();
        assertThat(count(table)).isZero();
    }

    @Test
    void aCorruptedGzipBodyStoresNothing() throws Exception {
        String table = table();
        byte[] gzip = gzip(tsv(100_000));
        for (int i = gzip.length / 2; i < gzip.length / 2 + 32; i++) {
            gzip[i] ^= 0x3c;
        }
        Reply reply = sendBytes(open, "/?query=" + encode("INSERT INTO " + table + " FORMAT TSV"), gzip,
                Map.of("Content-Encoding", "gzip"));
        assertThat(reply.status).isGreaterThanOrEqualTo(400);
        assertThat(count(table)).isZero();
    }

    @Test
    void aTruncatedNativeCompressedBodyStoresNothing() throws Exception {
        String table = table();
        byte[] framed = ZstdHttpTest.nativeZstd(tsv(100_000));
        Reply reply = sendBytes(open, "/?decompress=1&query=" + encode("INSERT INTO " + table + " FORMAT TSV"),
                Arrays.copyOf(framed, framed.length - 100), Map.of());
        assertThat(reply.code()).as(reply.body).isEqualTo(33);
        assertThat(count(table)).isZero();
    }

    @Test
    void aNativeCompressedBodyWithAFlippedBitIsAChecksumErrorAndStoresNothing() throws Exception {
        String table = table();
        byte[] framed = ZstdHttpTest.nativeZstd(tsv(100_000));
        framed[framed.length / 2] ^= 0x01;
        Reply reply = sendBytes(open, "/?decompress=1&query=" + encode("INSERT INTO " + table + " FORMAT TSV"),
                framed, Map.of());
        assertThat(reply.code()).as(reply.body).isIn(40, 271);
        assertThat(count(table)).isZero();
    }

    @Test
    void aPlainBodyWithGarbageInTheMiddleStoresNothing() throws Exception {
        String table = table();
        byte[] rows = tsv(100_000);
        byte[] garbage = new byte[64];
        new java.util.Random(5).nextBytes(garbage);
        System.arraycopy(garbage, 0, rows, rows.length / 2, garbage.length);
        Reply reply = sendBytes(open, "/?query=" + encode("INSERT INTO " + table + " FORMAT TSV"), rows, Map.of());
        assertThat(reply.status).isGreaterThanOrEqualTo(400);
        assertThat(reply.body).startsWith("Code: ");
        assertThat(count(table)).isZero();
    }

    // ------------------------------------------------------------------ NUL bytes and unicode

    @Test
    void nulBytesQuotesAndUnicodeInAParameterAreStoredAsData() throws Exception {
        String table = table();
        String hostile = "a\u0000b'); DROP TABLE " + table + "; --\\\u00e9\u4e2d\ud83d\ude00\n\t\"`";
        // Parameter values travel in ClickHouse's escaped text form (as every driver sends them).
        Reply insert = send(open, "POST", "/?param_id=1&param_s=" + encode(escaped(hostile)),
                "INSERT INTO " + table + " VALUES ({id:UInt64}, {s:String})", Map.of());
        assertThat(insert.status).as(insert.body).isEqualTo(200);
        assertThat(query("SELECT hex(s) FROM " + table)).isEqualTo(
                HexFormat.of().withUpperCase().formatHex(hostile.getBytes(StandardCharsets.UTF_8)) + "\n");
        Reply lookup = send(open, "POST", "/?param_s=" + encode(escaped(hostile)),
                "SELECT count() FROM " + table + " WHERE s = {s:String}", Map.of());
        assertThat(lookup.body).isEqualTo("1\n");
    }

    @Test
    void aParameterWithARawLineBreakIsACleanErrorNamingTheParameter() throws Exception {
        String table = table();
        Reply reply = send(open, "POST", "/?param_s=" + encode("two\nlines"),
                "INSERT INTO " + table + " VALUES (1, {s:String})", Map.of());
        assertThat(reply.code()).as(reply.body).isEqualTo(457);
        assertThat(count(table)).isZero();
    }

    private static String escaped(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void aNulByteInTheDatabaseNameIsUnknownDatabase() throws Exception {
        Reply reply = send(open, "POST", "/?database=" + encode(db + "\u0000x"), "SELECT 1", Map.of());
        assertThat(reply.code()).as(reply.body).isEqualTo(81);
    }

    @Test
    void aNulByteOrNewlineInASettingNameIsUnknownSetting() throws Exception {
        assertThat(send(open, "POST", "/?" + encode("max_threads\u0000") + "=1", "SELECT 1", Map.of()).code()).isEqualTo(115);
        assertThat(send(open, "POST", "/?" + encode("max_threads\nreadonly") + "=1", "SELECT 1", Map.of()).code()).isEqualTo(115);
    }

    @Test
    void aRawNulByteInTheQueryTextIsAnErrorOrData() throws Exception {
        String table = table();
        Reply reply = send(open, "POST", "/", "INSERT INTO " + table + " VALUES (1, 'a\u0000b')", Map.of());
        if (reply.status == 200) {
            assertThat(query("SELECT hex(s) FROM " + table)).isEqualTo("610062\n");
        } else {
            assertThat(reply.code()).isPositive();
            assertThat(count(table)).isZero();
        }
    }

    @Test
    void unicodeIdentifiersQuotedWithBackticksWork() throws Exception {
        String table = db + ".`tablé 中 \"x\"`";
        assertThat(send(open, "POST", "/", "CREATE TABLE " + table + " (`çolumn 😀` String) ENGINE = MergeTree ORDER BY tuple()",
                Map.of()).status).isEqualTo(200);
        assertThat(send(open, "POST", "/", "INSERT INTO " + table + " VALUES ('ü')", Map.of()).status).isEqualTo(200);
        assertThat(query("SELECT `çolumn 😀` FROM " + table)).isEqualTo("ü\n");
    }

    // ------------------------------------------------------------------ security

    @Test
    void theServerListensOnLoopbackOnlyByDefault() throws Exception {
        assertThat(open.host()).isEqualTo("127.0.0.1");
        InetAddress external = firstNonLoopbackAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no non-loopback address");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(external, open.port()), 2_000);
            throw new AssertionError("the server answered on " + external + ":" + open.port());
        } catch (IOException expected) {
            // refused: not listening there
        }
    }

    @Test
    void everyRequestOfASecuredServerMustAuthenticate() throws Exception {
        String table = table();
        assertThat(send(secured, "POST", "/", "INSERT INTO " + table + " VALUES (1, 'a')", Map.of()).code()).isEqualTo(516);
        assertThat(send(secured, "GET", "/?query=" + encode("SELECT count() FROM " + table), null, Map.of()).code())
                .isEqualTo(516);
        assertThat(sendBytes(secured, "/?query=" + encode("INSERT INTO " + table + " FORMAT TSV"), tsv(10), Map.of()).code())
                .isEqualTo(516);
        assertThat(count(table)).isZero();
    }

    @Test
    void credentialsNeverAppearInResponsesOrLogs() throws Exception {
        logged.clear();
        List<Reply> replies = new ArrayList<>();
        String guess = "Guess-" + PASSWORD; // a near miss that contains the real password
        replies.add(send(secured, "POST", "/", "SELECT 1", basic("alice", guess)));
        replies.add(send(secured, "POST", "/?user=alice&password=" + encode(guess), "SELECT 1", Map.of()));
        replies.add(send(secured, "POST", "/", "SELECT 1", Map.of("X-ClickHouse-User", "alice", "X-ClickHouse-Key", guess)));
        replies.add(send(secured, "POST", "/?user=alice&password=" + encode(PASSWORD), "SELECT * FROM no_such_table", Map.of()));
        replies.add(send(secured, "POST", "/?user=alice&password=" + encode(PASSWORD), "SELEC broken", Map.of()));
        replies.add(send(secured, "POST", "/?user=alice&password=" + encode(PASSWORD) + "&max_threads=abc", "SELECT 1", Map.of()));
        replies.add(send(secured, "POST", "/?password=" + encode(PASSWORD), "SELECT 1", basic("alice", PASSWORD)));
        replies.add(send(secured, "POST", "/", "SELECT 1", basic("reader", READER_PASSWORD + "x")));
        for (Reply reply : replies) {
            assertThat(reply.status).isGreaterThanOrEqualTo(400);
            assertThat(reply.body + reply.headers).doesNotContain(PASSWORD).doesNotContain(READER_PASSWORD);
        }
        synchronized (logged) {
            for (LogRecord record : logged) {
                String text = record.getMessage() + " " + Arrays.toString(record.getParameters())
                        + " " + (record.getThrown() == null ? "" : String.valueOf(record.getThrown()));
                assertThat(text).as("log record of %s", record.getLoggerName())
                        .doesNotContain(PASSWORD).doesNotContain(READER_PASSWORD);
            }
        }
        System.out.printf("credential checks: %d failed requests, %d log records, no password in any%n",
                replies.size(), logged.size());
    }

    // ------------------------------------------------------------------ helpers

    private static InetAddress firstNonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> reader() {
        return basic("reader", READER_PASSWORD);
    }

    record Reply(int status, String body, Map<String, List<String>> headers) {
        int code() {
            List<String> code = headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("X-ClickHouse-Exception-Code"))
                    .map(Map.Entry::getValue).findFirst().orElse(List.of("0"));
            return Integer.parseInt(code.get(0).trim());
        }
    }

    private Reply send(EmbeddedClickHouse server, String method, String target, String body, Map<String, String> headers)
            throws Exception {
        return sendBytes(server, method, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private Reply sendBytes(EmbeddedClickHouse server, String target, byte[] body, Map<String, String> headers) throws Exception {
        return sendBytes(server, "POST", target, body, headers);
    }

    private Reply sendBytes(EmbeddedClickHouse server, String method, String target, byte[] body,
                            Map<String, String> headers) throws Exception {
        String separator = target.contains("?") ? "&" : "?";
        String database = target.contains("database=") ? "" : separator + "database=" + db;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.httpUrl() + target + database));
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), new LinkedHashMap<>(response.headers().map()));
    }

    private String table() throws Exception {
        String name = db + ".h" + TABLES.incrementAndGet();
        query("CREATE TABLE " + name + " (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
        return name;
    }

    private String query(String sql) throws Exception {
        Reply reply = send(open, "POST", "/", sql, Map.of());
        assertThat(reply.status).as("%s: %s", sql, reply.body).isEqualTo(200);
        return reply.body;
    }

    private long count(String table) throws Exception {
        return Long.parseLong(query("SELECT count() FROM " + table).strip());
    }

    private static byte[] tsv(int count) {
        StringBuilder out = new StringBuilder();
        for (int id = 0; id < count; id++) {
            out.append(id).append("\trow ").append(id).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
