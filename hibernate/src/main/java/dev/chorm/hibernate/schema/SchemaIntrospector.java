package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.type.ClickHouseType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads live tables back into chorm's schema model, from the server's {@code system.tables} and
 * {@code system.columns}: what schema validation, drift checks and {@code inspectdb} compare with
 * the entity model.
 *
 * <p>The result is the table as the server keeps it, so expressions come back in ClickHouse's
 * canonical form ({@code INTERVAL 1 YEAR} reads back as {@code toIntervalYear(1)}), codecs with
 * their implicit arguments ({@code Delta} as {@code Delta(8)}) and index granularity explicit. The
 * one thing left out is {@code index_granularity = 8192}, which the server adds to every MergeTree
 * table that does not set it.
 *
 * <pre>{@code
 * try (Connection connection = dataSource.getConnection()) {
 *     Optional<TableDefinition> events = SchemaIntrospector.table(connection, "analytics", "event");
 * }
 * }</pre>
 */
public final class SchemaIntrospector {

    private static final List<String> ENGINE_CLAUSES = List.of("PARTITION BY", "PRIMARY KEY", "ORDER BY", "SAMPLE BY",
            "TTL", "SETTINGS");
    private static final String DEFAULT_INDEX_GRANULARITY = "8192";

    private SchemaIntrospector() {
    }

    /**
     * Every table of {@code database} (the connection's current database when null) whose engine the
     * schema model describes, sorted by name; views, dictionaries and other engines are left out.
     */
    public static List<TableDefinition> tables(Connection connection, String database) throws SQLException {
        List<TableDefinition> tables = new ArrayList<>();
        for (LiveTable live : liveTables(connection, database, null)) {
            if (engine(live.engineFull()).isPresent()) {
                tables.add(definition(connection, live));
            }
        }
        return tables;
    }

    /**
     * The table {@code name} of {@code database} (the connection's current database when null), or
     * empty when there is none.
     *
     * @throws IllegalArgumentException when its engine is one the schema model does not describe
     */
    public static Optional<TableDefinition> table(Connection connection, String database, String name) throws SQLException {
        List<LiveTable> live = liveTables(connection, database, name);
        return live.isEmpty() ? Optional.empty() : Optional.of(definition(connection, live.get(0)));
    }

    private record LiveTable(String database, String name, String engineFull, String createQuery, String comment) {
    }

