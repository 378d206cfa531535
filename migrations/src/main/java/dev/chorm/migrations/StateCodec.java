package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.ProjectionDefinition;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.type.JsonText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SchemaState} as JSON and reads it back, deterministically: the same state always
 * gives the same bytes (tables sorted by name, fields in a fixed order, empty fields left out).
 * Types are stored as ClickHouse text and parsed back by the one type catalogue.
 */
public final class StateCodec {

    /** The snapshot format; bumped when the layout changes incompatibly. */
    static final int FORMAT = 1;

    private StateCodec() {
    }

    public static String write(SchemaState state) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        List<Object> tables = new ArrayList<>();
        state.tables().values().forEach(table -> tables.add(table(table)));
        root.put("tables", tables);
        return JsonText.writeIndented(root);
    }

    public static SchemaState read(String json) {
        Map<String, Object> root = map(JsonText.parse(json));
        Object format = root.get("format");
        if (!(format instanceof Number number) || number.longValue() != FORMAT) {
            throw new IllegalArgumentException("unsupported migration state format " + format + " (this chorm reads " + FORMAT + ")");
        }
        List<TableDefinition> tables = new ArrayList<>();
        for (Object table : list(root.get("tables"))) {
            tables.add(table(map(table)));
        }
        return SchemaState.of(tables);
    }

    private static Map<String, Object> table(TableDefinition table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", table.name());
        List<Object> columns = new ArrayList<>();
        table.columns().forEach(column -> columns.add(column(column)));
        out.put("columns", columns);
        out.put("engine", engine(table.engine()));
        putList(out, "orderBy", table.orderBy());
        putText(out, "partitionBy", table.partitionBy());
        putList(out, "primaryKey", table.primaryKey());
        putText(out, "sampleBy", table.sampleBy());
        putList(out, "ttl", table.ttl());
        if (!table.settings().isEmpty()) {
            out.put("settings", new LinkedHashMap<>(table.settings()));
        }
        putText(out, "comment", table.comment());
        if (!table.indexes().isEmpty()) {
            List<Object> indexes = new ArrayList<>();
            for (IndexDefinition index : table.indexes()) {
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("name", index.name());
                i.put("expression", index.expression());
                i.put("type", index.type().name());
                putList(i, "arguments", index.type().arguments());
                if (index.granularity() != null) {
                    i.put("granularity", (long) index.granularity());
                }
                indexes.add(i);
            }
            out.put("indexes", indexes);
        }
        if (!table.constraints().isEmpty()) {
            List<Object> constraints = new ArrayList<>();
            for (ConstraintDefinition constraint : table.constraints()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", constraint.name());
                c.put("kind", constraint.kind().name());
                c.put("expression", constraint.expression());
                constraints.add(c);
            }
            out.put("constraints", constraints);
        }
        if (!table.projections().isEmpty()) {
            List<Object> projections = new ArrayList<>();
            for (ProjectionDefinition projection : table.projections()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", projection.name());
                p.put("query", projection.query());
                projections.add(p);
            }
            out.put("projections", projections);
        }
        return out;
    }

    private static TableDefinition table(Map<String, Object> in) {
        String name = text(in, "name");
        try {
            TableDefinition.Builder builder = TableDefinition.builder(name);
            for (Object column : list(in.get("columns"))) {
                builder.column(column(map(column)));
            }
            builder.engine(engine(map(in.get("engine"))));
            builder.orderBy(strings(in.get("orderBy")).toArray(String[]::new));
            builder.partitionBy(text(in, "partitionBy"));
            builder.primaryKey(strings(in.get("primaryKey")).toArray(String[]::new));
            builder.sampleBy(text(in, "sampleBy"));
            builder.ttl(strings(in.get("ttl")).toArray(String[]::new));
            if (in.get("settings") != null) {
                map(in.get("settings")).forEach((k, v) -> builder.settingLiteral(k, (String) v));
            }
            builder.comment(text(in, "comment"));
            for (Object o : list(in.get("indexes"))) {
                Map<String, Object> i = map(o);
                Object granularity = i.get("granularity");
                builder.index(new IndexDefinition(text(i, "name"), text(i, "expression"),
                        new IndexDefinition.IndexType(text(i, "type"), strings(i.get("arguments"))),
                        granularity == null ? null : ((Number) granularity).intValue()));
            }
            for (Object o : list(in.get("constraints"))) {
                Map<String, Object> c = map(o);
                builder.constraint(new ConstraintDefinition(text(c, "name"),
                        ConstraintDefinition.Kind.valueOf(text(c, "kind")), text(c, "expression")));
            }
            for (Object o : list(in.get("projections"))) {
                Map<String, Object> p = map(o);
                builder.projection(new ProjectionDefinition(text(p, "name"), text(p, "query")));
            }
            return builder.build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("migration state: table " + name + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> column(ColumnDefinition column) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", column.name());
        out.put("type", column.type().render());
        if (column.defaultKind() != null) {
            out.put("defaultKind", column.defaultKind().name());
        }
        putText(out, "default", column.defaultExpression());
        putList(out, "codecs", column.codecs());
        putText(out, "ttl", column.ttl());
        putText(out, "comment", column.comment());
        return out;
    }

    private static ColumnDefinition column(Map<String, Object> in) {
        String kind = text(in, "defaultKind");
        return ColumnDefinition.of(text(in, "name"), text(in, "type"))
                .withDefault(kind == null ? null : ColumnDefinition.DefaultKind.valueOf(kind), text(in, "default"))
                .withCodecs(strings(in.get("codecs")).toArray(String[]::new))
                .withTtl(text(in, "ttl"))
                .withComment(text(in, "comment"));
    }

    private static Map<String, Object> engine(Engine engine) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (engine instanceof Engine.Replicated replicated) {
            out.putAll(engine(replicated.base()));
            out.put("replicated", true);
            putText(out, "zooPath", replicated.zooPath());
            putText(out, "replicaName", replicated.replicaName());
            return out;
        }
        out.put("name", engine.name());
        if (engine instanceof Engine.ReplacingMergeTree e) {
            putText(out, "version", e.version());
            putText(out, "isDeleted", e.isDeleted());
        } else if (engine instanceof Engine.SummingMergeTree e) {
            putList(out, "columns", e.columns());
        } else if (engine instanceof Engine.CollapsingMergeTree e) {
            out.put("sign", e.sign());
        } else if (engine instanceof Engine.VersionedCollapsingMergeTree e) {
            out.put("sign", e.sign());
            out.put("version", e.version());
        } else if (engine instanceof Engine.GraphiteMergeTree e) {
            out.put("config", e.configSection());
        } else if (engine instanceof Engine.Distributed e) {
            out.put("cluster", e.cluster());
            putText(out, "database", e.database());
            out.put("table", e.table());
            putText(out, "shardingKey", e.shardingKey());
            putText(out, "policy", e.policy());
        }
        return out;
    }

    private static Engine engine(Map<String, Object> in) {
        String name = text(in, "name");
        Engine engine = switch (name) {
            case "MergeTree" -> new Engine.MergeTree();
            case "ReplacingMergeTree" -> new Engine.ReplacingMergeTree(text(in, "version"), text(in, "isDeleted"));
            case "SummingMergeTree" -> new Engine.SummingMergeTree(strings(in.get("columns")));
            case "AggregatingMergeTree" -> new Engine.AggregatingMergeTree();
            case "CollapsingMergeTree" -> new Engine.CollapsingMergeTree(text(in, "sign"));
            case "VersionedCollapsingMergeTree" -> new Engine.VersionedCollapsingMergeTree(text(in, "sign"), text(in, "version"));
            case "GraphiteMergeTree" -> new Engine.GraphiteMergeTree(text(in, "config"));
            case "Memory" -> new Engine.Memory();
            case "Log" -> new Engine.Log();
            case "TinyLog" -> new Engine.TinyLog();
            case "StripeLog" -> new Engine.StripeLog();
            case "Null" -> new Engine.Null();
            case "Distributed" -> new Engine.Distributed(text(in, "cluster"), text(in, "database"), text(in, "table"),
                    text(in, "shardingKey"), text(in, "policy"));
            default -> throw new IllegalArgumentException("unknown engine " + name);
        };
        if (Boolean.TRUE.equals(in.get("replicated"))) {
            return new Engine.Replicated((Engine.MergeTreeFamily) engine, text(in, "zooPath"), text(in, "replicaName"));
        }
        return engine;
    }

    private static void putText(Map<String, Object> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static void putList(Map<String, Object> out, String key, List<String> values) {
        if (!values.isEmpty()) {
            out.put(key, new ArrayList<Object>(values));
        }
    }

    private static String text(Map<String, Object> in, String key) {
        return (String) in.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("migration state: expected an object, got " + value);
        }
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw new IllegalArgumentException("migration state: expected an array, got " + value);
        }
        return new ArrayList<>(l);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object o : list(value)) {
            out.add((String) o);
        }
        return out;
    }
}
