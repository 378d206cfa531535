package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.type.ClickHouseType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code inspectdb}: writes the JPA entity source for a live table, with chorm's annotations (engine,
 * keys, TTL, settings, indexes, codecs, constraints, comments), so that the entity model of the
 * generated classes is the table again: {@code inspectdb} then {@code makemigrations} finds no change.
 * Every column keeps its exact ClickHouse type in {@code @Column(columnDefinition = ...)}; what no
 * annotation can say (MATERIALIZED/ALIAS columns, column TTLs, projections, other engines) is listed
 * in {@link Source#unsupported()} and as a comment at the top of the class.
 */
public final class EntitySourceWriter {

    private EntitySourceWriter() {
    }

    /**
     * A generated class.
     *
     * @param className   the simple class name
     * @param text        the Java source
     * @param unsupported what the entity cannot express, empty when it is exact
     */
    public record Source(String className, String text, List<String> unsupported) {
    }

    public static Source write(TableDefinition table, String packageName) {
        String className = className(table.name());
        List<String> unsupported = new ArrayList<>();
        Set<String> imports = new TreeSet<>(List.of("jakarta.persistence.Column", "jakarta.persistence.Entity",
                "jakarta.persistence.Id", "jakarta.persistence.Table", "dev.chorm.hibernate.annotations.ClickHouseTable",
                "dev.chorm.hibernate.annotations.Engine", "dev.chorm.hibernate.annotations.EngineKind"));
        StringBuilder body = new StringBuilder();
        String id = idColumn(table);
        Set<String> fieldNames = new LinkedHashSet<>();
        for (ColumnDefinition column : table.columns()) {
            if (column.defaultKind() != null && column.defaultKind() != ColumnDefinition.DefaultKind.DEFAULT) {
                unsupported.add("column " + column.name() + " is " + column.defaultKind() + " " + column.defaultExpression());
                continue;
            }
            if (column.ttl() != null) {
                unsupported.add("column " + column.name() + " has TTL " + column.ttl());
            }
            String field = uniqueField(fieldName(column.name()), fieldNames);
            if (column.name().equals(id)) {
                body.append("    @Id\n");
            }
            boolean nullable = column.type() instanceof ClickHouseType.Nullable;
            body.append("    @Column(name = ").append(literal(column.name()));
            if (!nullable) {
                body.append(", nullable = false");
            }
            body.append(", columnDefinition = ").append(literal(column.type().render())).append(")\n");
            if (column.defaultKind() == ColumnDefinition.DefaultKind.DEFAULT) {
                imports.add("org.hibernate.annotations.ColumnDefault");
                body.append("    @ColumnDefault(").append(literal(column.defaultExpression())).append(")\n");
            }
            if (!column.codecs().isEmpty()) {
                imports.add("dev.chorm.hibernate.annotations.Codec");
                body.append("    @Codec(").append(array(column.codecs())).append(")\n");
            }
            if (column.comment() != null) {
                imports.add("org.hibernate.annotations.Comment");
                body.append("    @Comment(").append(literal(column.comment())).append(")\n");
            }
            String javaType = javaType(column.type());
            if (javaType.contains(".")) {
                imports.add(javaType);
                javaType = javaType.substring(javaType.lastIndexOf('.') + 1);
            }
            body.append("    ").append(javaType).append(' ').append(field).append(";\n\n");
        }
        if (!table.projections().isEmpty()) {
            table.projections().forEach(p -> unsupported.add("projection " + p.name()));
        }
        String engine = engine(table.engine(), unsupported);

        StringBuilder head = new StringBuilder();
        if (packageName != null && !packageName.isEmpty()) {
            head.append("package ").append(packageName).append(";\n\n");
        }
        List<String> classAnnotations = new ArrayList<>();
        if (!table.indexes().isEmpty()) {
            imports.add("dev.chorm.hibernate.annotations.SkippingIndex");
            for (IndexDefinition index : table.indexes()) {
                classAnnotations.add("@SkippingIndex(name = " + literal(index.name()) + ", expression = " + literal(index.expression())
                        + ", type = " + literal(index.type().render()) + ", granularity = "
                        + (index.granularity() == null ? 1 : index.granularity()) + ")");
            }
        }
        for (ConstraintDefinition constraint : table.constraints()) {
            if (constraint.kind() != ConstraintDefinition.Kind.CHECK) {
                unsupported.add("constraint " + constraint.name() + " is " + constraint.kind());
                continue;
            }
            imports.add("org.hibernate.annotations.Check");
            classAnnotations.add("@Check(name = " + literal(constraint.name()) + ", constraints = " + literal(constraint.expression()) + ")");
        }
        if (table.comment() != null && !table.comment().isEmpty()) {
            imports.add("org.hibernate.annotations.Comment");
            classAnnotations.add("@Comment(" + literal(table.comment()) + ")");
        }
        imports.forEach(i -> head.append("import ").append(i).append(";\n"));
        head.append("\n/** Table {@code ").append(table.name()).append("}, written by chorm inspectdb. */\n");
        for (String problem : unsupported) {
            head.append("// chorm inspectdb: not expressible as annotations: ").append(problem).append('\n');
        }
        head.append("@Entity\n@Table(name = ").append(literal(table.name())).append(")\n");
        head.append("@ClickHouseTable(engine = ").append(engine);
        if (table.engine().isMergeTreeFamily()) {
            head.append(",\n        orderBy = ").append(array(table.orderBy()));
        }
        if (table.partitionBy() != null) {
            head.append(",\n        partitionBy = ").append(literal(table.partitionBy()));
        }
        if (!table.primaryKey().isEmpty()) {
            head.append(",\n        primaryKey = ").append(array(table.primaryKey()));
        }
        if (table.sampleBy() != null) {
            head.append(",\n        sampleBy = ").append(literal(table.sampleBy()));
        }
        if (!table.ttl().isEmpty()) {
            head.append(",\n        ttl = ").append(array(table.ttl()));
        }
        if (!table.settings().isEmpty()) {
            List<String> settings = table.settings().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList();
            head.append(",\n        settings = ").append(array(settings));
        }
        head.append(")\n");
        classAnnotations.forEach(a -> head.append(a).append('\n'));
        head.append("public class ").append(className).append(" {\n\n");
        return new Source(className, head + body.toString().stripTrailing() + "\n}\n", List.copyOf(unsupported));
    }

    /** The column JPA sees as the id: the first key column, else the first column. */
    private static String idColumn(TableDefinition table) {
        List<String> key = table.primaryKey().isEmpty() ? table.orderBy() : table.primaryKey();
        for (String expression : key) {
            if (table.column(expression.strip()).isPresent()) {
                return expression.strip();
            }
        }
        return table.columns().get(0).name();
    }

    private static String engine(Engine engine, List<String> unsupported) {
        Engine base = engine;
        String replicated = "";
        if (engine instanceof Engine.Replicated r) {
            base = r.base();
            replicated = ", replicated = true";
            if (r.zooPath() != null && !r.zooPath().equals(Engine.Replicated.DEFAULT_ZOO_PATH)) {
                unsupported.add("Keeper path " + r.zooPath() + " (the annotation uses the default)");
            }
        }
        String kind;
        String parameters = "";
        if (base instanceof Engine.MergeTree) {
            kind = "MERGE_TREE";
        } else if (base instanceof Engine.ReplacingMergeTree e) {
            kind = "REPLACING_MERGE_TREE";
            parameters = (e.version() == null ? "" : ", version = " + literal(e.version()))
                    + (e.isDeleted() == null ? "" : ", isDeleted = " + literal(e.isDeleted()));
        } else if (base instanceof Engine.SummingMergeTree e) {
            kind = "SUMMING_MERGE_TREE";
            parameters = e.columns().isEmpty() ? "" : ", columns = " + array(e.columns());
        } else if (base instanceof Engine.AggregatingMergeTree) {
            kind = "AGGREGATING_MERGE_TREE";
        } else if (base instanceof Engine.CollapsingMergeTree e) {
            kind = "COLLAPSING_MERGE_TREE";
            parameters = ", sign = " + literal(e.sign());
        } else if (base instanceof Engine.VersionedCollapsingMergeTree e) {
            kind = "VERSIONED_COLLAPSING_MERGE_TREE";
            parameters = ", sign = " + literal(e.sign()) + ", version = " + literal(e.version());
        } else if (base instanceof Engine.GraphiteMergeTree e) {
            kind = "GRAPHITE_MERGE_TREE";
            parameters = ", config = " + literal(e.configSection());
        } else if (base instanceof Engine.Memory) {
            kind = "MEMORY";
        } else if (base instanceof Engine.Log) {
            kind = "LOG";
        } else if (base instanceof Engine.TinyLog) {
            kind = "TINY_LOG";
        } else if (base instanceof Engine.StripeLog) {
            kind = "STRIPE_LOG";
        } else {
            unsupported.add("engine " + engine.render());
            kind = "MERGE_TREE";
        }
        return "@Engine(value = EngineKind." + kind + parameters + replicated + ")";
    }

    /** A readable Java type for the column; the exact ClickHouse type is in columnDefinition anyway. */
    static String javaType(ClickHouseType type) {
        String text = type.render();
        String inner = text.replaceAll("^(Nullable|LowCardinality)\\((.*)\\)$", "$2").replaceAll("^(Nullable|LowCardinality)\\((.*)\\)$", "$2");
        String name = inner.contains("(") ? inner.substring(0, inner.indexOf('(')) : inner;
        return switch (name) {
            case "Int8" -> "Byte";
            case "Int16", "UInt8" -> "Short";
            case "Int32", "UInt16" -> "Integer";
            case "Int64", "UInt32" -> "Long";
            case "UInt64", "Int128", "UInt128", "Int256", "UInt256" -> "java.math.BigInteger";
            case "Float32" -> "Float";
            case "Float64" -> "Double";
            case "Decimal" -> "java.math.BigDecimal";
            case "Bool" -> "Boolean";
            case "Date", "Date32" -> "java.time.LocalDate";
            case "DateTime", "DateTime64" -> "java.time.LocalDateTime";
            case "UUID" -> "java.util.UUID";
            default -> "String";
        };
    }

    static String className(String table) {
        StringBuilder out = new StringBuilder();
        for (String part : table.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        String name = out.length() == 0 ? "Table" : out.toString();
        return Character.isDigit(name.charAt(0)) ? "T" + name : name;
    }

    private static String fieldName(String column) {
        String camel = className(column);
        String field = Character.toLowerCase(camel.charAt(0)) + camel.substring(1);
        return javax.lang.model.SourceVersion.isKeyword(field) ? field + "_" : field;
    }

    private static String uniqueField(String field, Set<String> taken) {
        String candidate = field;
        for (int i = 2; !taken.add(candidate); i++) {
            candidate = field + i;
        }
        return candidate;
    }

    private static String array(List<String> values) {
        if (values.size() == 1) {
            return literal(values.get(0));
        }
        List<String> literals = values.stream().map(EntitySourceWriter::literal).toList();
        return "{" + String.join(", ", literals) + "}";
    }

    static String literal(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
