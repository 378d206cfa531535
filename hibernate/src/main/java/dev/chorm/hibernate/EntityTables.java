package dev.chorm.hibernate;

import dev.chorm.hibernate.schema.TableDefinition;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.ContributableMatcher;

import java.util.Comparator;
import java.util.List;

/**
 * The tables an entity model needs, as chorm's schema model: exactly what schema export creates,
 * for tools that compare or migrate schemas (migrations, validation, drift checks). On a cluster a
 * {@code @Distributed} entity contributes two tables: its local table and the Distributed one.
 */
public final class EntityTables {

    private EntityTables() {
    }

    /** Every table of the model that schema export would create, sorted by name. */
    public static List<TableDefinition> of(Metadata metadata) {
        return of(metadata, ContributableMatcher.ALL);
    }

    /** The tables of the model that {@code matcher} selects, as Hibernate's schema tools filter them. */
    static List<TableDefinition> of(Metadata metadata, ContributableMatcher matcher) {
        java.util.Set<String> unused = ClickHouseIntegrator.unusedSequenceTables(metadata);
        return metadata.collectTableMappings().stream()
                .filter(Table::isPhysicalTable)
                .filter(table -> !unused.contains(table.getName()))
                .filter(table -> !table.isView())
                .filter(matcher::matches)
                .flatMap(table -> ClickHouseTableExporter.tables(table, metadata).stream())
                .sorted(Comparator.comparing(TableDefinition::name))
                .toList();
    }
}
