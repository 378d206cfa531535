package dev.chorm.migrations;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-input catalogue's migration files: a directory with one broken file is refused whole, naming
 * the file and what is wrong with it, before anything runs (not even the valid migration before it).
 */
@ClickHouseTest
class BadMigrationFilesTest {

    @TempDir
    Path directory;

    @BeforeEach
    void anEmptyDatabaseAndOneGoodMigration(TestDatabase db) throws Exception {
        for (String table : Sql.rows(db, "SELECT name FROM system.tables WHERE database = currentDatabase()")) {
            db.execute("DROP TABLE `" + table + "` SYNC");
        }
        Files.writeString(directory.resolve("V0001__create.sql"), "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x;\n");
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                arguments("an unterminated string literal", "V0002__fill.sql", "INSERT INTO t VALUES (1), ('open;\n",
                        "V0002__fill.sql", "unterminated '"),
                arguments("a group that is never closed", "V0002__fill.sql", "-- chorm:begin-group copy\nINSERT INTO t VALUES (1);\n",
                        "V0002__fill.sql", "has no -- chorm:end-group"),
                arguments("a group closed without being opened", "V0002__fill.sql", "INSERT INTO t VALUES (1);\n-- chorm:end-group\n",
                        "V0002__fill.sql", "without -- chorm:begin-group"),
                arguments("a misspelt directive", "V0002__fill.sql", "-- chorm:jva com.example.Fill\n",
                        "V0002__fill.sql", "unknown directive"),
                arguments("a Java step without a class", "V0002__fill.sql", "-- chorm:java\n",
                        "V0002__fill.sql", "names no Java migration class"),
                arguments("two migrations of one version", "V0001__again.sql", "SELECT 1;\n",
                        "two migrations have version 1", "V0001__create.sql"),
                arguments("a file name without the version pattern", "V2-fill.sql", "SELECT 1;\n",
                        "V2-fill.sql", "is not named V<version>__<name>.sql"),
                arguments("a broken reverse file", "U0001__create.sql", "DROP TABLE 't;\n",
                        "U0001__create.sql", "unterminated '"),
                arguments("a corrupted state snapshot", "V0001__create.json", "{\"tables\": [",
                        "V0001__create.json", "migration state"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void aBrokenFileIsRefusedNamingItAndNothingRuns(String name, String file, String text, String names, String problem,
                                                     TestDatabase db) throws Exception {
        Files.writeString(directory.resolve(file), text);

        Throwable thrown;
        try (Connection connection = db.openConnection()) {
            thrown = catchThrowable(() -> Migrations.in(directory).migrate(connection, MigrateOptions.defaults(), line -> { }));
        }

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(names).hasMessageContaining(problem);
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase()"))
                .as("tables created (the good migration, the history, the lock)").isZero();
    }
}
