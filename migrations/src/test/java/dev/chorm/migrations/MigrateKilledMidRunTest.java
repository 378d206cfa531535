package dev.chorm.migrations;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A {@code migrate} killed mid-run (SIGKILL, or a halt at the worst moment), then run again: every
 * migration is recorded once, the schema is the final one, no row is lost or doubled, and the lock
 * the dead process left is reported at once with the way out.
 *
 * <p>The scenario: four migrations; the third rebuilds a table of {@value #ROWS} rows (new ORDER BY and
 * PARTITION BY) as chorm generates it, its copy slowed down so that the kill lands inside it. The
 * killed {@code migrate} runs in a child JVM ({@link MigrateProcess}) against the test server over HTTP.
 */
@ClickHouseTest
class MigrateKilledMidRunTest {

    static final int ROWS = 100_000;

    @TempDir
    Path directory;

    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void migrationsOnAnEmptyDatabase(TestDatabase db) throws Exception {
        for (String table : Sql.rows(db, "SELECT name FROM system.tables WHERE database = currentDatabase()")) {
            db.execute("DROP TABLE `" + table + "` SYNC");
        }
        write("V0001__create.sql", "CREATE TABLE events (id UInt64, at DateTime('UTC'), name String) ENGINE = MergeTree ORDER BY id;\n");
        write("V0002__fill.sql", "INSERT INTO events SELECT number, toDateTime('2026-01-01 00:00:00', 'UTC') + number * 60, toString(number)"
                + " FROM numbers(" + ROWS + ");\n");
        // the rebuild as makemigrations writes it, the copy slowed down (about 3 s) to be killed inside
        write("V0003__events_rebuild.sql", """
                -- Rebuild table events (ORDER BY (id) -> (at, id); PARTITION BY (none) -> toYYYYMM(at)), keeping every row
                -- chorm:begin-group rebuild events: a failure in this group restarts it from here
                DROP TABLE IF EXISTS events__chorm_rebuild SYNC;
                CREATE TABLE events__chorm_rebuild (id UInt64, at DateTime('UTC'), name String)
                ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY (at, id);
                INSERT INTO events__chorm_rebuild (id, at, name)
                SELECT id, at, name
                FROM events
                WHERE sleepEachRow(0.00003) = 0;
                -- chorm:end-group
                EXCHANGE TABLES events AND events__chorm_rebuild;
                DROP TABLE events__chorm_rebuild SYNC;
                """);
        write("V0004__events_add_kind.sql", "ALTER TABLE events ADD COLUMN kind UInt8 DEFAULT 1 AFTER name;\n");
    }

    @Test
    void aMigrateKilledDuringTheSlowCopyOfARebuildResumesAtTheGroupAndLosesNoRow(TestDatabase db) throws Exception {
        Child child = Child.start(db, directory, null);
        child.await("step 3: INSERT INTO events__chorm_rebuild");
        Thread.sleep(1000); // well inside the copy
        child.process.destroyForcibly(); // SIGKILL
        child.process.waitFor(30, TimeUnit.SECONDS);

        assertThat(child.lines).noneMatch(line -> line.contains("applied V0003"));
        assertThat(history(db)).as("what the dead run recorded").containsExactly(
                "1|create|applied|1|1", "2|fill|applied|1|1", "3|events_rebuild|running|2|5");

        assertTheDeadHoldersLockIsReportedAtOnceAndBroken(db, child);
        MigrationExecutor.Result rerun = migrate(db);

        assertThat(rerun.applied()).containsExactly("V0003__events_rebuild", "V0004__events_add_kind");
        assertThat(progress).contains("resuming V0003__events_rebuild at step 1 of 5 (steps 1-0 were done)");
        assertFinalState(db);
    }

    @Test
    void aMigrateKilledAfterTheCopyBeforeItsStepWasRecordedCopiesAgainFromAnEmptyTable(TestDatabase db) throws Exception {
        Child child = Child.start(db, directory, "^\\s*INSERT INTO events__chorm_rebuild");
        assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isEqualTo(137);
        assertThat(db.queryLong("SELECT count() FROM events__chorm_rebuild")).as("the copy was complete").isEqualTo(ROWS);
        assertThat(history(db)).last().isEqualTo("3|events_rebuild|running|2|5");

        assertTheDeadHoldersLockIsReportedAtOnceAndBroken(db, child);
        migrate(db);

        assertThat(progress).contains("resuming V0003__events_rebuild at step 1 of 5 (steps 1-0 were done)");
        assertFinalState(db); // not 2 x ROWS: the half-done group restarts with DROP TABLE IF EXISTS
    }

