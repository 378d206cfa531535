package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.type.ClickHouseType;
import dev.chorm.hibernate.type.InvalidTypeException;
import dev.chorm.hibernate.type.SqlQuoting;
import dev.chorm.hibernate.type.TypeRule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A ClickHouse table, completely: chorm's one schema model, rendered by {@link DdlRenderer}, diffed by
 * migrations, read back by introspection. Expressions (ORDER BY, TTL, ...) are SQL text.
 *
 * <pre>{@code
 * TableDefinition events = TableDefinition.builder("events")
 *         .column(ColumnDefinition.of("id", "UInt64"))
 *         .column(ColumnDefinition.of("at", "DateTime"))
 *         .engine(new Engine.MergeTree())
 *         .orderBy("at", "id")
 *         .partitionBy("toYYYYMM(at)")
 *         .build();
 * }</pre>
 *
 * <p>A definition is valid by construction: the constructor checks the {@link TableRule}s and throws
 * {@link InvalidTableException} naming the table, the column and the rule. The rules ClickHouse applies
 * to column types with default settings are checked by {@link #validateColumnTypes}.
 *
 * @param database    the database, or null for the connection's
 * @param name        the table's name
 * @param columns     the columns, in order
 * @param engine      the engine
 * @param orderBy     the sorting key's expressions; {@code ["tuple()"]} for none (MergeTree family only)
 * @param partitionBy the partition key expression, or null
 * @param primaryKey  the primary key's expressions, a prefix of {@code orderBy}; empty when equal to it
 * @param sampleBy    the sampling expression, or null; it must be part of the primary key
 * @param ttl         the table's TTL expressions ({@code at + INTERVAL 1 MONTH DELETE}, ...)
 * @param settings    table settings, name to SQL literal ({@code index_granularity -> 8192}), in order
 * @param comment     the table's comment, or null
 * @param indexes     data-skipping indexes
 * @param constraints CHECK and ASSUME constraints
 * @param projections projections
 * @param cluster     the cluster for {@code ON CLUSTER}, or null
 */
public record TableDefinition(String database, String name, List<ColumnDefinition> columns, Engine engine,
                              List<String> orderBy, String partitionBy, List<String> primaryKey, String sampleBy,
                              List<String> ttl, Map<String, String> settings, String comment,
                              List<IndexDefinition> indexes, List<ConstraintDefinition> constraints,
                              List<ProjectionDefinition> projections, String cluster) {

    public TableDefinition {
        Objects.requireNonNull(name, "a table needs a name");
        Objects.requireNonNull(engine, () -> "table " + name + " needs an engine");
        columns = List.copyOf(columns);
        orderBy = List.copyOf(orderBy);
        primaryKey = List.copyOf(primaryKey);
        ttl = List.copyOf(ttl);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
        projections = List.copyOf(projections);
        TableValidator.validate(name, columns, engine, orderBy, partitionBy, primaryKey, sampleBy, ttl, indexes,
                constraints, projections);
    }

    /** A builder for a table named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this definition, to derive another one. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Where statements about this table go: its database, name and cluster. */
    public TableRef ref() {
        return new TableRef(database, name, cluster);
    }

    /** The column named {@code name}, if any. */
    public Optional<ColumnDefinition> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The columns the sorting, primary, partition and sampling keys mention: ClickHouse cannot
     * update them, and they cannot be Nullable unless {@code allow_nullable_key} is set.
     */
    public Set<String> keyColumns() {
        List<String> expressions = new ArrayList<>(orderBy);
        expressions.addAll(primaryKey);
        if (partitionBy != null) {
            expressions.add(partitionBy);
        }
        if (sampleBy != null) {
            expressions.add(sampleBy);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String expression : expressions) {
            Matcher identifiers = IDENTIFIER.matcher(expression.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''"));
            while (identifiers.find()) {
                String name = identifiers.group(1) != null ? identifiers.group(1) : identifiers.group();
                if (column(name).isPresent()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static final Pattern IDENTIFIER = Pattern.compile("`((?:[^`\\\\]|\\\\.)*)`|[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Checks the column types against the rules ClickHouse applies to new columns with default
     * settings ({@link ClickHouseType#validate}).
     *
     * @param enabled settings enabled on the server, which lift the rules they name
     * @throws InvalidTableException ({@link TableRule#COLUMN_TYPE}) naming the table, the column and the type rule
     */
    public TableDefinition validateColumnTypes(TypeRule.Setting... enabled) {
        for (ColumnDefinition column : columns) {
            try {
                column.type().validate(enabled);
            } catch (InvalidTypeException e) {
                throw new InvalidTableException(TableRule.COLUMN_TYPE, name, "column " + column.name() + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    /** Builds {@link TableDefinition}s; every method returns the builder. */
    public static final class Builder {
        private String database;
        private String name;
        private final List<ColumnDefinition> columns = new ArrayList<>();
        private Engine engine;
        private final List<String> orderBy = new ArrayList<>();
        private String partitionBy;
        private final List<String> primaryKey = new ArrayList<>();
        private String sampleBy;
        private final List<String> ttl = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String comment;
        private final List<IndexDefinition> indexes = new ArrayList<>();
        private final List<ConstraintDefinition> constraints = new ArrayList<>();
        private final List<ProjectionDefinition> projections = new ArrayList<>();
        private String cluster;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(TableDefinition table) {
            this(table.name);
            database = table.database;
            columns.addAll(table.columns);
            engine = table.engine;
            orderBy.addAll(table.orderBy);
            partitionBy = table.partitionBy;
            primaryKey.addAll(table.primaryKey);
            sampleBy = table.sampleBy;
            ttl.addAll(table.ttl);
            settings.putAll(table.settings);
            comment = table.comment;
            indexes.addAll(table.indexes);
            constraints.addAll(table.constraints);
            projections.addAll(table.projections);
            cluster = table.cluster;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** Appends a column. */
        public Builder column(ColumnDefinition column) {
            columns.add(column);
            return this;
        }

        /** Appends a plain column of a type given as ClickHouse text. */
        public Builder column(String name, String type) {
            return column(ColumnDefinition.of(name, type));
        }

        /** Replaces all columns. */
        public Builder columns(List<ColumnDefinition> columns) {
            this.columns.clear();
            this.columns.addAll(columns);
            return this;
        }

        public Builder engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        /** The sorting key's expressions (replacing any); {@code orderBy("tuple()")} for none. */
        public Builder orderBy(String... expressions) {
            orderBy.clear();
            orderBy.addAll(List.of(expressions));
            return this;
        }

        public Builder partitionBy(String expression) {
            partitionBy = expression;
            return this;
        }

        /** The primary key's expressions (replacing any), a prefix of the sorting key. */
        public Builder primaryKey(String... expressions) {
            primaryKey.clear();
            primaryKey.addAll(List.of(expressions));
            return this;
        }

        public Builder sampleBy(String expression) {
            sampleBy = expression;
            return this;
        }

        /** The table's TTL expressions (replacing any). */
        public Builder ttl(String... expressions) {
            ttl.clear();
            ttl.addAll(List.of(expressions));
            return this;
        }

        /** A numeric setting: {@code name = value}. */
        public Builder setting(String name, long value) {
            return settingLiteral(name, Long.toString(value));
        }

        /** A string setting: {@code name = 'value'}. */
        public Builder setting(String name, String value) {
            return settingLiteral(name, SqlQuoting.quoteString(value));
        }

        /** A setting whose value is given as SQL literal text, as read from the server. */
        public Builder settingLiteral(String name, String literal) {
            settings.put(name, literal);
            return this;
        }

        /** Replaces all settings (name to SQL literal). */
        public Builder settings(Map<String, String> settings) {
            this.settings.clear();
            this.settings.putAll(settings);
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public Builder index(IndexDefinition index) {
            indexes.add(index);
            return this;
        }

        /** Replaces all indexes. */
        public Builder indexes(List<IndexDefinition> indexes) {
            this.indexes.clear();
            this.indexes.addAll(indexes);
            return this;
        }

        /** Replaces all constraints. */
        public Builder constraints(List<ConstraintDefinition> constraints) {
            this.constraints.clear();
            this.constraints.addAll(constraints);
            return this;
        }

        public Builder constraint(ConstraintDefinition constraint) {
            constraints.add(constraint);
            return this;
        }

        public Builder projection(ProjectionDefinition projection) {
            projections.add(projection);
            return this;
        }

        /** Sends this table's statements {@code ON CLUSTER cluster}. */
        public Builder onCluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        /** @throws InvalidTableException when the definition breaks a {@link TableRule} */
        public TableDefinition build() {
            return new TableDefinition(database, name, columns, engine, orderBy, partitionBy, primaryKey, sampleBy,
                    ttl, settings, comment, indexes, constraints, projections, cluster);
        }
    }
}
