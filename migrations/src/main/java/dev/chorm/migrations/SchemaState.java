package dev.chorm.migrations;

import dev.chorm.hibernate.schema.TableDefinition;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The schema a sequence of migrations leads to: a set of tables by name. Migrations compare the
 * entity model with this state, and each migration directory stores the state it leads to as a
 * snapshot ({@link StateCodec}), so generating the next migration never needs a database.
 *
 * @param tables the tables by name, sorted
 */
public record SchemaState(SortedMap<String, TableDefinition> tables) {

    /** The state before the first migration: no tables. */
    public static final SchemaState EMPTY = new SchemaState(new TreeMap<>());

    public SchemaState {
        tables = Collections.unmodifiableSortedMap(new TreeMap<>(tables));
    }

    /** The state holding exactly these tables (by name; database and cluster are not part of the state). */
    public static SchemaState of(Collection<TableDefinition> tables) {
        SortedMap<String, TableDefinition> byName = new TreeMap<>();
        for (TableDefinition table : tables) {
            TableDefinition plain = table.database() == null && table.cluster() == null ? table
                    : table.toBuilder().database(null).onCluster(null).build();
            if (byName.put(plain.name(), plain) != null) {
                throw new IllegalArgumentException("two tables are named " + plain.name());
            }
        }
        return new SchemaState(byName);
    }

    public Optional<TableDefinition> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** This state with {@code table} added or replaced. */
    public SchemaState with(TableDefinition table) {
        SortedMap<String, TableDefinition> copy = new TreeMap<>(tables);
        copy.put(table.name(), table);
        return new SchemaState(copy);
    }

    /** This state without the table named {@code name}. */
    public SchemaState without(String name) {
        SortedMap<String, TableDefinition> copy = new TreeMap<>(tables);
        copy.remove(name);
        return new SchemaState(copy);
    }

    /** The table named {@code name}; a migration step referring to a missing table is a broken migration history. */
    TableDefinition require(String name) {
        TableDefinition table = tables.get(name);
        if (table == null) {
            throw new IllegalStateException("table " + name + " is not in the migration state");
        }
        return table;
    }
}
