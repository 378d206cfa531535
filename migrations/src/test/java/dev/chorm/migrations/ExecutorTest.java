package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applying migrations: history, resume after failure, checksums, fake, target and reverse, the lock. */
@ClickHouseTest
class ExecutorTest {

    @TempDir
    Path directory;

    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void cleanDatabase(TestDatabase db) {
        for (String row : Sql.rows(db, "SELECT name FROM system.tables WHERE database = currentDatabase()")) {
            db.execute("DROP TABLE `" + row + "` SYNC");
        }
    }

    private void write(String file, String text) throws Exception {
        Files.writeString(directory.resolve(file), text);
    }

    private MigrationExecutor.Result migrate(TestDatabase db, MigrateOptions options) throws Exception {
        try (Connection connection = db.openConnection()) {
            return Migrations.in(directory).migrate(connection, options, progress::add);
        }
    }

    private List<String> show(TestDatabase db) throws Exception {
        try (Connection connection = db.openConnection()) {
            return Migrations.in(directory).show(connection).stream().map(Migrations.Status::display).toList();
        }
    }

    @Test
    void appliesPendingMigrationsInOrderAndRecordsEachOnce(TestDatabase db) throws Exception {
        write("V0002__fill.sql", "INSERT INTO t VALUES (1), (2);\n");
        write("V0001__create.sql", "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n");

        assertThat(migrate(db, MigrateOptions.defaults()).applied()).containsExactly("V0001__create", "V0002__fill");
        assertThat(migrate(db, MigrateOptions.defaults()).applied()).isEmpty();

        assertThat(db.queryLong("SELECT count() FROM t")).isEqualTo(2);
        assertThat(Sql.rows(db, "SELECT version, name, status, steps_done, steps_total, length(checksum) FROM chorm_migrations FINAL ORDER BY version"))
                .containsExactly("1|create|applied|1|1|64", "2|fill|applied|1|1|64");
        assertThat(show(db)).containsExactly("[X] V0001__create", "[X] V0002__fill");
    }

    @Test
    void aFailedMigrationIsRecordedAtItsStepAndARerunResumesThereWithoutRepeatingTheRest(TestDatabase db) throws Exception {
        write("V0001__steps.sql", """
                CREATE TABLE a (x UInt32) ENGINE = MergeTree ORDER BY x;
                INSERT INTO a VALUES (1);
                INSERT INTO missing_table VALUES (1);
                INSERT INTO a VALUES (2);
                """);

        assertThatThrownBy(() -> migrate(db, MigrateOptions.defaults()))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("V0001__steps failed at step 3 of 4")
                .hasMessageContaining("INSERT INTO missing_table VALUES (1);");
        assertThat(show(db)).singleElement().asString().startsWith("[!] V0001__steps  failed at step 3 of 4");
        assertThat(Sql.one(db, "SELECT status, steps_done, failed_step FROM chorm_migrations FINAL")).isEqualTo("failed|2|3");

        db.execute("CREATE TABLE missing_table (x UInt32) ENGINE = Memory");
        assertThat(migrate(db, MigrateOptions.defaults()).applied()).containsExactly("V0001__steps");

        assertThat(progress).anyMatch(line -> line.contains("resuming V0001__steps at step 3 of 4"));
        assertThat(Sql.rows(db, "SELECT x FROM a ORDER BY x")).containsExactly("1", "2"); // step 2 ran once
        assertThat(db.queryLong("SELECT count() FROM missing_table")).isEqualTo(1);
    }

    @Test
    void aFailureInsideAGroupRestartsTheWholeGroup(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE src (x UInt32) ENGINE = MergeTree ORDER BY x");
        db.execute("INSERT INTO src VALUES (1), (2), (3)");
        write("V0001__copy.sql", """
                -- chorm:begin-group copy
                DROP TABLE IF EXISTS dst;
                CREATE TABLE dst (x UInt32) ENGINE = MergeTree ORDER BY x;
                INSERT INTO dst SELECT x FROM src;
                INSERT INTO dst SELECT throwIf(x = 3, 'boom') FROM src;
                -- chorm:end-group
                """);
        assertThatThrownBy(() -> migrate(db, MigrateOptions.defaults())).hasMessageContaining("failed at step 4");

        write("V0001__copy.sql", """
                -- chorm:begin-group copy
                DROP TABLE IF EXISTS dst;
                CREATE TABLE dst (x UInt32) ENGINE = MergeTree ORDER BY x;
                INSERT INTO dst SELECT x FROM src;
                INSERT INTO dst SELECT x + 10 FROM src;
                -- chorm:end-group
                """);
        migrate(db, MigrateOptions.defaults());

        assertThat(progress).anyMatch(line -> line.contains("resuming V0001__copy at step 1"));
        assertThat(db.queryLong("SELECT count() FROM dst")).isEqualTo(6); // not 9: the group started over
    }

