package dev.chorm.cli;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two {@code chorm migrate} processes against one server at the same time: the lock lets each migration run once. */
@ClickHouseTest
class ConcurrentMigrateProcessesTest {

    private static String[] with(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password()));
        return all.toArray(String[]::new);
    }

    @Test
    void twoMigrateProcessesStartedAtOnceApplyEachMigrationOnce(TestDatabase db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V0001__create.sql"), "CREATE TABLE once (x UInt32) ENGINE = MergeTree ORDER BY x;\n");
        Files.writeString(dir.resolve("V0002__slow_fill.sql"), "INSERT INTO once SELECT sleepEachRow(0.2) + number FROM numbers(5);\n");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Chorm.class.getName()));
            command.addAll(List.of(with(db, "migrate", "--dir", dir.toString(), "--lock-wait", "120")));
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        List<String> outputs = new ArrayList<>();
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            outputs.add(output);
        }
        assertThat(db.queryLong("SELECT count() FROM once")).isEqualTo(5);
        assertThat(String.join("", outputs).split("applied V0002__slow_fill", -1)).hasSize(2); // applied by exactly one of them
        assertThat(db.queryLong("SELECT count() FROM chorm_migrations FINAL WHERE status = 'applied'")).isEqualTo(2);
    }
}
