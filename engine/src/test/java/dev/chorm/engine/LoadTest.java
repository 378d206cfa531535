package dev.chorm.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 clients of the official JDBC driver on the embedded server at once, for a bounded time,
 * each mixing batch inserts, reads that check its own rows, {@code ALTER ... UPDATE} mutations
 * and lightweight deletes; meanwhile {@code /ping} is asked ten times a second.
 *
 * <p>Required: no error at all, every client reading exactly what it wrote at every moment
 * (through its own mutations and deletes), the table holding exactly the expected rows and sums
 * at the end, and /ping answering within two seconds every time. This test found chDB 26.7
 * losing acknowledged mutations when several ran at once; the server now runs them one at a time
 * (see {@code QueryHandler}). Printed: operations, latencies (p50/p99/max per kind), /ping latency, peak
 * heap and peak resident memory of the process (the engine lives in it).
 *
 * <p>CI runs 15 seconds; the full profile is {@code -Dchorm.load.seconds=60}:
 * {@code mvn -B -pl engine -am test -Dtest=LoadTest -Dchorm.load.seconds=60 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LoadTest {

    private static final int CLIENTS = 32;
    private static final int BATCH_ROWS = 500;

    @Test
    void thirtyTwoClientsMixingInsertsReadsAndMutationsMakeNoErrorAndLoseNothing() throws Exception {
        EmbeddedClickHouse server = SharedServer.get();
        String db = SharedServer.freshDatabase(LoadTest.class);
        long seconds = Long.getLong("chorm.load.seconds", 15);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), "default", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (client UInt32, batch UInt32, seq UInt32, value Int64) "
                    + "ENGINE = MergeTree ORDER BY (client, batch, seq)");
        }

        Map<String, List<Long>> latencies = new LinkedHashMap<>();
        for (String kind : List.of("insert", "select", "update", "delete", "ping")) {
            latencies.put(kind, Collections.synchronizedList(new ArrayList<>()));
        }
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peakHeap = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 2);
        List<Future<Client>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int id = 0; id < CLIENTS; id++) {
            Client client = new Client(id, server.jdbcUrl(db), latencies, errors);
            clients.add(pool.submit(() -> {
                ready.countDown();
                ready.await();
                client.run(running);
                return client;
            }));
        }
        Future<?> pinger = pool.submit(() -> ping(server, running, latencies.get("ping"), errors));
        Future<?> sampler = pool.submit(() -> {
            while (running.get()) {
                Runtime runtime = Runtime.getRuntime();
                peakHeap.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                sleep(100);
            }
        });
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        running.set(false);
        List<Client> finished = new ArrayList<>();
        for (Future<Client> future : clients) {
            finished.add(future.get(5, TimeUnit.MINUTES));
        }
        pinger.get(1, TimeUnit.MINUTES);
        sampler.get(1, TimeUnit.MINUTES);
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;

        errors.forEach(Throwable::printStackTrace);
        assertThat(errors).as("errors during the load").isEmpty();

        long expectedRows = 0;
        long expectedSum = 0;
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), "default", "");
             Statement statement = connection.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long pending;
            do {
                try (ResultSet rs = statement.executeQuery("SELECT count() FROM system.mutations WHERE database = '" + db
                        + "' AND NOT is_done")) {
                    rs.next();
                    pending = rs.getLong(1);
                }
                if (pending > 0) {
                    sleep(100);
                }
            } while (pending > 0 && System.nanoTime() < deadline);
            System.out.printf("load: mutations still pending at the end: %d%n", pending);
        }
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), "default", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT client, count(), sum(value) FROM events GROUP BY client ORDER BY client")) {
            Map<Integer, long[]> stored = new LinkedHashMap<>();
            while (rs.next()) {
                stored.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
            for (Client client : finished) {
                long[] row = stored.getOrDefault(client.id, new long[2]);
                assertThat(row).as("client %d: rows and sum", client.id).containsExactly(client.rows(), client.sum());
                expectedRows += client.rows();
                expectedSum += client.sum();
            }
        }

        long operations = latencies.entrySet().stream().filter(e -> !e.getKey().equals("ping"))
                .mapToLong(e -> e.getValue().size()).sum();
        System.out.printf(java.util.Locale.ROOT, "load: %d clients for %.1f s: %d operations (%.0f/s), 0 errors, "
                        + "%d rows and sum %d exact%n", CLIENTS, elapsed, operations, operations / elapsed,
                expectedRows, expectedSum);
        latencies.forEach((kind, values) -> System.out.printf(java.util.Locale.ROOT,
                "load: %-6s n=%-6d p50=%6.1f ms  p99=%7.1f ms  max=%7.1f ms%n", kind, values.size(),
                percentile(values, 50), percentile(values, 99), percentile(values, 100)));
        System.out.printf(java.util.Locale.ROOT, "load: peak heap %d MiB, peak resident memory (VmHWM, JVM + engine) %s%n",
                peakHeap.get() >> 20, peakResident());

        assertThat(percentile(latencies.get("ping"), 100)).as("slowest /ping, ms").isLessThan(2000);
        assertThat(latencies.get("insert")).as("inserts").hasSizeGreaterThan(CLIENTS);
    }

    /** One client: its own rows (client = id), and what it expects of them. */
    private static final class Client {
        final int id;
        final String url;
        final Map<String, List<Long>> latencies;
        final ConcurrentLinkedQueue<Throwable> errors;
        final Random random;
        /** Per live batch: rows, sum of value. */
        final Map<Integer, long[]> batches = new LinkedHashMap<>();
        /** The last operations, for the message of a failure. */
        final java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();
        int nextBatch;

        Client(int id, String url, Map<String, List<Long>> latencies, ConcurrentLinkedQueue<Throwable> errors) {
            this.id = id;
            this.url = url;
            this.latencies = latencies;
            this.errors = errors;
            this.random = new Random(id);
        }

        long rows() {
            return batches.values().stream().mapToLong(b -> b[0]).sum();
        }

        long sum() {
            return batches.values().stream().mapToLong(b -> b[1]).sum();
        }

        void run(AtomicBoolean running) {
            try (Connection connection = DriverManager.getConnection(url, "default", "")) {
                while (running.get()) {
                    int dice = random.nextInt(100);
                    if (dice < 50 || batches.isEmpty()) {
                        timed("insert", () -> insert(connection));
                    } else if (dice < 94) {
                        timed("select", () -> check(connection));
                    } else if (dice < 97) {
                        timed("update", () -> update(connection));
                    } else {
                        timed("delete", () -> delete(connection));
                    }
                }
            } catch (Throwable e) {
                errors.add(new AssertionError("client " + id, e));
            }
        }

        private void insert(Connection connection) throws SQLException {
            int batch = nextBatch++;
            long sum = 0;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO events (client, batch, seq, value) VALUES (?, ?, ?, ?)")) {
                for (int seq = 0; seq < BATCH_ROWS; seq++) {
                    insert.setInt(1, id);
                    insert.setInt(2, batch);
                    insert.setInt(3, seq);
                    insert.setLong(4, seq);
                    insert.addBatch();
                    sum += seq;
                }
                insert.executeBatch();
            }
            batches.put(batch, new long[] {BATCH_ROWS, sum});
        }

        private void check(Connection connection) throws SQLException {
            long[] seen = read(connection);
            if (seen[0] != rows() || seen[1] != sum()) {
                throw new AssertionError(describe(connection, seen));
            }
        }

        private long[] read(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(), sum(value) FROM events WHERE client = " + id)) {
                assertThat(rs.next()).isTrue();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }

        private String describe(Connection connection, long[] seen) throws SQLException {
            StringBuilder stored = new StringBuilder();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT batch, count(), sum(value) FROM events WHERE client = "
                         + id + " GROUP BY batch ORDER BY batch")) {
                while (rs.next()) {
                    stored.append(rs.getInt(1)).append('=').append(rs.getLong(2)).append('/').append(rs.getLong(3)).append(' ');
                }
            }
            StringBuilder expected = new StringBuilder();
            batches.forEach((batch, b) -> expected.append(batch).append('=').append(b[0]).append('/').append(b[1]).append(' '));
            StringBuilder mutations = new StringBuilder();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT mutation_id, command, is_done, latest_fail_reason "
                         + "FROM system.mutations WHERE table = 'events' AND (NOT is_done OR latest_fail_reason != '')")) {
                while (rs.next()) {
                    mutations.append("\n    ").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(" done=")
                            .append(rs.getString(3)).append(' ').append(rs.getString(4));
                }
            }
            return "client " + id + " reads " + Arrays.toString(seen) + ", expected [" + rows() + ", " + sum()
                    + "]\n  stored:   " + stored + "\n  expected: " + expected + "\n  history:  " + history
                    + "\n  unfinished or failed mutations:" + mutations;
        }

        private void update(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE events UPDATE value = value + 1 WHERE client = " + id
                        + " SETTINGS mutations_sync = 1");
            }
            batches.values().forEach(b -> b[1] += b[0]);
        }

        private void delete(Connection connection) throws SQLException {
            Integer victim = batches.keySet().stream().skip(random.nextInt(batches.size())).findFirst().orElseThrow();
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM events WHERE client = " + id + " AND batch = " + victim);
            }
            batches.remove(victim);
            history.addLast("(deleted " + victim + ")");
        }

        private void timed(String kind, SqlAction action) throws SQLException {
            long start = System.nanoTime();
            action.run();
            latencies.get(kind).add(System.nanoTime() - start);
            history.addLast(kind + (kind.equals("insert") ? " " + (nextBatch - 1) : ""));
            if (history.size() > 30) {
                history.removeFirst();
            }
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void ping(EmbeddedClickHouse server, AtomicBoolean running, List<Long> latencies,
                             ConcurrentLinkedQueue<Throwable> errors) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/ping")).timeout(Duration.ofSeconds(5)).build();
        while (running.get()) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(ping, HttpResponse.BodyHandlers.ofString());
                if (!"Ok.\n".equals(response.body())) {
                    errors.add(new AssertionError("/ping answered " + response.statusCode() + " " + response.body()));
                }
            } catch (IOException e) {
                errors.add(new AssertionError("/ping failed", e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            latencies.add(System.nanoTime() - start);
            sleep(100);
        }
    }

    private static double percentile(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted;
        synchronized (nanos) {
            sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static String peakResident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring("VmHWM:".length()).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "n/a (" + ManagementFactory.getRuntimeMXBean().getVmName() + ")";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
