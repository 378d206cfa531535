package dev.chorm.hibernate;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.schema.TableRef;
import dev.chorm.hibernate.type.ClickHouseType;
import org.hibernate.MappingException;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.mapping.CheckConstraint;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.Exporter;

import java.util.List;

/**
 * Hibernate's schema export through chorm's one schema model: each mapped {@link Table} becomes a
 * {@link TableDefinition} rendered by {@link DdlRenderer}.
 *
 * <p>Without chorm annotations a table is {@code MergeTree ORDER BY (<primary key columns>)}
 * ({@code ORDER BY tuple()} when it has none); nullable attributes become {@code Nullable(T)}
 * columns, since ClickHouse columns are not nullable by default.
 */
final class ClickHouseTableExporter implements Exporter<Table> {

    @Override
    public String[] getSqlCreateStrings(Table table, Metadata metadata, SqlStringGenerationContext context) {
        return new String[]{DdlRenderer.createTable(definition(table, metadata), false)};
    }

    @Override
    public String[] getSqlDropStrings(Table table, Metadata metadata, SqlStringGenerationContext context) {
        return new String[]{DdlRenderer.dropTable(ref(table), true, false)};
    }

    static TableDefinition definition(Table table, Metadata metadata) {
        TableDefinition.Builder builder = TableDefinition.builder(table.getName())
                .database(table.getSchema())
                .engine(new Engine.MergeTree());
        for (Column column : table.getColumns()) {
            builder.column(column(table, column, metadata));
        }
        List<String> key = table.getPrimaryKey() == null ? List.of()
                : table.getPrimaryKey().getColumns().stream().map(Column::getName).toList();
        builder.orderBy(key.isEmpty() ? new String[]{"tuple()"} : key.toArray(String[]::new));
        if (table.getComment() != null) {
            builder.comment(table.getComment());
        }
        int unnamed = 0;
        for (CheckConstraint check : table.getChecks()) {
            String name = check.isNamed() ? check.getName() : table.getName() + "_check_" + ++unnamed;
            builder.constraint(ConstraintDefinition.check(name, check.getConstraint()));
        }
        try {
            TableDefinition definition = builder.build();
            definition.validateColumnTypes();
            return definition;
        } catch (IllegalArgumentException e) { // InvalidTableException and InvalidTypeException
            throw new MappingException("Table " + table.getName() + " cannot be created on ClickHouse: " + e.getMessage(), e);
        }
    }

    private static ColumnDefinition column(Table table, Column column, Metadata metadata) {
        String sqlType = column.getSqlType(metadata);
        ClickHouseType type;
        try {
            type = ClickHouseType.parse(sqlType);
        } catch (IllegalArgumentException e) {
            throw new MappingException("Column " + table.getName() + "." + column.getName() + " has type '" + sqlType
                    + "', which is not a ClickHouse type: " + e.getMessage(), e);
        }
        if (column.isNullable() && !type.isNullable()) {
            type = type.withNullable();
        }
        ColumnDefinition definition = ColumnDefinition.of(column.getName(), type);
        if (column.getDefaultValue() != null) {
            definition = definition.withDefault(column.getDefaultValue());
        }
        if (column.getComment() != null) {
            definition = definition.withComment(column.getComment());
        }
        return definition;
    }

    private static TableRef ref(Table table) {
        return table.getSchema() == null ? TableRef.of(table.getName()) : TableRef.of(table.getSchema(), table.getName());
    }
}
