package dev.chorm.bench;

import dev.chorm.engine.EmbeddedClickHouse;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Hibernate with {@code MySQLDialect} on a table created by hand, without chorm. chorm registers
 * itself through {@code META-INF/services} (a dialect resolver, an integrator, a connection-provider
 * wrapper) and Hibernate finds services through the system class loader too, so this path runs in a
 * child JVM ({@link MySqlDialectChild}) whose class path is this one minus chorm's modules: the same
 * Hibernate and driver versions, none of chorm's code. The child's dialect is checked to be
 * MySQLDialect. The first attempt uses the driver as it comes; if that fails (the driver refuses
 * transactions unless told to ignore them), the reason is kept for the report and the path runs with the
 * driver's {@code jdbc_ignore_unsupported_values=true}, the switch people find for it.
 */
final class MySqlDialectPaths implements PeerPath {

    static final String TABLE = "event_by_hand";
    /** The table as a user writes it by hand: the same column types chorm derives for {@link Event}. */
    static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE + " (id Int64, userId Int64, at DateTime64(6, 'UTC'),"
            + " day Date32, country LowCardinality(String), device LowCardinality(String), durationMs Int32,"
            + " amount Float64, tags Array(String), attributes Map(String, String)) ENGINE = MergeTree ORDER BY id";

    private final boolean scalarOnly;
    private final Process child;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private String outOfTheBoxFailure;

    private MySqlDialectPaths(EmbeddedClickHouse server, boolean scalarOnly) throws Exception {
        this.scalarOnly = scalarOnly;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m", "-cp", classPathWithoutChorm(),
                MySqlDialectChild.class.getName(), server.jdbcUrl(), server.user(), server.password()));
        child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        commands = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @param scalarOnly the entity without its array and map (which MySQLDialect cannot write to ClickHouse),
     *                   to measure what does work
     */
    static MySqlDialectPaths open(EmbeddedClickHouse server, boolean scalarOnly) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(DDL);
            statement.execute("TRUNCATE TABLE " + TABLE);
        }
        MySqlDialectPaths path = new MySqlDialectPaths(server, scalarOnly);
        try {
            path.call("open false " + scalarOnly);
            path.call("insert 10");
        } catch (IllegalStateException asItComes) {
            path.outOfTheBoxFailure = asItComes.getMessage()
                    + " (so measured with the driver's jdbc_ignore_unsupported_values=true)";
            path.call("open true " + scalarOnly);
        }
        return path;
    }

    /** Sends one command to the child; returns its answer, or throws with the child's reason. */
    private String call(String command) throws Exception {
        commands.println(command);
        String answer = answers.readLine();
        if (answer == null) {
            throw new IllegalStateException("the MySQLDialect JVM ended (exit code " + child.waitFor() + ")");
        }
        if (answer.startsWith("error ")) {
            throw new IllegalStateException(answer.substring("error ".length()));
        }
        String result = answer.substring("ok ".length());
        if (command.startsWith("open") && !result.equals("org.hibernate.dialect.MySQLDialect")) {
            throw new IllegalStateException("expected MySQLDialect, Hibernate chose " + result);
        }
        return result;
    }

    /** This JVM's class path without chorm's modules (the benchmark's own classes stay: they hold the entity). */
    private static String classPathWithoutChorm() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            String name = Path.of(entry).getFileName().toString();
            boolean chorm = name.startsWith("chorm-") && !name.startsWith("chorm-bench")
                    || entry.matches(".*/(engine|hibernate|test|migrations|spring|cli)/target/classes/?");
            if (!chorm) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    @Override
    public String outOfTheBoxFailure() {
        return outOfTheBoxFailure;
    }

    @Override
    public String table() {
        return TABLE;
    }

    @Override
    public List<String> columns() {
        return scalarOnly ? PeerPath.SCALAR_COLUMNS : PeerPath.super.columns();
    }

    @Override
    public String insertName() {
        return scalarOnly ? "Hibernate MySQLDialect, same, 8 columns (no array, no map)"
                : "Hibernate MySQLDialect, hand-made table, persist+flush 5,000";
    }

    @Override
    public String readName() {
        return scalarOnly ? "Hibernate MySQLDialect, same, 8 columns (no array, no map)"
                : "Hibernate MySQLDialect, StatelessSession stream";
    }

    @Override
    public long insert(int rows) throws Exception {
        return Long.parseLong(call("insert " + rows));
    }

    @Override
    public long read(long expectedRows) throws Exception {
        String[] result = call("read").split(" ");
        Peers.checkRead(this, Long.parseLong(result[1]), expectedRows, Long.parseLong(result[2]));
        return Long.parseLong(result[0]);
    }

    @Override
    public void close() throws Exception {
        commands.println("quit");
        if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            child.destroy();
        }
    }
}