    private static List<LiveTable> liveTables(Connection connection, String database, String name) throws SQLException {
        String sql = "SELECT database, name, if(engine_full = '', engine, engine_full), create_table_query, comment"
                + " FROM system.tables"
                + " WHERE database = " + (database == null ? "currentDatabase()" : "?")
                + (name == null ? "" : " AND name = ?") + " AND NOT is_temporary ORDER BY name";
        List<LiveTable> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameter = 1;
            if (database != null) {
                statement.setString(parameter++, database);
            }
            if (name != null) {
                statement.setString(parameter, name);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(new LiveTable(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5)));
                }
            }
        }
        return tables;
    }

    private static TableDefinition definition(Connection connection, LiveTable live) throws SQLException {
        Map<String, String> engineClauses = SqlText.clauses(live.engineFull(), ENGINE_CLAUSES);
        Engine engine = engine(live.engineFull()).orElseThrow(() -> new IllegalArgumentException("table " + live.database()
                + "." + live.name() + " has the engine " + live.engineFull() + ", which chorm's schema model does not describe"));
        TableDefinition.Builder table = TableDefinition.builder(live.name()).database(live.database()).engine(engine);

        Map<String, String> columnTtls = new HashMap<>();
        for (String item : SqlText.split(columnList(live.createQuery()), ',')) {
            if (item.startsWith("INDEX ")) {
                table.index(index(item.substring("INDEX ".length())));
            } else if (item.startsWith("CONSTRAINT ")) {
                table.constraint(constraint(item.substring("CONSTRAINT ".length())));
            } else if (item.startsWith("PROJECTION ")) {
                String rest = item.substring("PROJECTION ".length()).strip();
                int open = rest.indexOf('(');
                table.projection(new ProjectionDefinition(SqlText.unquote(rest.substring(0, open)),
                        SqlText.unwrap(rest.substring(open))));
            } else {
                Map<String, String> parts = SqlText.clauses(item, List.of("TTL"));
                if (parts.containsKey("TTL")) {
                    columnTtls.put(SqlText.unquote(SqlText.split(parts.get(""), ' ').get(0)), parts.get("TTL"));
                }
            }
        }
        for (ColumnDefinition column : columns(connection, live)) {
            table.column(columnTtls.containsKey(column.name()) ? column.withTtl(columnTtls.get(column.name())) : column);
        }

        if (engineClauses.containsKey("PARTITION BY")) {
            table.partitionBy(engineClauses.get("PARTITION BY"));
        }
        if (engineClauses.containsKey("PRIMARY KEY")) {
            table.primaryKey(key(engineClauses.get("PRIMARY KEY")));
        }
        if (engineClauses.containsKey("ORDER BY")) {
            table.orderBy(key(engineClauses.get("ORDER BY")));
        }
        if (engineClauses.containsKey("SAMPLE BY")) {
            table.sampleBy(engineClauses.get("SAMPLE BY"));
        }
        if (engineClauses.containsKey("TTL")) {
            table.ttl(SqlText.split(engineClauses.get("TTL"), ',').toArray(String[]::new));
        }
        if (engineClauses.containsKey("SETTINGS")) {
            for (String setting : SqlText.split(engineClauses.get("SETTINGS"), ',')) {
                int eq = setting.indexOf('=');
                String name = setting.substring(0, eq).strip();
                String value = setting.substring(eq + 1).strip();
                if (!(name.equals("index_granularity") && value.equals(DEFAULT_INDEX_GRANULARITY))) {
                    table.settingLiteral(name, value);
                }
            }
        }
        if (live.comment() != null && !live.comment().isEmpty()) {
            table.comment(live.comment());
        }
        return table.build();
    }

    private static List<ColumnDefinition> columns(Connection connection, LiveTable live) throws SQLException {
        List<ColumnDefinition> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, type, default_kind, default_expression,"
                + " comment, compression_codec FROM system.columns WHERE database = ? AND table = ? ORDER BY position")) {
            statement.setString(1, live.database());
            statement.setString(2, live.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ColumnDefinition column = ColumnDefinition.of(rows.getString(1), ClickHouseType.parse(rows.getString(2)));
                    String kind = rows.getString(3);
                    if (kind != null && !kind.isEmpty()) {
                        ColumnDefinition.DefaultKind defaultKind = ColumnDefinition.DefaultKind.valueOf(kind);
                        String expression = rows.getString(4);
                        if (defaultKind == ColumnDefinition.DefaultKind.EPHEMERAL
                                && expression.startsWith("defaultValueOfTypeName(")) {
                            expression = null; // what the server writes for a bare EPHEMERAL
                        }
                        column = column.withDefault(defaultKind, expression);
                    }
                    String comment = rows.getString(5);
                    if (comment != null && !comment.isEmpty()) {
                        column = column.withComment(comment);
                    }
                    String codec = rows.getString(6);
                    if (codec != null && !codec.isEmpty()) {
                        column = column.withCodecs(SqlText.split(SqlText.unwrap(codec.substring("CODEC".length())), ',')
                                .toArray(String[]::new));
                    }
                    columns.add(column);
                }
            }
        }
        return columns;
    }

    /** The text between the parentheses after the table name in {@code CREATE TABLE db.t (...) ENGINE = ...}. */
    private static String columnList(String createQuery) {
        int open = createQuery.indexOf('(');
        return createQuery.substring(open + 1, SqlText.closingParenthesis(createQuery, open));
    }

    private static String[] key(String clause) {
        return SqlText.split(SqlText.unwrap(clause), ',').toArray(String[]::new);
    }

    /** {@code name expression TYPE type(arguments) GRANULARITY n}. */
    private static IndexDefinition index(String text) {
        String name = SqlText.split(text, ' ').get(0);
        Map<String, String> parts = SqlText.clauses(text.substring(name.length()).strip(), List.of("TYPE", "GRANULARITY"));
        String type = parts.get("TYPE");
        int open = type.indexOf('(');
        IndexDefinition.IndexType indexType = open < 0 ? new IndexDefinition.IndexType(type, List.of())
                : new IndexDefinition.IndexType(type.substring(0, open), SqlText.split(SqlText.unwrap(type.substring(open)), ','));
        Integer granularity = parts.containsKey("GRANULARITY") ? Integer.valueOf(parts.get("GRANULARITY")) : null;
        return new IndexDefinition(SqlText.unquote(name), parts.get(""), indexType, granularity);
    }

    /** {@code name CHECK expression} or {@code name ASSUME expression}. */
    private static ConstraintDefinition constraint(String text) {
        String name = SqlText.split(text, ' ').get(0);
        Map<String, String> parts = SqlText.clauses(text.substring(name.length()).strip(), List.of("CHECK", "ASSUME"));
        return parts.containsKey("CHECK") ? ConstraintDefinition.check(SqlText.unquote(name), parts.get("CHECK"))
                : ConstraintDefinition.assume(SqlText.unquote(name), parts.get("ASSUME"));
    }

    /** The engine at the start of {@code engine_full}, when the schema model describes it. */
    static Optional<Engine> engine(String engineFull) {
        String head = SqlText.clauses(engineFull, ENGINE_CLAUSES).get("");
        int open = head.indexOf('(');
        String name = open < 0 ? head : head.substring(0, open);
        List<String> arguments = open < 0 ? List.of() : SqlText.split(SqlText.unwrap(head.substring(open)), ',');
        return Optional.ofNullable(engine(SqlText.unquote(name), arguments));
    }

    private static Engine engine(String name, List<String> arguments) {
        if (name.startsWith("Replicated") && name.endsWith("MergeTree")) {
            boolean explicitPaths = arguments.size() >= 2 && arguments.get(0).startsWith("'");
            Engine base = engine(name.substring("Replicated".length()),
                    explicitPaths ? arguments.subList(2, arguments.size()) : arguments);
            if (!(base instanceof Engine.MergeTreeFamily family)) {
                return null;
            }
            return explicitPaths ? family.replicated(SqlText.unquote(arguments.get(0)), SqlText.unquote(arguments.get(1)))
                    : new Engine.Replicated(family, null, null);
        }
        List<String> columns = arguments.stream().map(SqlText::unquote).toList();
        return switch (name) {
            case "MergeTree" -> new Engine.MergeTree();
            case "ReplacingMergeTree" -> new Engine.ReplacingMergeTree(at(columns, 0), at(columns, 1));
            case "SummingMergeTree" -> new Engine.SummingMergeTree(columns.isEmpty() ? List.of()
                    : SqlText.split(SqlText.unwrap(arguments.get(0)), ',').stream().map(SqlText::unquote).toList());
            case "AggregatingMergeTree" -> new Engine.AggregatingMergeTree();
            case "CollapsingMergeTree" -> new Engine.CollapsingMergeTree(columns.get(0));
            case "VersionedCollapsingMergeTree" -> new Engine.VersionedCollapsingMergeTree(columns.get(0), columns.get(1));
            case "GraphiteMergeTree" -> new Engine.GraphiteMergeTree(columns.get(0));
            case "Memory" -> new Engine.Memory();
            case "Log" -> new Engine.Log();
            case "TinyLog" -> new Engine.TinyLog();
            case "StripeLog" -> new Engine.StripeLog();
            case "Null" -> new Engine.Null();
            case "Distributed" -> new Engine.Distributed(columns.get(0),
                    arguments.get(1).equals("currentDatabase()") ? null : columns.get(1), columns.get(2), at(arguments, 3),
                    at(columns, 4));
            default -> null;
        };
    }

    private static String at(List<String> values, int index) {
        return index < values.size() ? values.get(index) : null;
    }

}
