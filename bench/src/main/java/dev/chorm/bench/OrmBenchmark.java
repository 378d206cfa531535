package dev.chorm.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.engine.chdb.ChdbConnection;
import dev.chorm.engine.chdb.ChdbEngine;
import dev.chorm.engine.chdb.InsertStream;
import dev.chorm.hibernate.jdbc.BulkInsert;
import dev.chorm.hibernate.jdbc.BulkRead;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * chorm against the raw driver on the same embedded engine, in one run: inserting {@code --rows}
 * {@link Event} entities (ten columns), reading them back, point queries, bulk UPDATE and DELETE.
 * Each timed figure is the median of {@code --repeat} runs after a warm-up on a tenth of the rows;
 * ratios are taken within the run. Run with {@code bin/bench}.
 */
public final class OrmBenchmark {

    private static final List<String> COLUMNS = List.of("id", "userId", "at", "day", "country", "device",
            "durationMs", "amount", "tags", "attributes");
    private static final String INSERT = "INSERT INTO event (" + String.join(", ", COLUMNS) + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(COLUMNS.size(), "?")) + ")";
    private static final int BATCH = 5_000;
    private static final long BASE_MICROS = 1_763_000_000_000_000L;
    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN", "GB", "IT", "ES", "CA"};
    private static final String[] DEVICES = {"desktop", "mobile", "tablet"};

    private final int rows;
    private final int repeat;
    private final List<String[]> table = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private OrmBenchmark(int rows, int repeat) {
        this.rows = rows;
        this.repeat = repeat;
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int repeat = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: bench [--rows N] [--repeat N]");
            }
        }
        java.util.logging.Logger.getLogger("org.hibernate").setLevel(java.util.logging.Level.WARNING);
        new OrmBenchmark(rows, repeat).run();
    }

    /** The benchmark's i-th row, the same for every path. */
    static Event event(long i) {
        Random random = new Random(i);
        return new Event(i, random.nextInt(100_000), Instant.EPOCH.plusNanos((BASE_MICROS + i * 1_000 + random.nextInt(1000)) * 1_000),
                LocalDate.of(2025, 1, 1).plusDays(i % 365), COUNTRIES[(int) (i % COUNTRIES.length)],
                DEVICES[random.nextInt(DEVICES.length)], random.nextInt(5_000), random.nextInt(100_000) / 100.0,
                List.of("t" + i % 7, "u" + i % 11), Map.of("utm", "s" + i % 13));
    }

    private void run() throws Exception {
        try (EmbeddedClickHouse server = EmbeddedClickHouse.start();
             ChdbEngine engine = ChdbEngine.open(server.dataDirectory(), Map.of());
             ChdbConnection direct = engine.connect();
             Client client = new Client.Builder().addEndpoint(server.httpUrl()).setUsername(server.user())
                     .setPassword(server.password()).build();
             Connection jdbc = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = jdbc.createStatement();
             EntityManagerFactory chorm = factory(server, true);
             EntityManagerFactory chormTextPath = factory(server, false);
             Peers peers = new Peers(server)) {
            SessionFactory sessions = chorm.unwrap(SessionFactory.class);

            // ---- inserts: every path once per round, rounds interleaved so that load from outside hits all alike
            List<Measurement> inserts = new ArrayList<>();
            byte[] rowBinary = rowBinary(rows);
            Measurement ceiling = measure(inserts, "insert", "engine in-process streaming insert (ceiling)", n -> {
                truncate(statement);
                byte[] data = n == rows ? rowBinary : rowBinary(n);
                long start = System.nanoTime();
                try (InsertStream insert = direct.insert(("INSERT INTO event (" + String.join(", ", COLUMNS) + ")")
                        .getBytes(StandardCharsets.UTF_8), "RowBinary", Map.of())) {
                    for (int offset = 0; offset < data.length; offset += 1 << 20) {
                        insert.append(data, offset, Math.min(1 << 20, data.length - offset));
                    }
                    insert.finish();
                }
                return System.nanoTime() - start;
            }, null);
            Measurement official = measure(inserts, "insert", "official client, RowBinary (bytes prepared beforehand)", n -> {
                truncate(statement);
                byte[] data = n == rows ? rowBinary : rowBinary(n);
                long start = System.nanoTime();
                client.insert("event", COLUMNS, new ByteArrayInputStream(data), ClickHouseFormat.RowBinary)
                        .get(10, TimeUnit.MINUTES).close();
                return System.nanoTime() - start;
            }, null);
            measure(inserts, "insert", "official client, RowBinary incl. encoding the objects", n -> {
                truncate(statement);
                long start = System.nanoTime();
                byte[] data = rowBinary(n);
                client.insert("event", COLUMNS, new ByteArrayInputStream(data), ClickHouseFormat.RowBinary)
                        .get(10, TimeUnit.MINUTES).close();
                return System.nanoTime() - start;
            }, official);
            measure(inserts, "insert", "raw JDBC batches of 5,000 (driver's SQL text)", n -> {
                truncate(statement);
                long start = System.nanoTime();
                Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
                try (PreparedStatement insert = jdbc.prepareStatement(INSERT)) {
                    for (int i = 0; i < n; i++) {
                        Event e = event(i);
                        insert.setLong(1, e.id);
                        insert.setLong(2, e.userId);
                        insert.setTimestamp(3, Timestamp.from(e.at), utc);
                        insert.setDate(4, java.sql.Date.valueOf(e.day));
                        insert.setString(5, e.country);
                        insert.setString(6, e.device);
                        insert.setInt(7, e.durationMs);
                        insert.setDouble(8, e.amount);
                        insert.setObject(9, e.tags);
                        insert.setObject(10, e.attributes);
                        insert.addBatch();
                        if ((i + 1) % BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
                return System.nanoTime() - start;
            }, official);
            measure(inserts, "insert", "chorm StatelessSession.insert, RowBinary path", n -> {
                truncate(statement);
                long start = System.nanoTime();
                statelessInsert(sessions, n);
                return System.nanoTime() - start;
            }, official);
            measure(inserts, "insert", "chorm bulk insert (BulkInsert, RowBinary blocks)", n -> {
                truncate(statement);
                long start = System.nanoTime();
                bulkInsert(sessions, n);
                return System.nanoTime() - start;
            }, official);
            measure(inserts, "insert", "chorm EntityManager.persist (flush+clear per 5,000)", n -> {
                truncate(statement);
                long start = System.nanoTime();
                try (EntityManager em = chorm.createEntityManager()) {
                    em.getTransaction().begin();
                    for (int i = 0; i < n; i++) {
                        em.persist(event(i));
                        if ((i + 1) % BATCH == 0) {
                            em.flush();
                            em.clear();
                        }
                    }
                    em.getTransaction().commit();
                }
                return System.nanoTime() - start;
            }, official);
            measure(inserts, "insert", "chorm StatelessSession, fast path off (driver's text)", n -> {
                truncate(statement);
                long start = System.nanoTime();
                statelessInsert(chormTextPath.unwrap(SessionFactory.class), n);
                return System.nanoTime() - start;
            }, official);
            for (PeerPath peer : peers.paths) {
                measure(inserts, "insert", peer.insertName(), n -> {
                    peers.truncate(peer);
                    long nanos = peer.insert(n);
                    peers.verify(peer, n);
                    return nanos;
                }, official);
            }
            runRounds(inserts);
            truncate(statement);
            statelessInsert(sessions, rows);
            long count = queryLong(statement, "SELECT count() FROM event");
            if (count != rows) {
                throw new IllegalStateException("event has " + count + " rows, expected " + rows);
            }

            // ---- reads
            List<Measurement> reads = new ArrayList<>();
            Measurement rawRead = measure(reads, "read", "raw JDBC ResultSet loop, 10 columns", n -> {
                long start = System.nanoTime();
                long sum = 0;
                try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", COLUMNS) + " FROM event")) {
                    while (rs.next()) {
                        sum += rs.getLong(1) + rs.getLong(2) + rs.getObject(3, OffsetDateTime.class).getNano()
                                + rs.getObject(4, LocalDate.class).getDayOfMonth() + rs.getString(5).length()
                                + rs.getString(6).length() + rs.getInt(7) + (long) rs.getDouble(8)
                                + ((Object[]) rs.getArray(9).getArray()).length + ((Map<?, ?>) rs.getObject(10)).size();
                    }
                }
                check(sum);
                return System.nanoTime() - start;
            }, null);
            measure(reads, "read", "chorm StatelessSession, HQL stream into entities", n -> {
                long start = System.nanoTime();
                long sum = 0;
                try (StatelessSession session = sessions.openStatelessSession();
                     var stream = session.createSelectionQuery("from Event", Event.class).getResultStream()) {
                    sum = stream.mapToLong(e -> e.id + e.tags.size() + e.attributes.size()).sum();
                }
                check(sum);
                return System.nanoTime() - start;
            }, rawRead);
            measure(reads, "read", "chorm bulk read (BulkRead stream into entities)", n -> {
                long start = System.nanoTime();
                long sum;
                try (StatelessSession session = sessions.openStatelessSession();
                     Stream<Event> stream = BulkRead.of(session, Event.class).stream()) {
                    sum = stream.mapToLong(e -> e.id + e.tags.size() + e.attributes.size()).sum();
                }
                check(sum);
                return System.nanoTime() - start;
            }, rawRead);
            for (PeerPath peer : peers.paths) {
                measure(reads, "read", peer.readName(), n -> peer.read(rows), rawRead);
            }
            for (PeerPath peer : peers.paths) {
                peers.fillForReads(peer);
            }
            runRounds(reads);

            // ---- small aggregations, p50 and p99
            table.addAll(Aggregations.measure(jdbc, sessions));

            // ---- point queries
            long[] raw = new long[2_000];
            long[] orm = new long[2_000];
            Random random = new Random(1);
            try (PreparedStatement byId = jdbc.prepareStatement("SELECT " + String.join(", ", COLUMNS) + " FROM event WHERE id = ?");
                 StatelessSession session = sessions.openStatelessSession()) {
                for (int i = -200; i < raw.length; i++) {
                    long id = random.nextInt(rows);
                    long start = System.nanoTime();
                    byId.setLong(1, id);
                    try (ResultSet rs = byId.executeQuery()) {
                        rs.next();
                        rs.getLong(1);
                        rs.getObject(3, OffsetDateTime.class);
                        rs.getArray(9).getArray();
                        rs.getObject(10);
                    }
                    long middle = System.nanoTime();
                    Event e = session.get(Event.class, id);
                    long end = System.nanoTime();
                    if (e == null) {
                        throw new IllegalStateException("no event " + id);
                    }
                    if (i >= 0) {
                        raw[i] = middle - start;
                        orm[i] = end - middle;
                    }
                }
            }
            Arrays.sort(raw);
            Arrays.sort(orm);
            latency("raw JDBC PreparedStatement by id, p50", raw[raw.length / 2], null);
            latency("chorm StatelessSession.get by id, p50", orm[orm.length / 2], raw[raw.length / 2]);
            latency("raw JDBC PreparedStatement by id, p99", raw[raw.length * 99 / 100], null);
            latency("chorm StatelessSession.get by id, p99", orm[orm.length * 99 / 100], raw[raw.length * 99 / 100]);

            // ---- bulk mutations on the full table, after a warm-up on no rows: median of three each
            statement.execute("ALTER TABLE event UPDATE durationMs = durationMs + 1 WHERE country = 'none' SETTINGS mutations_sync = 2");
            statement.execute("DELETE FROM event WHERE country = 'none'");
            try (EntityManager em = chorm.createEntityManager()) {
                em.getTransaction().begin();
                em.createQuery("update Event set durationMs = durationMs + 1 where country = :country")
                        .setParameter("country", "none").executeUpdate();
                em.createQuery("delete from Event where country = :country").setParameter("country", "none").executeUpdate();
                em.getTransaction().commit();
            }
            // three rounds, hand and ORM alternating; each DELETE removes another country
            List<Long> handUpdates = new ArrayList<>();
            List<Long> ormUpdates = new ArrayList<>();
            List<Long> handDeletes = new ArrayList<>();
            List<Long> ormDeletes = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                String handCountry = COUNTRIES[2 * round];
                String ormCountry = COUNTRIES[2 * round + 1];
                long start = System.nanoTime();
                statement.execute("ALTER TABLE event UPDATE durationMs = durationMs + 1 WHERE country = '" + handCountry
                        + "' SETTINGS mutations_sync = 2");
                handUpdates.add(System.nanoTime() - start);
                start = System.nanoTime();
                try (EntityManager em = chorm.createEntityManager()) {
                    em.getTransaction().begin();
                    em.createQuery("update Event set durationMs = durationMs + 1 where country = :country")
                            .setParameter("country", ormCountry).executeUpdate();
                    em.getTransaction().commit();
                }
                ormUpdates.add(System.nanoTime() - start);
                start = System.nanoTime();
                statement.execute("DELETE FROM event WHERE country = '" + handCountry + "'");
                handDeletes.add(System.nanoTime() - start);
                start = System.nanoTime();
                try (EntityManager em = chorm.createEntityManager()) {
                    em.getTransaction().begin();
                    em.createQuery("delete from Event where country = :country").setParameter("country", ormCountry)
                            .executeUpdate();
                    em.getTransaction().commit();
                }
                ormDeletes.add(System.nanoTime() - start);
            }
            double handUpdate = medianOf(handUpdates);
            double handDelete = medianOf(handDeletes);
            single("bulk update", "SQL by hand: ALTER TABLE ... UPDATE (mutations_sync = 2)", handUpdate, null);
            single("bulk update", "chorm HQL update (same mutation)", medianOf(ormUpdates), handUpdate);
            single("bulk delete", "SQL by hand: DELETE FROM ... (lightweight)", handDelete, null);
            single("bulk delete", "chorm HQL delete (same statement)", medianOf(ormDeletes), handDelete);
            long left = queryLong(statement, "SELECT count() FROM event");
            if (left != rows - 6L * rows / COUNTRIES.length) {
                throw new IllegalStateException("after the deletes event has " + left + " rows");
            }

            print(server.version(), ceiling.median(), official.median());
            peers.notes().forEach(System.out::println);
        }
    }

    private static EntityManagerFactory factory(EmbeddedClickHouse server, boolean rowBinary) {
        return new HibernatePersistenceConfiguration("bench")
                .jdbcUrl(server.jdbcUrl()).jdbcCredentials(server.user(), server.password())
                .property("jakarta.persistence.schema-generation.database.action", rowBinary ? "drop-and-create" : "none")
                .property("chorm.jdbc.row_binary_inserts", String.valueOf(rowBinary))
                .managedClass(Event.class).createEntityManagerFactory();
    }

    private static void statelessInsert(SessionFactory sessions, int n) {
        try (StatelessSession session = sessions.openStatelessSession()) {
            session.beginTransaction();
            for (int i = 0; i < n; i++) {
                session.insert(event(i));
            }
            session.getTransaction().commit();
        }
    }

    private static void bulkInsert(SessionFactory sessions, int n) {
        try (StatelessSession session = sessions.openStatelessSession();
             BulkInsert<Event> insert = BulkInsert.of(session, Event.class)) {
            for (int i = 0; i < n; i++) {
                insert.add(event(i));
            }
        }
    }

    interface Run {
        long nanos(int rows) throws Exception;
    }

    /** One timed path: its runs, and the path it is compared with (null: it is the base). */
    private static final class Measurement {
        final String group;
        final String name;
        final Run run;
        final Measurement baseline;
        final List<Long> times = new ArrayList<>();
        String[] row;
        /** Why the path could not run (it is then skipped in later rounds), or null. */
        String failure;

        Measurement(String group, String name, Run run, Measurement baseline) {
            this.group = group;
            this.name = name;
            this.run = run;
            this.baseline = baseline;
        }

        double median() {
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            return sorted.get(sorted.size() / 2);
        }
    }

    private Measurement measure(List<Measurement> into, String group, String name, Run run, Measurement baseline) {
        Measurement measurement = new Measurement(group, name, run, baseline);
        into.add(measurement);
        String[] row = new String[5];
        measurement.row = row;
        table.add(row);
        return measurement;
    }

    /** A warm-up of every path on a tenth of the rows, then {@code repeat} rounds, each running every path once. */
    private void runRounds(List<Measurement> measurements) throws Exception {
        for (Measurement m : measurements) {
            attempt(m, Math.max(1, rows / 10), "warm-up");
        }
        for (int round = 1; round <= repeat; round++) {
            for (Measurement m : measurements) {
                attempt(m, rows, "round " + round + "/" + repeat);
            }
        }
        for (Measurement m : measurements) {
            if (m.failure != null) {
                m.row[0] = m.group;
                m.row[1] = m.name;
                m.row[2] = "failed";
                m.row[3] = "";
                m.row[4] = "note " + (failures.size() + 1);
                failures.add(m.name + ": " + m.failure);
                continue;
            }
            double median = m.median();
            m.row[0] = m.group;
            m.row[1] = m.name;
            m.row[2] = String.format(Locale.ROOT, "%.3f s", median / 1e9);
            m.row[3] = String.format(Locale.ROOT, "%,.0f", rows / (median / 1e9));
            m.row[4] = m.baseline == null ? "1.00 (base)" : String.format(Locale.ROOT, "%.2f", m.baseline.median() / median);
        }
    }

    /** One run of a path; a path that fails is marked failed with the reason and not run again. */
    private static void attempt(Measurement m, int n, String round) {
        if (m.failure != null) {
            return;
        }
        System.err.printf("bench: %s, %s, %s%n", round, m.group, m.name);
        try {
            m.times.add(m.run.nanos(n));
        } catch (Exception | LinkageError e) {
            m.failure = Peers.reason(e);
            System.err.printf("bench: %s failed: %s%n", m.name, m.failure);
        }
    }

    private static double medianOf(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private void single(String group, String name, double nanos, Double baseline) {
        table.add(new String[]{group, name, String.format(Locale.ROOT, "%.3f s", nanos / 1e9), "",
                baseline == null ? "1.00 (base)" : String.format(Locale.ROOT, "%.2f", baseline / nanos)});
    }

    private void latency(String name, long nanos, Long baseline) {
        table.add(new String[]{"point query", name, String.format(Locale.ROOT, "%.3f ms", nanos / 1e6), "",
                baseline == null ? "1.00 (base)" : String.format(Locale.ROOT, "%.2f", (double) baseline / nanos)});
    }

    private void print(String version, double ceiling, double official) {
        System.out.printf("chorm ORM benchmark, %s, Java %s (%s), %d cores, %s %s, %s, ClickHouse %s, heap %d MB%n",
                LocalDate.now(ZoneOffset.UTC), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                cpuModel(), version, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%,d Event entities (10 columns); median of %d runs after a warm-up; ratio = speed relative"
                + " to the group's base (higher is faster, 1.00 = as fast)%n%n", rows, repeat);
        System.out.printf("| %-11s | %-58s | %10s | %12s | %11s |%n", "what", "path", "time", "rows/s", "ratio");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(13), "-".repeat(60), "-".repeat(12), "-".repeat(14), "-".repeat(13));
        for (String[] row : table) {
            System.out.printf("| %-11s | %-58s | %10s | %12s | %11s |%n", (Object[]) row);
        }
        System.out.printf("%nofficial client RowBinary vs the engine's in-process insert: %.2f%n", ceiling / official);
        for (int i = 0; i < failures.size(); i++) {
            System.out.printf("note %d: %s%n", i + 1, failures.get(i));
        }
    }

    private static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the OS name says enough
        }
        return ManagementFactory.getOperatingSystemMXBean().getArch();
    }

    private static void truncate(Statement statement) throws Exception {
        statement.execute("TRUNCATE TABLE event");
    }

    private static long queryLong(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void check(long sum) {
        if (sum == 0) {
            throw new IllegalStateException("nothing read");
        }
    }

    /** The benchmark rows in RowBinary, in {@link #COLUMNS} order. */
    static byte[] rowBinary(int n) {
        Out out = new Out(n * 90);
        for (int i = 0; i < n; i++) {
            Event e = event(i);
            out.le(e.id, 8);
            out.le(e.userId, 8);
            out.le(e.at.getEpochSecond() * 1_000_000 + e.at.getNano() / 1_000, 8);
            out.le(e.day.toEpochDay(), 4);
            out.string(e.country);
            out.string(e.device);
            out.le(e.durationMs, 4);
            out.le(Double.doubleToRawLongBits(e.amount), 8);
            out.varint(e.tags.size());
            e.tags.forEach(out::string);
            out.varint(e.attributes.size());
            e.attributes.forEach((k, v) -> {
                out.string(k);
                out.string(v);
            });
        }
        return out.toByteArray();
    }

    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        void le(long value, int bytes) {
            for (int i = 0; i < bytes; i++) {
                write((int) (value >>> (8 * i)));
            }
        }

        void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            write((int) value);
        }

        void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            write(bytes, 0, bytes.length);
        }
    }
}
