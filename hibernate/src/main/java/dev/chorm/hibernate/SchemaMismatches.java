package dev.chorm.hibernate;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.type.ClickHouseType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What differs between the table the entities need and the live one, in words a developer can act
 * on. Columns the entities do not map are allowed, as Hibernate's validation allows them.
 */
final class SchemaMismatches {

    private SchemaMismatches() {
    }

    static List<String> of(TableDefinition expected, Optional<TableDefinition> found) {
        String table = (expected.database() == null ? "" : expected.database() + ".") + expected.name();
        if (found.isEmpty()) {
            return List.of("missing table " + table);
        }
        TableDefinition live = found.get();
        List<String> problems = new ArrayList<>();
        for (ColumnDefinition column : expected.columns()) {
            Optional<ColumnDefinition> liveColumn = live.column(column.name());
            if (liveColumn.isEmpty()) {
                problems.add("missing column " + table + "." + column.name() + " " + column.type().render());
            } else {
                typeMismatch(table + "." + column.name(), column.type(), liveColumn.get().type()).ifPresent(problems::add);
            }
        }
        if (!inLiveDatabase(expected.engine(), live).render().equals(live.engine().render())) {
            problems.add("table " + table + " has the engine " + live.engine().render() + ", the entity needs "
                    + expected.engine().render());
        }
        if (!key(expected.orderBy()).equals(key(live.orderBy()))) {
            problems.add("table " + table + " is ordered by " + live.orderBy() + ", the entity needs " + expected.orderBy());
        }
        String expectedPartition = expected.partitionBy() == null ? "" : key(List.of(expected.partitionBy()));
        String livePartition = live.partitionBy() == null ? "" : key(List.of(live.partitionBy()));
        if (!expectedPartition.equals(livePartition)) {
            problems.add("table " + table + " is partitioned by " + (live.partitionBy() == null ? "nothing" : live.partitionBy())
                    + ", the entity needs " + (expected.partitionBy() == null ? "no partitioning" : expected.partitionBy()));
        }
        return problems;
    }

    /**
     * A Distributed engine over {@code currentDatabase()} names the database where it was created:
     * ClickHouse stores the name, not the call, so it is compared as that name.
     */
    private static Engine inLiveDatabase(Engine expected, TableDefinition live) {
        if (expected instanceof Engine.Distributed distributed && distributed.database() == null && live.database() != null) {
            return new Engine.Distributed(distributed.cluster(), live.database(), distributed.table(),
                    distributed.shardingKey(), distributed.policy());
        }
        return expected;
    }

    private static Optional<String> typeMismatch(String column, ClickHouseType expected, ClickHouseType live) {
        if (expected.render().equals(live.render())) {
            return Optional.empty();
        }
        if (expected.isNullable() != live.isNullable() && expected.unwrapNullable().render().equals(live.unwrapNullable().render())) {
            return Optional.of("column " + column + " is " + (live.isNullable() ? "Nullable" : "not Nullable")
                    + " (" + live.render() + "), the entity maps it " + (expected.isNullable() ? "nullable" : "not nullable")
                    + " (" + expected.render() + ")");
        }
        return Optional.of("column " + column + " has the type " + live.render() + ", the entity needs " + expected.render());
    }

    /** Key expressions compared as the server writes them: without quotes, spaces or a wrapping tuple. */
    private static String key(List<String> expressions) {
        String joined = String.join(",", expressions).replace("`", "").replaceAll("\\s+", "");
        return joined.equals("tuple()") ? "" : joined;
    }
}
