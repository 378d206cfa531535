package dev.chorm.engine.http;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.engine.SharedServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * zstd, as ClickHouse speaks it over HTTP: request bodies with {@code Content-Encoding: zstd},
 * responses in zstd when {@code enable_http_compression=1} and the client accepts it, and native
 * compressed blocks of method ZSTD (0x90) with {@code decompress=1}; broken zstd stores nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZstdHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedClickHouse server;
    private static String db;

    @BeforeAll
    static void start() {
        server = SharedServer.get();
        db = SharedServer.freshDatabase(ZstdHttpTest.class);
    }

    @Test
    void aZstdRequestBodyIsDecodedAndStored() throws Exception {
        String table = table();
        byte[] body = Zstd.compress(rows(0, 100_000), 3);
        HttpResponse<String> response = post("INSERT INTO " + table + " FORMAT TSV", body, "Content-Encoding", "zstd");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(query("SELECT count(), sum(id) FROM " + table)).isEqualTo("100000\t4999950000\n");
    }

    @Test
    void aTruncatedZstdRequestBodyStoresNothing() throws Exception {
        String table = table();
        byte[] body = Zstd.compress(rows(0, 100_000), 3);
        HttpResponse<String> response = post("INSERT INTO " + table + " FORMAT TSV",
                Arrays.copyOf(body, body.length / 2), "Content-Encoding", "zstd");
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).isPresent();
        assertThat(query("SELECT count() FROM " + table)).isEqualTo("0\n");
    }

    @Test
    void aCorruptedZstdRequestBodyStoresNothing() throws Exception {
        String table = table();
        byte[] body = Zstd.compress(rows(0, 100_000), 3);
        for (int i = body.length / 3; i < body.length / 3 + 64; i++) {
            body[i] ^= 0x55;
        }
        HttpResponse<String> response = post("INSERT INTO " + table + " FORMAT TSV", body, "Content-Encoding", "zstd");
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(response.body()).startsWith("Code: ");
        assertThat(query("SELECT count() FROM " + table)).isEqualTo("0\n");
    }

    @Test
    void theResponseIsZstdWhenEnabledAndAccepted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/?enable_http_compression=1"))
                .header("Accept-Encoding", "zstd")
                .POST(HttpRequest.BodyPublishers.ofString("SELECT number FROM numbers(100000)")).build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("zstd");
        byte[] decoded;
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(response.body()))) {
            decoded = in.readAllBytes();
        }
        assertThat(response.body().length).isLessThan(decoded.length / 2);
        assertThat(new String(decoded, StandardCharsets.UTF_8)).startsWith("0\n1\n2\n").endsWith("\n99999\n");
    }

    @Test
    void nativeZstdBlocksAreDecompressedWithDecompress1() throws Exception {
        String table = table();
        byte[] data = rows(0, 50_000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/?decompress=1&query="
                        + encode("INSERT INTO " + table + " FORMAT TSV")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(nativeZstd(data))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(query("SELECT count() FROM " + table)).isEqualTo("50000\n");
    }

    @Test
    void curlSendsAndReadsZstd(@TempDir Path dir) throws Exception {
        String table = table();
        Path raw = dir.resolve("rows.tsv");
        Files.write(raw, rows(0, 10_000));
        Path compressed = dir.resolve("rows.tsv.zst");
        Files.write(compressed, Zstd.compress(Files.readAllBytes(raw), 3));
        curl("-sS", "--fail", "-H", "Content-Encoding: zstd", "--data-binary", "@" + compressed,
                server.httpUrl() + "/?query=" + encode("INSERT INTO " + table + " FORMAT TSV"));
        String answer = new String(curl("-sS", "--fail", "-H", "Accept-Encoding: zstd", "--compressed",
                "--data-binary", "SELECT count(), sum(id) FROM " + table,
                server.httpUrl() + "/?enable_http_compression=1"), StandardCharsets.UTF_8);
        assertThat(answer).isEqualTo("10000\t49995000\n");
        String headers = new String(curl("-sS", "--fail", "-o", "/dev/null", "-D", "-", "-H", "Accept-Encoding: zstd",
                "--data-binary", "SELECT 1", server.httpUrl() + "/?enable_http_compression=1"), StandardCharsets.UTF_8);
        assertThat(headers.toLowerCase()).contains("content-encoding: zstd");
    }

    /** ClickHouse native framing, one ZSTD block per 16 KiB. */
    static byte[] nativeZstd(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int offset = 0; offset < data.length; offset += 16_384) {
            byte[] block = Arrays.copyOfRange(data, offset, Math.min(data.length, offset + 16_384));
            byte[] payload = Zstd.compress(block, 3);
            byte[] frame = new byte[25 + payload.length];
            frame[16] = (byte) 0x90;
            putIntLE(frame, 17, 9 + payload.length);
            putIntLE(frame, 21, block.length);
            System.arraycopy(payload, 0, frame, 25, payload.length);
            long[] hash = CityHash128.hash128(frame, 16, 9 + payload.length);
            for (int i = 0; i < 8; i++) {
                frame[i] = (byte) (hash[0] >>> (8 * i));
                frame[8 + i] = (byte) (hash[1] >>> (8 * i));
            }
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    private static void putIntLE(byte[] b, int pos, int value) {
        for (int i = 0; i < 4; i++) {
            b[pos + i] = (byte) (value >>> (8 * i));
        }
    }

    private static byte[] curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("curl");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            Assumptions.abort("curl is not installed: the curl checks are skipped");
            throw e;
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("curl exit status").isZero();
        return out;
    }

    private static String table() throws Exception {
        String name = db + ".z" + TABLES.incrementAndGet();
        query("CREATE TABLE " + name + " (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
        return name;
    }

    private static byte[] rows(long from, int count) {
        StringBuilder out = new StringBuilder();
        for (long id = from; id < from + count; id++) {
            out.append(id).append("\trow ").append(id).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String query, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/?query=" + encode(query)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String query(String sql) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", sql, response.body()).isEqualTo(200);
        return response.body();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