    @Test
    void aMigrateKilledAfterTheExchangeBeforeItsStepWasRecordedDoesNotSwapTheTablesBack(TestDatabase db) throws Exception {
        Child child = Child.start(db, directory, "^\\s*EXCHANGE TABLES");
        assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isEqualTo(137);
        assertThat(Sql.rows(db, "SELECT sorting_key FROM system.tables WHERE database = currentDatabase() AND name = 'events'"))
                .as("the swap happened").containsExactly("at, id");
        assertThat(history(db)).last().isEqualTo("3|events_rebuild|running|3|5");

        assertTheDeadHoldersLockIsReportedAtOnceAndBroken(db, child);
        migrate(db);

        assertThat(progress).contains("  step 4: the run that died had exchanged events and events__chorm_rebuild already;"
                + " not swapping them back");
        assertFinalState(db);
    }

    private void assertTheDeadHoldersLockIsReportedAtOnceAndBroken(TestDatabase db, Child child) throws Exception {
        long started = System.nanoTime();
        Throwable locked = catchThrowable(() -> migrate(db)); // with the default wait of 10 minutes
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not waited for").isLessThan(Duration.ofSeconds(10));
        assertThat(locked).isInstanceOf(MigrationLock.MigrationLockedException.class)
                .hasMessageStartingWith("the migration lock is held by " + child.process.pid() + "@")
                .hasMessageContaining("a process of this host that is no longer running")
                .hasMessageContaining("'chorm migrate --unlock'");
        try (Connection connection = db.openConnection()) {
            assertThat(MigrationLock.forceRelease(connection)).startsWith(child.process.pid() + "@");
        }
    }

    private void assertFinalState(TestDatabase db) {
        assertThat(history(db)).as("each migration once, applied").containsExactly(
                "1|create|applied|1|1", "2|fill|applied|1|1", "3|events_rebuild|applied|5|5", "4|events_add_kind|applied|1|1");
        assertThat(db.queryLong("SELECT count() FROM chorm_migrations FINAL")).isEqualTo(4);
        assertThat(Sql.rows(db, "SELECT sorting_key, partition_key FROM system.tables WHERE database = currentDatabase() AND name = 'events'"))
                .containsExactly("at, id|toYYYYMM(at)");
        assertThat(Sql.rows(db, "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events' ORDER BY position"))
                .containsExactly("id", "at", "name", "kind");
        assertThat(db.queryLong("SELECT count() FROM events")).as("rows").isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT uniqExact(id) FROM events")).as("distinct rows").isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT sum(id) FROM events")).isEqualTo((long) ROWS * (ROWS - 1) / 2);
        assertThat(db.queryLong("SELECT countIf(name != toString(id) OR kind != 1) FROM events")).isZero();
        assertThat(Sql.rows(db, "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name"))
                .as("no lock, no half-built copy left").containsExactly("chorm_migrations", "events");
    }

    private List<String> history(TestDatabase db) {
        return Sql.rows(db, "SELECT version, name, status, steps_done, steps_total FROM chorm_migrations FINAL ORDER BY version");
    }

    private MigrationExecutor.Result migrate(TestDatabase db) throws Exception {
        try (Connection connection = db.openConnection()) {
            return Migrations.in(directory).migrate(connection, MigrateOptions.defaults(), progress::add);
        }
    }

    private void write(String file, String text) throws Exception {
        Files.writeString(directory.resolve(file), text);
    }

    /** The child JVM running {@link MigrateProcess}, its output collected line by line. */
    private record Child(Process process, List<String> lines) {

        static Child start(TestDatabase db, Path directory, String haltAfter) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), MigrateProcess.class.getName(),
                    db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password(), directory.toString()));
            if (haltAfter != null) {
                command.add(haltAfter);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (Exception e) {
                    // the process was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Child(process, lines);
        }

        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    if (lines.stream().anyMatch(line -> line.contains(text))) {
                        return;
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the child never printed '" + text + "': " + lines);
        }
    }
}
