package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.type.ClickHouseType;
import dev.chorm.hibernate.type.ClickHouseType.Simple;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The checks behind {@link TableRule}, run by {@link TableDefinition}'s constructor. */
final class TableValidator {

    private TableValidator() {
    }

    static void validate(String table, List<ColumnDefinition> columns, Engine engine, List<String> orderBy,
                         String partitionBy, List<String> primaryKey, String sampleBy, List<String> ttl,
                         List<IndexDefinition> indexes, List<ConstraintDefinition> constraints,
                         List<ProjectionDefinition> projections) {
        check(!columns.isEmpty(), TableRule.NO_COLUMNS, table, "a table needs at least one column");
        unique(table, "column", columns, ColumnDefinition::name);
        unique(table, "index", indexes, IndexDefinition::name);
        unique(table, "constraint", constraints, ConstraintDefinition::name);
        unique(table, "projection", projections, ProjectionDefinition::name);

        if (!engine.isMergeTreeFamily()) {
            mergeTreeOnly(table, engine, "ORDER BY", !orderBy.isEmpty());
            mergeTreeOnly(table, engine, "PARTITION BY", partitionBy != null);
            mergeTreeOnly(table, engine, "PRIMARY KEY", !primaryKey.isEmpty());
            mergeTreeOnly(table, engine, "SAMPLE BY", sampleBy != null);
            mergeTreeOnly(table, engine, "TTL", !ttl.isEmpty());
            mergeTreeOnly(table, engine, "data-skipping indexes", !indexes.isEmpty());
            mergeTreeOnly(table, engine, "projections", !projections.isEmpty());
            columns.stream().filter(c -> c.ttl() != null).findFirst()
                    .ifPresent(c -> mergeTreeOnly(table, engine, "column TTL (column " + c.name() + ")", true));
            return;
        }
        check(!orderBy.isEmpty(), TableRule.ORDER_BY_REQUIRED, table,
                engine.name() + " needs ORDER BY (orderBy(\"tuple()\") for no sorting key)");
        keyColumns(table, columns, "ORDER BY", orderBy);
        keyColumns(table, columns, "PRIMARY KEY", primaryKey);
        keyColumns(table, columns, "PARTITION BY", partitionBy == null ? List.of() : List.of(partitionBy));
        keyColumns(table, columns, "SAMPLE BY", sampleBy == null ? List.of() : List.of(sampleBy));
        List<String> sortingKey = normalized(orderBy);
        List<String> key = primaryKey.isEmpty() ? sortingKey : normalized(primaryKey);
        check(key.size() <= sortingKey.size() && sortingKey.subList(0, key.size()).equals(key), TableRule.PRIMARY_KEY_PREFIX,
                table, "PRIMARY KEY " + primaryKey + " must be a prefix of ORDER BY " + orderBy);
        check(sampleBy == null || key.contains(normalize(sampleBy)), TableRule.SAMPLE_BY_KEY, table,
                "SAMPLE BY " + sampleBy + " must be one of the primary key's expressions " + key);
        engineColumns(table, columns, engine instanceof Engine.Replicated r ? r.base() : engine, sortingKey);
    }

    private static void engineColumns(String table, List<ColumnDefinition> columns, Engine engine, List<String> sortingKey) {
        Map<String, ColumnDefinition> byName = columns.stream().collect(Collectors.toMap(ColumnDefinition::name, c -> c));
        if (engine instanceof Engine.ReplacingMergeTree replacing) {
            engineColumn(table, byName, engine, "version", replacing.version(), TableValidator::isVersionType, VERSION_TYPES);
            engineColumn(table, byName, engine, "is_deleted", replacing.isDeleted(),
                    t -> t == Simple.UINT8 || t == Simple.BOOL, "UInt8");
        } else if (engine instanceof Engine.CollapsingMergeTree collapsing) {
            engineColumn(table, byName, engine, "sign", collapsing.sign(), t -> t == Simple.INT8, "Int8");
        } else if (engine instanceof Engine.VersionedCollapsingMergeTree versioned) {
            engineColumn(table, byName, engine, "sign", versioned.sign(), t -> t == Simple.INT8, "Int8");
            engineColumn(table, byName, engine, "version", versioned.version(), TableValidator::isVersionType, VERSION_TYPES);
        } else if (engine instanceof Engine.SummingMergeTree summing) {
            for (String column : summing.columns()) {
                engineColumn(table, byName, engine, "summed", column, t -> true, "any");
                check(!sortingKey.contains(column), TableRule.ENGINE_COLUMN, table,
                        "column " + column + " is both summed by SummingMergeTree and in the sorting key");
            }
        }
    }

    /**
     * A key expression that is a bare name must name a column: a misspelt key otherwise reaches the
     * server, whose refusal Hibernate's schema export only logs. Expressions are left to the server.
     */
    private static void keyColumns(String table, List<ColumnDefinition> columns, String clause, List<String> expressions) {
        for (String expression : expressions) {
            String name = expression.strip();
            if (name.matches("`(?:[^`\\\\]|\\\\.)*`")) {
                name = name.substring(1, name.length() - 1).replace("\\`", "`").replace("\\\\", "\\");
            } else if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                continue;
            }
            String column = name;
            check(columns.stream().anyMatch(c -> c.name().equals(column)), TableRule.KEY_COLUMN, table,
                    clause + " names column " + column + ", which the table does not have");
        }
    }

    private static final String VERSION_TYPES = "an integer, Bool, Date, Date32, DateTime or DateTime64 (not Nullable)";

    private static boolean isVersionType(ClickHouseType type) {
        return type instanceof Simple simple && (simple.isInteger() || simple == Simple.BOOL || simple == Simple.DATE
                || simple == Simple.DATE32) || type instanceof ClickHouseType.DateTime || type instanceof ClickHouseType.DateTime64;
    }

    private static void engineColumn(String table, Map<String, ColumnDefinition> columns, Engine engine, String role,
                                     String name, Predicate<ClickHouseType> suits, String expected) {
        if (name == null) {
            return;
        }
        ColumnDefinition column = columns.get(name);
        check(column != null, TableRule.ENGINE_COLUMN, table,
                "the " + role + " column " + name + " of " + engine.name() + " does not exist");
        check(suits.test(column.type()), TableRule.ENGINE_COLUMN, table, "the " + role + " column " + name + " of "
                + engine.name() + " must be " + expected + ", not " + column.type().render());
    }

    private static void mergeTreeOnly(String table, Engine engine, String clause, boolean present) {
        check(!present, TableRule.MERGE_TREE_ONLY, table, "engine " + engine.name() + " does not support " + clause
                + "; only the MergeTree family does");
    }

    private static <T> void unique(String table, String what, List<T> items, Function<T, String> name) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            check(seen.add(name.apply(item)), TableRule.DUPLICATE_NAME, table, what + " " + name.apply(item) + " is defined twice");
        }
    }

    private static List<String> normalized(List<String> expressions) {
        return expressions.stream().map(TableValidator::normalize).toList();
    }

    /** An expression without the spaces that do not separate words, for comparing keys as written. */
    private static String normalize(String expression) {
        return expression.strip().replaceAll("\\s+", " ").replaceAll(" ?([^\\w ]) ?", "$1");
    }

    private static void check(boolean condition, TableRule rule, String table, String detail) {
        if (!condition) {
            throw new InvalidTableException(rule, table, detail);
        }
    }
}
