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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void keepsEveryAcknowledgedRowAcrossThreeKillsInARow(@TempDir Path data) throws Exception {
        int batch = 5_000;
        long acknowledged = 0;
        long next = 0;
        for (int cycle = 0; cycle < 3; cycle++) {
            try (ServerProcess server = ServerProcess.start(data)) {
                if (cycle == 0) {
                    server.query("CREATE TABLE t (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
                }
                assertThat(server.query("SELECT count(), uniqExact(id) FROM t"))
                        .as("after kill %d", cycle).isEqualTo(acknowledged + "\t" + acknowledged);
                AtomicLong acked = new AtomicLong();
                AtomicLong from = new AtomicLong(next);
                Thread writer = new Thread(() -> {
                    try {
                        while (true) {
                            long start = from.get();
                            if (server.post("INSERT INTO t FORMAT TSV", tsv(start, batch)).statusCode() != 200) {
                                return;
                            }
                            acked.addAndGet(batch);
                            from.addAndGet(batch);
                        }
                    } catch (Exception expected) {
                        // killed under us
                    }
                });
                writer.start();
                while (acked.get() < 5L * batch) {
                    Thread.sleep(5);
                }
                server.kill();
                writer.join(30_000);
                acknowledged += acked.get();
                next = from.get() + batch; // the batch in flight, if any, used ids up to here
            }
            try (ServerProcess check = ServerProcess.start(data)) {
                String[] counts = check.query("SELECT count(), uniqExact(id) FROM t").split("\t");
                long rows = Long.parseLong(counts[0]);
                assertThat(Long.parseLong(counts[1])).as("no row twice").isEqualTo(rows);
                assertThat(rows).as("acknowledged rows, plus the in-flight batch whole or not at all")
                        .isIn(acknowledged, acknowledged + batch);
                if (rows == acknowledged + batch) {
                    acknowledged += batch; // the in-flight batch landed before the kill
                }
                check.terminate();
            }
        }
        System.out.printf("three SIGKILLs under a writer: %d acknowledged rows, all present, none twice%n", acknowledged);
    }

    @Test
    void aKilledMultiBlockInsertLeavesWholeBlocksAndItsRetryWithTheTokenCompletesIt(@TempDir Path data) throws Exception {
        int total = 3_000_000;
        byte[] rows = tsv(0, total);
        String token = "&insert_deduplication_token=big-batch-1";
        try (ServerProcess server = ServerProcess.start(data)) {
            server.query("CREATE TABLE t (id UInt64, s String) ENGINE = MergeTree ORDER BY id "
                    + "SETTINGS non_replicated_deduplication_window = 1000");
            Thread insert = new Thread(() -> {
                try {
                    server.post("INSERT INTO t FORMAT TSV", rows, token);
                } catch (Exception expected) {
                    // killed under us
                }
            });
            insert.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Long.parseLong(server.query("SELECT count() FROM t")) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            server.kill();
            insert.join(30_000);
        }
        try (ServerProcess restarted = ServerProcess.start(data)) {
            long partial = Long.parseLong(restarted.query("SELECT count() FROM t"));
            System.out.printf("SIGKILL during an INSERT of %d rows: %d rows stored (whole blocks of the insert)%n",
                    total, partial);
            assertThat(partial).isPositive().isLessThanOrEqualTo(total);
            assertThat(restarted.post("INSERT INTO t FORMAT TSV", rows, token).statusCode()).isEqualTo(200);
            assertThat(restarted.query("SELECT count(), uniqExact(id), max(id) FROM t"))
                    .as("the retry with the same token writes exactly the missing blocks")
                    .isEqualTo(total + "\t" + total + "\t" + (total - 1));
        }
    }

    @Test
    void aFullDiskRefusesTheInsertWholeAndLosesNoAcknowledgedRow(@TempDir Path data) throws Exception {
        // A full disk, as the engine sees it: all but 40 MB of the free space is kept free.
        long free = Files.getFileStore(data).getUsableSpace();
        String keep = String.valueOf(free - (40L << 20));
        try (ServerProcess server = ServerProcess.start(data, List.of(), List.of("--keep-free-space", keep), 0)) {
            server.query("CREATE TABLE t (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
            assertThat(server.post("INSERT INTO t FORMAT TSV", randomRows(0, 10_000)).statusCode()).isEqualTo(200);
            HttpResponse<String> tooBig = server.post("INSERT INTO t FORMAT TSV", randomRows(10_000, 1_500_000));
            System.out.printf("INSERT of 1.5M rows with 40 MB left: HTTP %d, %s%n", tooBig.statusCode(),
                    tooBig.body().lines().findFirst().orElse(""));
            assertThat(tooBig.statusCode()).isGreaterThanOrEqualTo(500);
            assertThat(tooBig.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("243");
            assertThat(tooBig.body()).startsWith("Code: 243.").contains("not enough space");
            assertThat(server.query("SELECT count() FROM t")).as("nothing of the refused insert").isEqualTo("10000");
            assertThat(server.post("INSERT INTO t FORMAT TSV", randomRows(2_000_000, 1_000)).statusCode())
                    .as("small inserts still fit").isEqualTo(200);
            server.kill();
        }
        try (ServerProcess restarted = ServerProcess.start(data)) {
            assertThat(restarted.query("SELECT count(), uniqExact(id) FROM t")).isEqualTo("11000\t11000");
            assertThat(restarted.post("INSERT INTO t FORMAT TSV", randomRows(3_000_000, 100_000)).statusCode())
                    .as("with space again, inserts work").isEqualTo(200);
        }
    }

    @Test
    void definesTheClustersItIsGivenAsOneShardOfItself(@TempDir Path data) throws Exception {
        try (ServerProcess server = ServerProcess.start(data, List.of(), List.of("--cluster", "analytics,chorm"), 0)) {
            assertThat(server.query("SELECT groupArray(cluster) FROM (SELECT cluster FROM system.clusters WHERE is_local ORDER BY cluster)"))
                    .isEqualTo("['analytics','chorm']");
            server.query("CREATE TABLE t_local (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
            server.query("CREATE TABLE t AS t_local ENGINE = Distributed('analytics', currentDatabase(), 't_local', id)");
            assertThat(server.post("INSERT INTO t FORMAT TSV", tsv(0, 100)).statusCode()).isEqualTo(200);
            assertThat(server.query("SELECT count() FROM t_local")).isEqualTo("100");
        }
    }

    @Test
    void neverPrintsOrExposesThePassword(@TempDir Path data) throws Exception {
        String password = "Serve-Pw-6d1f";
        Path file = data.resolveSibling(data.getFileName() + ".password");
        Files.writeString(file, password + "\n");
        try (ServerProcess server = ServerProcess.start(data, List.of(), List.of("--user", "alice", "--password-file",
                file.toString()), 0)) {
            assertThat(server.process.info().commandLine().orElse("")).doesNotContain(password);
            HttpResponse<String> refused = server.post("SELECT 1", new byte[0], "&user=alice&password=wrong" + password);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain(password);
            HttpResponse<String> accepted = server.post("SELECT 1", new byte[0], "&user=alice&password=" + password);
            assertThat(accepted.body()).isEqualTo("1\n");
            HttpResponse<String> failed = server.post("SELECT * FROM missing", new byte[0], "&user=alice&password=" + password);
            assertThat(failed.body()).doesNotContain(password);
            assertThat(server.terminate()).isZero();
            assertThat(server.output()).contains("listening on").doesNotContain(password);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void warnsWhenListeningBeyondLoopbackWithoutAUser(@TempDir Path data) throws Exception {
        try (ServerProcess server = ServerProcess.start(data, List.of(), List.of("--host", "0.0.0.0"), 0)) {
            assertThat(server.terminate()).isZero();
            assertThat(server.output()).contains("warning: listening on 0.0.0.0 without --user");
        }
        try (ServerProcess server = ServerProcess.start(data)) {
            assertThat(server.terminate()).isZero();
            assertThat(server.output()).doesNotContain("warning");
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
        assertThat(Chorm.run(new String[]{"serve", "--path", "/tmp/x", "--user", "u", "--password", "p",
                "--password-file", "/tmp/x"}, out, errStream)).isEqualTo(2);
        assertThat(Chorm.run(new String[]{"serve", "--path", "/tmp/x", "--user", "u", "--password-file",
                "/nonexistent/chorm-password"}, out, errStream)).isEqualTo(2);
        assertThat(Chorm.run(new String[]{"serve", "--path", "/tmp/x", "--keep-free-space", "lots"}, out, errStream)).isEqualTo(2);
        assertThat(Chorm.run(new String[]{"frobnicate"}, out, errStream)).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--path DIR is required")
                .contains("--http-port must be a port number 0..65535, got '99999'")
                .contains("unknown option --bogus")
                .contains("--password needs --user")
                .contains("give --password or --password-file, not both")
                .contains("--password-file: cannot read /nonexistent/chorm-password")
                .contains("--keep-free-space must be a size like 500M or 2G, got 'lots'")
                .contains("unknown command 'frobnicate'");
    }

    /** Rows whose strings do not compress: 100,000 of them make column files of about 6 MB. */
    private static byte[] randomRows(long from, int count) {
        java.util.Random random = new java.util.Random(from);
        StringBuilder out = new StringBuilder(count * 80);
        for (long id = from; id < from + count; id++) {
            out.append(id).append('\t');
            for (int i = 0; i < 4; i++) {
                out.append(Long.toHexString(random.nextLong()));
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tsv(long from, int count) {
        StringBuilder out = new StringBuilder(count * 16);
        for (long id = from; id < from + count; id++) {
            out.append(id).append('\t').append("row ").append(id).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
