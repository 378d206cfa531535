package dev.chorm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chorm serve} as users run it: a process that stops cleanly on SIGTERM, loses no
 * acknowledged row when killed, restarts on its own leftovers, and streams results bigger than
 * its heap.
 */
class ServeCommandTest {

    @Test
    void stopsCleanlyOnSigtermAndKeepsEveryRowAcrossTheRestart(@TempDir Path data) throws Exception {
        try (ServerProcess server = ServerProcess.start(data)) {
            server.query("CREATE TABLE t (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
            assertThat(server.post("INSERT INTO t FORMAT TSV", tsv(0, 10_000)).statusCode()).isEqualTo(200);
            assertThat(server.terminate()).as("exit code after SIGTERM").isZero();
        }
        try (ServerProcess restarted = ServerProcess.start(data)) {
            assertThat(restarted.query("SELECT count(), uniqExact(id) FROM t")).isEqualTo("10000\t10000");
        }
    }

    @Test
    void keepsEveryAcknowledgedRowWhenKilledMidInsert(@TempDir Path data) throws Exception {
        int batch = 20_000;
        AtomicLong acknowledged = new AtomicLong();
        try (ServerProcess server = ServerProcess.start(data)) {
            server.query("CREATE TABLE t (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        if (server.post("INSERT INTO t FORMAT TSV", tsv((long) i * batch, batch)).statusCode() == 200) {
                            acknowledged.addAndGet(batch);
                        }
                    }
                } catch (Exception expected) {
                    // the server was killed under us
                }
            });
            writer.start();
            while (acknowledged.get() < 10L * batch) {
                Thread.sleep(10);
            }
            server.kill();
            writer.join(30_000);
        }
        try (ServerProcess restarted = ServerProcess.start(data)) {
            String[] counts = restarted.query("SELECT count(), uniqExact(id) FROM t").split("\t");
            long rows = Long.parseLong(counts[0]);
            assertThat(Long.parseLong(counts[1])).as("no row stored twice").isEqualTo(rows);
            assertThat(rows).as("every acknowledged row is there; the one in flight is all there or absent")
                    .isIn(acknowledged.get(), acknowledged.get() + batch);
        }
    }

    @Test
    void streamsAResultLargerThanItsHeap(@TempDir Path data) throws Exception {
        try (ServerProcess server = ServerProcess.start(data, "-Xmx64m")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url + "/?query="
                    + java.net.URLEncoder.encode("SELECT number, toString(number) FROM numbers(20000000) FORMAT RowBinary",
                    StandardCharsets.UTF_8))).GET().build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            long bytes;
            try (InputStream in = response.body()) {
                bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(response.statusCode()).isEqualTo(200);
            // 8 bytes per UInt64 plus a length-prefixed string of up to 8 digits
            assertThat(bytes).as("bytes streamed").isGreaterThan(300_000_000L);
            assertThat(server.query("SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void refusesBadArgumentsWithUsageAndExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(Chorm.run(new String[]{"serve"}, out, errStream)).isEqualTo(2);
        assertThat(Chorm.run(new String[]{"serve", "--path", "/tmp/x", "--http-port", "99999"}, out, errStream)).isEqualTo(2);
        assertThat(Chorm.run(new String[]{"serve", "--path", "/tmp/x", "--bogus"}, out, errStream)).isEqualTo(2);
        assertThat(Chorm.run(new String[]{"serve", "--path", "/tmp/x", "--password", "p"}, out, errStream)).isEqualTo(2);
        assertThat(Chorm.run(new String[]{"frobnicate"}, out, errStream)).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--path DIR is required")
                .contains("--http-port must be a port number 0..65535, got '99999'")
                .contains("unknown option --bogus")
                .contains("--password needs --user")
                .contains("unknown command 'frobnicate'");
    }

    private static byte[] tsv(long from, int count) {
        StringBuilder out = new StringBuilder(count * 16);
        for (long id = from; id < from + count; id++) {
            out.append(id).append('\t').append("row ").append(id).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
