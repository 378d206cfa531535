package dev.chorm.cli;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The migration commands as a user runs them: makemigrations, sqlmigrate, migrate, showmigrations, check, inspectdb. */
@ClickHouseTest
class MigrationCommandsTest {

    record Run(int exit, String out, String err) {
    }

    private static Run chorm(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Chorm.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] with(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password()));
        return all.toArray(String[]::new);
    }

    @Test
    void aProjectIsMigratedFromTheCommandLine(TestDatabase db, @TempDir Path dir) throws Exception {
        String migrations = dir.resolve("migrations").toString();

        Run made = chorm("makemigrations", "--packages", "dev.chorm.cli.model", "--dir", migrations);
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("V0001__initial.sql", "Create table visits");
        assertThat(chorm("makemigrations", "--classes", "dev.chorm.cli.model.Visit", "--dir", migrations).out())
                .contains("no changes");

        Run sql = chorm("sqlmigrate", "1", "--dir", migrations);
        assertThat(sql.out()).contains("-- step 1", "CREATE TABLE visits", "PARTITION BY toYYYYMM(day)", "ORDER BY (day, id)");
        assertThat(chorm("sqlmigrate", "1", "--reverse", "--dir", migrations).out()).contains("DROP TABLE visits SYNC;");

        assertThat(chorm(with(db, "showmigrations", "--dir", migrations)).out()).isEqualTo("[ ] V0001__initial\n");
        Run migrated = chorm(with(db, "migrate", "--dir", migrations));
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("applying V0001__initial (1 step)", "applied V0001__initial");
        assertThat(chorm(with(db, "migrate", "--dir", migrations)).out()).contains("nothing to do");
        assertThat(chorm(with(db, "showmigrations", "--dir", migrations)).out()).isEqualTo("[X] V0001__initial\n");

        assertThat(chorm(with(db, "check", "--packages", "dev.chorm.cli.model")).out()).contains("no drift");
        db.execute("ALTER TABLE visits DROP COLUMN page");
        Run drift = chorm(with(db, "check", "--packages", "dev.chorm.cli.model"));
        assertThat(drift.exit()).isEqualTo(1);
        assertThat(drift.out()).contains("Add column visits.page String");

        Run inspected = chorm(with(db, "inspectdb", "--package", "com.example.inspected", "--out", dir.resolve("src").toString(),
                "--tables", "visits"));
        assertThat(inspected.exit()).as(inspected.err()).isZero();
        assertThat(Files.readString(dir.resolve("src/com/example/inspected/Visits.java")))
                .contains("@Table(name = \"visits\")", "partitionBy = \"toYYYYMM(day)\"");
    }

    @Test
    void withClusterTheMigrationsGoOnClusterAndEveryEntityIsReplicatedOnIt(TestDatabase db, @TempDir Path dir) {
        String migrations = dir.resolve("migrations").toString();
        Run made = chorm("makemigrations", "--classes", "dev.chorm.cli.model.Visit", "--dir", migrations, "--cluster", "analytics");
        assertThat(made.exit()).as(made.err()).isZero();

        assertThat(chorm("sqlmigrate", "1", "--dir", migrations).out()).isEqualTo("""
                -- V0001__initial

                -- step 1
                CREATE TABLE visits ON CLUSTER analytics
                (
                    id Int64,
                    day Date32,
                    page String
                )
                ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
                PARTITION BY toYYYYMM(day)
                ORDER BY (day, id);
                """);
        assertThat(chorm("sqlmigrate", "1", "--reverse", "--dir", migrations).out()).contains("DROP TABLE visits ON CLUSTER analytics SYNC;");

        // the embedded engine is one server without a DDL worker: it refuses the history ON CLUSTER, and nothing is applied
        Run migrated = chorm(with(db, "migrate", "--dir", migrations, "--cluster", "analytics"));
        assertThat(migrated.exit()).isEqualTo(1);
        assertThat(migrated.err()).startsWith("chorm migrate: ");
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'visits'")).isZero();

        assertThat(chorm("makemigrations", "--classes", "dev.chorm.cli.model.Visit", "--dir", migrations, "--cluster", " ").err())
                .contains("--cluster takes the cluster's name");
    }

    @Test
    void mistakesAreExplained(@TempDir Path dir) {
        Run noVersion = chorm("sqlmigrate", "--dir", dir.toString());
        assertThat(noVersion.exit()).isEqualTo(2);
        assertThat(noVersion.err()).contains("which migration?");

        Run noDirectory = chorm("sqlmigrate", "7", "--dir", dir.resolve("typo").toString());
        assertThat(noDirectory.exit()).isEqualTo(2);
        assertThat(noDirectory.err()).contains("no migration directory");

        Run missing = chorm("sqlmigrate", "7", "--dir", dir.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no migration has version 7");

        assertThat(chorm("makemigrations", "--dir", dir.toString()).err()).contains("--packages");
        assertThat(chorm("migrate").err()).contains("--url is required");
        assertThat(chorm("makemigrations", "--packages", "dev.chorm.cli.model", "--rename", "oops").err())
                .contains("--rename takes TABLE.OLD=NEW");
    }
}