    @Test
    void aFailedMutationIsReportedAsTheStepsFailureAndTakenOutOfTheQueue(TestDatabase db) throws Exception {
        write("V0001__create.sql", "CREATE TABLE m (id UInt32, s String) ENGINE = MergeTree ORDER BY id;\n"
                + "INSERT INTO m VALUES (1, '12'), (2, 'twelve');\n");
        write("V0002__retype.sql", "ALTER TABLE m MODIFY COLUMN s UInt32;\n"); // hand-written: no conversion check

        assertThatThrownBy(() -> migrate(db, MigrateOptions.defaults()))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("V0002__retype failed at step 1 of 1")
                .hasMessageContaining("Cannot parse string 'twelve' as UInt32");
        // a failed mutation left queued would retry for ever and block every later mutation of the table
        assertThat(db.queryLong("SELECT count() FROM system.mutations WHERE database = currentDatabase() AND table = 'm' AND NOT is_done"))
                .isZero();
    }

    @Test
    void aGeneratedTypeChangeChecksEveryValueConvertsBeforeTouchingTheTable(TestDatabase db) throws Exception {
        TableDefinition.Builder table = TableDefinition.builder("conv").column("id", "UInt32").column("s", "String")
                .engine(new Engine.MergeTree()).orderBy("id");
        Migrations migrations = Migrations.in(directory);
        migrations.make(SchemaState.of(List.of(table.build())), RenameResolver.refuse(), null);
        migrate(db, MigrateOptions.defaults());
        db.execute("INSERT INTO conv VALUES (1, '12'), (2, 'twelve')");
        migrations.make(SchemaState.of(List.of(table.columns(List.of(ColumnDefinition.of("id", "UInt32"),
                ColumnDefinition.of("s", "UInt32"))).build())), RenameResolver.refuse(), null);

        assertThatThrownBy(() -> migrate(db, MigrateOptions.defaults()))
                .hasMessageContaining("failed at step 1 of 2")
                .hasMessageContaining("chorm: column conv.s holds values that do not convert to UInt32; fix them first");
        assertThat(Sql.rows(db, "SELECT id, s, toTypeName(s) FROM conv ORDER BY id")).containsExactly("1|12|String", "2|twelve|String");

        db.execute("ALTER TABLE conv UPDATE s = '13' WHERE id = 2 SETTINGS mutations_sync = 2");
        migrate(db, MigrateOptions.defaults()); // resumes at the check, which now passes
        assertThat(Sql.rows(db, "SELECT id, s, toTypeName(s) FROM conv ORDER BY id")).containsExactly("1|12|UInt32", "2|13|UInt32");
    }

    @Test
    void refusesToRunWhenAnAppliedMigrationWasEditedUnlessForced(TestDatabase db) throws Exception {
        write("V0001__create.sql", "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n");
        migrate(db, MigrateOptions.defaults());
        write("V0001__create.sql", "CREATE TABLE t (x UInt64) ENGINE = MergeTree ORDER BY x;\n");
        write("V0002__more.sql", "INSERT INTO t VALUES (7);\n");

        assertThatThrownBy(() -> migrate(db, MigrateOptions.defaults()))
                .hasMessageContaining("V0001__create was edited after it was applied");
        assertThat(db.queryLong("SELECT count() FROM t")).isZero();

        assertThat(migrate(db, MigrateOptions.defaults().force(true)).applied()).containsExactly("V0002__more");
        assertThat(migrate(db, MigrateOptions.defaults()).applied()).isEmpty(); // the new checksum is recorded
        assertThat(db.queryLong("SELECT count() FROM t")).isEqualTo(1);
    }

    @Test
    void fakeRecordsWithoutRunning(TestDatabase db) throws Exception {
        write("V0001__create.sql", "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n");
        assertThat(migrate(db, MigrateOptions.defaults().fake(true)).faked()).containsExactly("V0001__create");

        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 't'")).isZero();
        assertThat(show(db)).containsExactly("[F] V0001__create");
        assertThat(migrate(db, MigrateOptions.defaults()).applied()).isEmpty();
    }

