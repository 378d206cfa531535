package dev.chorm.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.engine.chdb.ChdbConnection;
import dev.chorm.engine.chdb.ChdbEngine;
import dev.chorm.engine.chdb.InsertStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The embedded server's cost over the engine itself, measured in one run: 1,000,000 rows
 * (Int64, DateTime64(3), String, UInt16, IPv6) inserted as RowBinary by the official client
 * through HTTP versus the engine's in-process streaming insert; reading them back through JDBC;
 * and the latency of {@code SELECT 1} through JDBC.
 *
 * <p>Run with {@code bin/bench}. Each figure is the median of {@code --repeat} runs after one
 * warm-up run.
 */
public final class EngineBenchmark {

    private static final String COLUMNS = "(id Int64, at DateTime64(3), name String, port UInt16, ip IPv6)";

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int repeat = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: bench [--rows N] [--repeat N]");
            }
        }
        byte[] data = rowBinary(rows);
        try (EmbeddedClickHouse server = EmbeddedClickHouse.start();
             ChdbEngine engine = ChdbEngine.open(server.dataDirectory(), Map.of());
             ChdbConnection direct = engine.connect();
             Client client = new Client.Builder().addEndpoint(server.httpUrl()).setUsername(server.user())
                     .setPassword(server.password()).build();
             Connection jdbc = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = jdbc.createStatement()) {

            statement.execute("CREATE TABLE http_insert " + COLUMNS + " ENGINE = MergeTree ORDER BY id");
            statement.execute("CREATE TABLE direct_insert " + COLUMNS + " ENGINE = MergeTree ORDER BY id");

            double http = median(repeat, () -> {
                statement.execute("TRUNCATE TABLE http_insert");
                long start = System.nanoTime();
                client.insert("http_insert", new ByteArrayInputStream(data), ClickHouseFormat.RowBinary)
                        .get(10, TimeUnit.MINUTES).close();
                return System.nanoTime() - start;
            });
            double inProcess = median(repeat, () -> {
                statement.execute("TRUNCATE TABLE direct_insert");
                long start = System.nanoTime();
                try (InsertStream insert = direct.insert("INSERT INTO direct_insert".getBytes(StandardCharsets.UTF_8),
                        "RowBinary", Map.of())) {
                    for (int offset = 0; offset < data.length; offset += 1 << 20) {
                        insert.append(data, offset, Math.min(1 << 20, data.length - offset));
                    }
                    insert.finish();
                }
                return System.nanoTime() - start;
            });
            check(statement, "http_insert", rows);
            check(statement, "direct_insert", rows);

            double read = median(repeat, () -> {
                long start = System.nanoTime();
                long sum = 0;
                try (ResultSet rs = statement.executeQuery("SELECT id, at, name, port, ip FROM http_insert")) {
                    while (rs.next()) {
                        sum += rs.getLong(1) + rs.getTimestamp(2).getNanos() + rs.getString(3).length()
                                + rs.getInt(4) + (rs.getObject(5) == null ? 0 : 1);
                    }
                }
                if (sum == 0) {
                    throw new IllegalStateException("nothing read");
                }
                return System.nanoTime() - start;
            });

            long[] latencies = new long[2000];
            for (int i = -200; i < latencies.length; i++) {
                long start = System.nanoTime();
                try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                    rs.next();
                }
                if (i >= 0) {
                    latencies[i] = System.nanoTime() - start;
                }
            }
            Arrays.sort(latencies);

            System.out.printf("chorm engine benchmark, %s, Java %s, %d cores, %s, ClickHouse %s%n",
                    LocalDate.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), server.version());
            System.out.printf("%,d rows of %s, %.1f MB as RowBinary; median of %d runs%n%n", rows, COLUMNS,
                    data.length / 1e6, repeat);
            System.out.printf("| %-58s | %10s | %12s |%n", "measurement", "time", "rows/s");
            System.out.printf("|%s|%s|%s|%n", "-".repeat(60), "-".repeat(12), "-".repeat(14));
            row("insert, in-process streaming insert (the ceiling)", inProcess, rows);
            row("insert, official client RowBinary over HTTP", http, rows);
            row("read, JDBC ResultSet loop over HTTP", read, rows);
            System.out.printf("| %-58s | %7.3f ms | %12s |%n", "SELECT 1 through JDBC, p50", latencies[latencies.length / 2] / 1e6, "");
            System.out.printf("| %-58s | %7.3f ms | %12s |%n", "SELECT 1 through JDBC, p99", latencies[latencies.length * 99 / 100] / 1e6, "");
            System.out.printf("%nratio HTTP insert / in-process insert throughput: %.2f (target >= 0.70)%n", inProcess / http);
        }
    }

    private static void row(String name, double nanos, int rows) {
        System.out.printf("| %-58s | %8.3f s | %,12.0f |%n", name, nanos / 1e9, rows / (nanos / 1e9));
    }

    private static void check(Statement statement, String table, int rows) throws Exception {
        try (ResultSet rs = statement.executeQuery("SELECT count() FROM " + table)) {
            rs.next();
            if (rs.getLong(1) != rows) {
                throw new IllegalStateException(table + " has " + rs.getLong(1) + " rows, expected " + rows);
            }
        }
    }

    interface Run {
        long nanos() throws Exception;
    }

    private static double median(int repeat, Run run) throws Exception {
        run.nanos(); // warm-up
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            times.add(run.nanos());
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    /** The benchmark rows in ClickHouse's RowBinary format. */
    static byte[] rowBinary(int rows) {
        Random random = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 48);
        ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        long base = 1_763_000_000_000L;
        for (int i = 0; i < rows; i++) {
            buffer.clear();
            buffer.putLong(i);
            buffer.putLong(base + random.nextInt(1_000_000_000));
            byte[] name = ("user-" + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8);
            buffer.put((byte) name.length).put(name);
            buffer.putShort((short) random.nextInt(65536));
            buffer.put(new byte[10]).put((byte) -1).put((byte) -1); // IPv4-mapped IPv6, big-endian bytes
            buffer.put((byte) 10).put((byte) random.nextInt(256)).put((byte) random.nextInt(256)).put((byte) 1);
            out.write(buffer.array(), 0, buffer.position());
        }
        return out.toByteArray();
    }
}
