package dev.chorm.migrations;

import dev.chorm.hibernate.schema.SchemaIntrospector;
import dev.chorm.migrations.life.ProjectModels;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scenario: a project's life on the embedded engine, a migration generated and applied at
 * every model change, rows and values checked after each.
 */
@ClickHouseTest
class LifeOfAProjectTest {

    @TempDir
    Path directory;

    @TempDir
    Path sources;

    private final List<String> progress = new ArrayList<>();

    private Path step(TestDatabase db, Class<?> model, RenameResolver renames) throws Exception {
        Migrations migrations = Migrations.in(directory);
        Path file = migrations.make(EntityModel.of(model), renames, null).orElseThrow();
        try (Connection connection = db.openConnection()) {
            migrations.migrate(connection, MigrateOptions.defaults(), progress::add);
        }
        // the model now matches the migrations: nothing more to generate
        assertThat(migrations.make(EntityModel.of(model), renames, null)).isEmpty();
        return file;
    }

    @Test
    void everyModelChangeBecomesAnAppliedMigrationThatKeepsTheRows(TestDatabase db) throws Exception {
        Path v1 = step(db, ProjectModels.V1.class, RenameResolver.refuse());
        assertThat(v1.getFileName().toString()).isEqualTo("V0001__initial.sql");
        db.execute("INSERT INTO events (id, name, quantity) VALUES (1, 'apple', 3), (2, 'pear', 5), (3, 'plum', 7)");

        Path v2 = step(db, ProjectModels.V2.class, RenameResolver.refuse());
        assertThat(Files.readString(v2)).contains("ALTER TABLE events ADD COLUMN price Nullable(Decimal(18, 2)) AFTER name");
        assertThat(Sql.rows(db, "SELECT id, name, quantity, price, active, day FROM events ORDER BY id"))
                .containsExactly("1|apple|3|null|false|null", "2|pear|5|null|false|null", "3|plum|7|null|false|null");
        db.execute("INSERT INTO events (id, name, quantity, price, active, day) VALUES (4, 'fig', 9, 1.25, true, '2026-11-22')");

        Path v3 = step(db, ProjectModels.V3.class, RenameResolver.refuse());
        assertThat(Files.readString(v3)).contains("ADD INDEX name_idx name TYPE bloom_filter(0.01) GRANULARITY 1",
                "MATERIALIZE INDEX name_idx", "ADD CONSTRAINT quantity_positive CHECK quantity >= 0");
        assertThat(db.queryLong("SELECT count() FROM events")).isEqualTo(4);
        assertThatThrownBy(() -> db.execute("INSERT INTO events (id, name, quantity) VALUES (5, 'bad', -1)"))
                .hasMessageContaining("quantity_positive");

        // a vanished column and a new one of the same type: never guessed
        assertThatThrownBy(() -> Migrations.in(directory).make(EntityModel.of(ProjectModels.V4.class), RenameResolver.refuse(), null))
                .isInstanceOf(RenameResolver.AmbiguousRenameException.class).hasMessageContaining("--rename events.name=title");
        Path v4 = step(db, ProjectModels.V4.class, RenameResolver.given(Map.of("events.name", "title"), false));
        assertThat(Files.readString(v4)).contains("ALTER TABLE events RENAME COLUMN name TO title");
        assertThat(Sql.rows(db, "SELECT id, title FROM events ORDER BY id")).containsExactly("1|apple", "2|pear", "3|plum", "4|fig");

        Path v5 = step(db, ProjectModels.V5.class, RenameResolver.refuse());
        assertThat(Files.readString(v5)).contains("MODIFY COLUMN quantity Int64");
        assertThat(Sql.rows(db, "SELECT toTypeName(quantity), sum(quantity) FROM events GROUP BY 1")).containsExactly("Int64|24");

        Path v6 = step(db, ProjectModels.V6.class, RenameResolver.refuse());
        String rebuild = Files.readString(v6);
        assertThat(rebuild).contains("CREATE TABLE events__chorm_rebuild", "ENGINE = ReplacingMergeTree", "ORDER BY (quantity, id)",
                "INSERT INTO events__chorm_rebuild", "EXCHANGE TABLES events AND events__chorm_rebuild",
                "DROP TABLE events__chorm_rebuild SYNC");
        assertThat(Sql.one(db, "SELECT engine, sorting_key FROM system.tables WHERE database = currentDatabase() AND name = 'events'"))
                .isEqualTo("ReplacingMergeTree|quantity, id");
        assertThat(Sql.rows(db, "SELECT id, title, quantity, price, active, day FROM events ORDER BY id")).containsExactly(
                "1|apple|3|null|false|null", "2|pear|5|null|false|null", "3|plum|7|null|false|null", "4|fig|9|1.25|true|2026-11-22");
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name LIKE '%chorm_rebuild%'"))
                .isZero();

        // no candidate rename: a dropped column alone needs no answer
        Path v7 = Migrations.in(directory).make(EntityModel.of(ProjectModels.V7.class), RenameResolver.refuse(), null).orElseThrow();
        assertThat(Files.readString(v7)).contains("ALTER TABLE events DROP COLUMN day");
        try (Connection connection = db.openConnection()) {
            Migrations.in(directory).migrate(connection, MigrateOptions.defaults(), progress::add);
            assertThat(Sql.rows(db, "SELECT id, title, quantity, price, active FROM events ORDER BY id")).containsExactly(
                    "1|apple|3|null|false", "2|pear|5|null|false", "3|plum|7|null|false", "4|fig|9|1.25|true");

            // the live schema read back equals the model: the migrations made exactly what the entities say
            SchemaState live = SchemaState.of(SchemaIntrospector.tables(connection, db.name()).stream()
                    .filter(t -> t.name().equals("events")).toList());
            assertThat(new Autodetector(RenameResolver.refuse()).diff(live, EntityModel.of(ProjectModels.V7.class))).isEmpty();

            // inspectdb reproduces the final model: its entities, compiled, give no migration
            SchemaState inspected = InspectedEntities.modelOf(live, sources, "inspected.life");
            assertThat(Migrations.in(directory).changes(inspected, RenameResolver.refuse())).isEmpty();
        }
        assertThat(progress).anyMatch(line -> line.equals("    copying 4 rows from events"));
        assertThat(progress).anyMatch(line -> line.contains("rows written"));
        assertThat(Migrations.in(directory).load()).hasSize(7);
    }
}
