package dev.chorm.migrations;

import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/** A rebuild in a database without EXCHANGE TABLES (Ordinary engine) swaps the tables by renaming. */
@ClickHouseTest
class RebuildWithoutExchangeTest {

    @Test
    void aRebuildInAnOrdinaryDatabaseFallsBackToRenames(TestDatabase db, @TempDir Path dir) throws Exception {
        String ordinary = db.name() + "_ordinary";
        try (Connection admin = DriverManager.getConnection(db.jdbcUrl() + "?clickhouse_setting_allow_deprecated_database_ordinary=1",
                db.connectionProperties()); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + ordinary + " ENGINE = Ordinary");
        } catch (java.sql.SQLException e) {
            abort("this server cannot create an Ordinary database: " + e.getMessage());
        }
        String url = db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1) + ordinary;
        List<String> progress = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, db.connectionProperties())) {
            Migrations migrations = Migrations.in(dir);
            TableDefinition.Builder t = TableDefinition.builder("t").column("id", "UInt64").column("v", "String")
                    .engine(new Engine.MergeTree()).orderBy("id");
            migrations.make(SchemaState.of(List.of(t.build())), RenameResolver.refuse(), null);
            migrations.migrate(connection, MigrateOptions.defaults(), progress::add);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO t SELECT number, toString(number) FROM numbers(1000)");
            }
            migrations.make(SchemaState.of(List.of(t.orderBy("v", "id").build())), RenameResolver.refuse(), null);
            migrations.migrate(connection, MigrateOptions.defaults(), progress::add);

            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(), sum(id), (SELECT sorting_key FROM system.tables"
                         + " WHERE database = currentDatabase() AND name = 't') FROM t")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1000);
                assertThat(rs.getLong(2)).isEqualTo(499500);
                assertThat(rs.getString(3)).isEqualTo("v, id");
            }
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + ordinary + " SYNC");
        }
        assertThat(progress).anyMatch(line -> line.contains("EXCHANGE TABLES is not supported here"));
    }
}
