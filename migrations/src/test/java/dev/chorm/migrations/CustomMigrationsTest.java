package dev.chorm.migrations;

import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-written migrations next to generated ones, and what the loader refuses. */
class CustomMigrationsTest {

    @TempDir
    Path dir;

    private static SchemaState model(String... columns) {
        TableDefinition.Builder t = TableDefinition.builder("t").column("id", "UInt64").engine(new Engine.MergeTree()).orderBy("id");
        for (String column : columns) {
            t.column(column, "String");
        }
        return SchemaState.of(List.of(t.build()));
    }

    @Test
    void anEmptyMigrationCarriesTheStateForwardSoTheNextDiffIgnoresIt() throws Exception {
        Migrations migrations = Migrations.in(dir);
        migrations.make(model(), RenameResolver.refuse(), null);
        Path custom = migrations.makeEmpty("backfill");

        assertThat(custom.getFileName().toString()).isEqualTo("V0002__backfill.sql");
        assertThat(Files.readString(custom)).contains("-- chorm:java com.example.MyMigration'");
        assertThat(Files.exists(dir.resolve("U0002__backfill.sql"))).isFalse();
        assertThat(Files.readString(dir.resolve("V0002__backfill.json"))).isEqualTo(Files.readString(dir.resolve("V0001__initial.json")));
        Files.writeString(custom, Files.readString(custom) + "INSERT INTO t SELECT number FROM numbers(3);\n");

        assertThat(migrations.load()).extracting(Migration::id).containsExactly("V0001__initial", "V0002__backfill");
        assertThat(migrations.load().get(1).steps()).hasSize(1);
        assertThat(migrations.make(model(), RenameResolver.refuse(), null)).isEmpty();
        assertThat(migrations.make(model("name"), RenameResolver.refuse(), null).orElseThrow().getFileName().toString())
                .isEqualTo("V0003__t_add_name.sql");
    }

    @Test
    void theReverseFileUndoesOperationsInReverseOrder() throws Exception {
        Migrations migrations = Migrations.in(dir);
        migrations.make(model(), RenameResolver.refuse(), null);
        migrations.make(model("a", "b"), RenameResolver.refuse(), "two_columns");
        assertThat(migrations.sql(2, true)).containsSubsequence("DROP COLUMN b", "DROP COLUMN a");
        assertThat(migrations.sql(2, false)).containsSubsequence("ADD COLUMN a String AFTER id", "ADD COLUMN b String AFTER a");
    }

    @Test
    void badlyNamedOrDuplicateFilesAreRefusedByName() throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("V0001__b.sql"), "SELECT 1;");
        assertThatThrownBy(() -> MigrationLoader.load(dir)).hasMessageContaining("two migrations have version 1");
        Files.delete(dir.resolve("V0001__b.sql"));
        Files.writeString(dir.resolve("V2-oops.sql"), "SELECT 1;");
        assertThatThrownBy(() -> MigrationLoader.load(dir)).hasMessageContaining("V2-oops.sql is not named V<version>__<name>.sql");
        assertThatThrownBy(() -> Migrations.in(dir.resolve("x")).make(model(), RenameResolver.refuse(), "bad name"))
                .hasMessageContaining("may only hold letters, digits and _");
    }
}