    @Test
    void aTargetBelowTheAppliedVersionsReversesThemAndATargetAboveAppliesUpToIt(TestDatabase db) throws Exception {
        write("V0001__create.sql", "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n");
        write("U0001__create.sql", "DROP TABLE t SYNC;\n");
        write("V0002__column.sql", "ALTER TABLE t ADD COLUMN y String;\n");
        write("U0002__column.sql", "ALTER TABLE t DROP COLUMN y;\n");
        write("V0003__column.sql", "ALTER TABLE t ADD COLUMN z String;\n");

        assertThat(migrate(db, MigrateOptions.defaults().target(2)).applied()).containsExactly("V0001__create", "V0002__column");
        assertThat(show(db)).containsExactly("[X] V0001__create", "[X] V0002__column", "[ ] V0003__column");

        assertThat(migrate(db, MigrateOptions.defaults().target(1)).reverted()).containsExactly("V0002__column");
        assertThat(Sql.rows(db, "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 't'")).containsExactly("x");

        migrate(db, MigrateOptions.defaults());
        assertThatThrownBy(() -> migrate(db, MigrateOptions.defaults().target(1)))
                .hasMessageContaining("V0003__column: it is irreversible").hasMessageContaining("nothing was reversed");
        assertThat(show(db)).containsExactly("[X] V0001__create", "[X] V0002__column", "[X] V0003__column");

        write("U0003__column.sql", "ALTER TABLE t DROP COLUMN z;\n");
        assertThat(migrate(db, MigrateOptions.defaults().target(0)).reverted())
                .containsExactly("V0003__column", "V0002__column", "V0001__create");
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 't'")).isZero();
    }

    @Test
    void runsJavaDataMigrations(TestDatabase db) throws Exception {
        write("V0001__create.sql", "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n-- chorm:java " + Backfill.class.getName() + "\n");
        migrate(db, MigrateOptions.defaults());
        assertThat(Sql.rows(db, "SELECT x FROM t ORDER BY x")).containsExactly("1", "2", "3");
        assertThat(progress).contains("backfilled 3 rows");
    }

    /** A Java data migration used by the test above. */
    public static class Backfill implements JavaMigration {
        @Override
        public void migrate(Context context) throws Exception {
            try (var statement = context.connection().createStatement()) {
                statement.execute("INSERT INTO t SELECT number + 1 FROM numbers(3)");
            }
            context.progress().accept("backfilled 3 rows");
        }
    }

    @Test
    void twoMigrateRunsAtOnceApplyEachMigrationExactlyOnce(TestDatabase db) throws Exception {
        write("V0001__create.sql", "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n");
        write("V0002__fill.sql", "INSERT INTO t SELECT number FROM numbers(10);\n");
        write("V0003__slow.sql", "INSERT INTO t SELECT sleepEachRow(0.1) + 100 FROM numbers(3);\n");

        int runs = 4;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MigrationExecutor.Result>> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Callable<MigrationExecutor.Result> run = () -> {
                start.await();
                try (Connection connection = db.openConnection()) {
                    return Migrations.in(directory).migrate(connection, MigrateOptions.defaults().lockWait(Duration.ofSeconds(60)),
                            line -> { });
                }
            };
            results.add(pool.submit(run));
        }
        start.countDown();
        List<String> applied = new ArrayList<>();
        for (Future<MigrationExecutor.Result> result : results) {
            applied.addAll(result.get().applied());
        }
        pool.shutdown();

        assertThat(applied).containsExactlyInAnyOrder("V0001__create", "V0002__fill", "V0003__slow");
        assertThat(db.queryLong("SELECT count() FROM t")).isEqualTo(13);
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'chorm_migrations_lock'"))
                .isZero();
    }

    @Test
    void aLockLeftByADeadProcessIsReportedAndCanBeBroken(TestDatabase db) throws Exception {
        write("V0001__create.sql", "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n");
        try (Connection connection = db.openConnection()) {
            new HistoryTable(connection).create();
            MigrationLock.acquire(connection, Duration.ZERO, line -> { }); // never released: its holder "died"
        }
        assertThatThrownBy(() -> migrate(db, MigrateOptions.defaults().lockWait(Duration.ofMillis(300))))
                .isInstanceOf(MigrationLock.MigrationLockedException.class).hasMessageContaining("chorm migrate --unlock");
        try (Connection connection = db.openConnection()) {
            assertThat(MigrationLock.forceRelease(connection)).contains(" since ");
        }
        assertThat(migrate(db, MigrateOptions.defaults()).applied()).containsExactly("V0001__create");
    }
}
