package dev.chorm.bench;

import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.hibernate.jdbc.BulkInsert;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The large runs of issue 9: {@code --rows} (default 10,000,000) benchmark entities inserted through
 * chorm's {@code StatelessSession} (RowBinary fast path, JDBC batches of {@code --batch}, default 10,000), then again
 * through {@code BulkInsert}, and read back
 * as an HQL stream, in a child JVM limited to {@code --heap} (default 256m). The embedded engine runs in
 * that JVM too, off-heap. Prints time, rows/s and the peak heap of each phase. Run with {@code bin/bench big}.
 */
public final class BigRun {

    private BigRun() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 10_000_000;
        int batch = 10_000;
        String heap = "256m";
        boolean child = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--child" -> child = true;
                default -> throw new IllegalArgumentException("usage: bench big [--rows N] [--batch N] [--heap 256m]");
            }
        }
        if (!child) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), BigRun.class.getName(),
                    "--child", "--rows", String.valueOf(rows), "--batch", String.valueOf(batch)));
            System.exit(new ProcessBuilder(command).inheritIO().start().waitFor());
        }
        java.util.logging.Logger.getLogger("org.hibernate").setLevel(java.util.logging.Level.WARNING);
        run(rows, batch);
    }

    /** Every row there once: the count, the distinct ids and the largest id. */
    private static void checkTable(Statement statement, int rows) throws java.sql.SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT count(), uniqExact(id), max(id) FROM event")) {
            rs.next();
            if (rs.getLong(1) != rows || rs.getLong(2) != rows || rs.getLong(3) != rows - 1) {
                throw new IllegalStateException("event has " + rs.getLong(1) + " rows (" + rs.getLong(2)
                        + " ids), expected " + rows);
            }
        }
    }

    private static void run(int rows, int batch) throws Exception {
        try (EmbeddedClickHouse server = EmbeddedClickHouse.start();
             EntityManagerFactory chorm = new HibernatePersistenceConfiguration("big")
                     .jdbcUrl(server.jdbcUrl()).jdbcCredentials(server.user(), server.password())
                     .property("jakarta.persistence.schema-generation.database.action", "drop-and-create")
                     .property("hibernate.jdbc.batch_size", String.valueOf(batch))
                     .managedClass(Event.class).createEntityManagerFactory();
             Connection jdbc = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = jdbc.createStatement()) {
            SessionFactory sessions = chorm.unwrap(SessionFactory.class);
            List<String[]> table = new ArrayList<>();

            Phase insert = Phase.start();
            try (StatelessSession session = sessions.openStatelessSession()) {
                session.beginTransaction(); // batches of hibernate.jdbc.batch_size
                for (int i = 0; i < rows; i++) {
                    session.insert(OrmBenchmark.event(i));
                    if ((i + 1) % 1_000_000 == 0) {
                        System.err.printf("bench: %,d rows inserted%n", i + 1);
                    }
                }
                session.getTransaction().commit();
            }
            table.add(insert.end("insert", "chorm StatelessSession.insert, RowBinary path, batches of "
                    + String.format(Locale.ROOT, "%,d", batch), rows));
            checkTable(statement, rows);

            statement.execute("TRUNCATE TABLE event");
            Phase bulk = Phase.start();
            try (StatelessSession session = sessions.openStatelessSession();
                 BulkInsert<Event> events = BulkInsert.of(session, Event.class)) {
                for (int i = 0; i < rows; i++) {
                    events.add(OrmBenchmark.event(i));
                }
            }
            table.add(bulk.end("insert", "chorm BulkInsert, RowBinary blocks", rows));
            checkTable(statement, rows);

            Phase read = Phase.start();
            long count;
            long sum;
            try (StatelessSession session = sessions.openStatelessSession();
                 var stream = session.createSelectionQuery("from Event", Event.class).getResultStream()) {
                long[] countAndSum = new long[2];
                stream.forEach(e -> {
                    countAndSum[0]++;
                    countAndSum[1] += e.id + e.tags.size() + e.attributes.size();
                });
                count = countAndSum[0];
                sum = countAndSum[1];
            }
            table.add(read.end("read", "chorm StatelessSession, HQL stream into entities", rows));
            long expectedSum = (long) rows * (rows - 1) / 2 + 3L * rows;
            if (count != rows || sum != expectedSum) {
                throw new IllegalStateException("read " + count + " rows (checksum " + sum + "), expected " + rows
                        + " (checksum " + expectedSum + ")");
            }

            System.out.printf("chorm large runs, %s, Java %s, %d cores, ClickHouse %s, max heap %d MB (-Xmx), engine in the"
                            + " same process (off-heap)%n%n", LocalDate.now(ZoneOffset.UTC), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), server.version(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("| %-6s | %-64s | %12s | %10s | %9s | %8s | %14s |%n", "what", "path", "rows", "time", "rows/s",
                    "peak heap", "GC (count, s)");
            System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(8), "-".repeat(66), "-".repeat(14), "-".repeat(12),
                    "-".repeat(11), "-".repeat(10), "-".repeat(16));
            for (String[] row : table) {
                System.out.printf("| %-6s | %-64s | %12s | %10s | %9s | %8s | %14s |%n", (Object[]) row);
            }
            System.out.println("\npeak heap: the largest heap use sampled every 5 ms during the phase (after a GC before it)");
        }
    }

    /** One timed phase: its wall time, its heap peak (sampled) and its garbage collections. */
    private static final class Phase {
        private final long start;
        private final long gcCount;
        private final long gcMillis;
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        private Phase() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            gcCount = gcs(true);
            gcMillis = gcs(false);
            sampler = new Thread(() -> {
                while (running) {
                    long used = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP) {
                            used += pool.getUsage().getUsed();
                        }
                    }
                    peak.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            start = System.nanoTime();
        }

        static Phase start() {
            return new Phase();
        }

        String[] end(String what, String path, int rows) throws InterruptedException {
            double seconds = (System.nanoTime() - start) / 1e9;
            running = false;
            sampler.join();
            return new String[]{what, path, String.format(Locale.ROOT, "%,d", rows), String.format(Locale.ROOT, "%.1f s", seconds),
                    String.format(Locale.ROOT, "%,.0f", rows / seconds), String.format(Locale.ROOT, "%d MB", peak.get() >> 20),
                    String.format(Locale.ROOT, "%d, %.1f", gcs(true) - gcCount, (gcs(false) - gcMillis) / 1e3)};
        }

        private static long gcs(boolean count) {
            long total = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, count ? gc.getCollectionCount() : gc.getCollectionTime());
            }
            return total;
        }
    }
}
