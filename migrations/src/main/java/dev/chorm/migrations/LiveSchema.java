package dev.chorm.migrations;

import dev.chorm.hibernate.schema.SchemaIntrospector;
import dev.chorm.hibernate.schema.TableDefinition;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The live database as a {@link SchemaState}, without chorm's own tables (history, lock, a rebuild's
 * temporary table): what {@code check} compares with the model and {@code inspectdb} writes entities for.
 */
public final class LiveSchema {

    private LiveSchema() {
    }

    /** The tables of the connection's database (or of {@code database} when not null). */
    public static SchemaState read(Connection connection, String database) throws SQLException {
        List<TableDefinition> tables = SchemaIntrospector.tables(connection, database).stream()
                .filter(t -> !t.name().equals(HistoryTable.NAME) && !t.name().equals(MigrationLock.NAME)
                        && !t.name().endsWith("__chorm_rebuild"))
                .toList();
        return SchemaState.of(tables);
    }

    /**
     * What the database lacks to match {@code model}, as the operations a migration would run; empty
     * when the live schema is the model. Expressions are compared as the server prints them
     * ({@code INTERVAL 1 DAY} reads back as {@code toIntervalDay(1)}): write them that way in entities.
     */
    public static List<Operation> drift(SchemaState live, SchemaState model) {
        return new Autodetector(RenameResolver.given(Map.of(), true)).diff(live, model);
    }
}
