package dev.chorm.migrations;

import dev.chorm.hibernate.schema.SchemaIntrospector;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** An embeddable stored as one Tuple column ({@code @Struct}) is one column of the model, migrated like any other. */
@ClickHouseTest
class EmbeddableTupleMigrationsTest {

    @Embeddable
    @Struct(name = "Point")
    public static class Point {
        double x;
        double y;
    }

    @Entity(name = "places")
    public static class Place {
        @Id Long id;
        Point location;
    }

    @Test
    void theAutodetectorSeesOneTupleColumnAndTheMigratedTableMatchesTheModel(TestDatabase db, @TempDir Path directory) throws Exception {
        SchemaState model = EntityModel.of(Place.class);
        assertThat(model.table("places").orElseThrow().column("location")).get()
                .extracting(column -> column.type().render()).isEqualTo("Tuple(x Float64, y Float64)");

        Path migration = Migrations.in(directory).make(model, RenameResolver.refuse(), null).orElseThrow();
        assertThat(Files.readString(migration)).contains("location Tuple(x Float64, y Float64)");

        try (Connection connection = db.openConnection()) {
            Migrations.in(directory).migrate(connection, MigrateOptions.defaults(), line -> { });
            SchemaState live = SchemaState.of(SchemaIntrospector.tables(connection, db.name()).stream()
                    .filter(table -> table.name().equals("places")).toList());
            assertThat(new Autodetector(RenameResolver.refuse()).diff(live, model)).isEmpty();
        }
    }
}
