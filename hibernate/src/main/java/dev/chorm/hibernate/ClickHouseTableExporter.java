package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.Alias;
import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Codec;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.annotations.Materialized;
import dev.chorm.hibernate.annotations.SkippingIndex;
import dev.chorm.hibernate.annotations.Ttl;
import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.schema.TableRef;
import dev.chorm.hibernate.type.ClickHouseType;
import org.hibernate.MappingException;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.mapping.CheckConstraint;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.Exporter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hibernate's schema export through chorm's one schema model: each mapped {@link Table} becomes a
 * {@link TableDefinition} rendered by {@link DdlRenderer}.
 *
 * <p>The entity's {@link ClickHouseTable} gives the engine and keys; without it a table is
 * {@code MergeTree ORDER BY (<id columns>)} ({@code tuple()} when there are none). Nullable
 * attributes become {@code Nullable(T)} columns, since ClickHouse columns are not nullable by
 * default; {@link LowCardinality}, {@link Codec}, {@link Materialized}, {@link Alias}, {@link Ttl},
 * Hibernate's {@code @ColumnDefault} and {@code @Comment} shape single columns; {@link SkippingIndex}
 * adds data-skipping indexes.
 */
final class ClickHouseTableExporter implements Exporter<Table> {

    /** Models whose tables were all checked already (weakly held: a dialect may see several). */
    private final Map<Metadata, Boolean> checkedModels = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    @Override
    public String[] getSqlCreateStrings(Table table, Metadata metadata, SqlStringGenerationContext context) {
        if (!checkedModels.containsKey(metadata)) {
            // every table is checked before the first is created: one broken entity creates no table at all
            EntityTables.of(metadata);
            checkedModels.put(metadata, Boolean.TRUE);
        }
        return tables(table, metadata).stream().map(definition -> DdlRenderer.createTable(definition, false))
                .toArray(String[]::new);
    }

    @Override
    public String[] getSqlDropStrings(Table table, Metadata metadata, SqlStringGenerationContext context) {
        return layout(table, metadata).refsForDrop(ref(table)).stream()
                .map(ref -> DdlRenderer.dropTable(ref, true, false)).toArray(String[]::new);
    }

    /**
     * The tables one mapped table becomes: itself, or on a cluster its local table {@code ON CLUSTER}
     * and, for a {@code @Distributed} entity, the Distributed table over it (in creation order).
     */
    static List<TableDefinition> tables(Table table, Metadata metadata) {
        return layout(table, metadata).tables(definition(table, metadata));
    }

    /** The mapped table's cluster layout, from its entity's {@link ClickHouseTable} and the unit's properties. */
    static ClusterLayout layout(Table table, Metadata metadata) {
        PersistentClass entity = entityOf(table, metadata);
        Class<?> type = entity == null ? null : entity.getMappedClass();
        ClickHouseTable layout = type == null ? null : type.getAnnotation(ClickHouseTable.class);
        try {
            return ClusterLayout.of(metadata, layout, entity == null ? "table " + table.getName() : "entity " + entity.getEntityName());
        } catch (IllegalArgumentException e) {
            throw new MappingException("Table " + table.getName() + " cannot be created on ClickHouse: " + e.getMessage(), e);
        }
    }

    private static PersistentClass entityOf(Table table, Metadata metadata) {
        return metadata.getEntityBindings().stream().filter(binding -> binding.getTable() == table).findFirst().orElse(null);
    }

    static TableDefinition definition(Table table, Metadata metadata) {
        PersistentClass entity = entityOf(table, metadata);
        ClusterLayout cluster = layout(table, metadata);
        Class<?> type = entity == null ? null : entity.getMappedClass();
        ClickHouseTable layout = type == null ? null : type.getAnnotation(ClickHouseTable.class);
        Map<String, Members.Member> members = entity == null ? Map.of() : membersByColumn(entity);
        String where = "Table " + table.getName() + (type == null ? "" : " (entity " + entity.getEntityName() + ")");
        try {
            Engine engine = cluster.engine(layout == null ? new Engine.MergeTree() : engine(layout.engine()));
            TableDefinition.Builder builder = TableDefinition.builder(table.getName())
                    .database(table.getSchema())
                    .engine(engine);
            for (Column column : table.getColumns()) {
                builder.column(column(table, column, metadata, members.get(column.getName())));
            }
            if (engine.isMergeTreeFamily()) {
                builder.orderBy(sortingKey(table, layout));
            }
            if (layout != null) {
                if (!layout.partitionBy().isEmpty()) {
                    builder.partitionBy(layout.partitionBy());
                }
                if (layout.primaryKey().length > 0) {
                    builder.primaryKey(layout.primaryKey());
                }
                if (!layout.sampleBy().isEmpty()) {
                    builder.sampleBy(layout.sampleBy());
                }
                if (layout.ttl().length > 0) {
                    builder.ttl(layout.ttl());
                }
                for (String setting : layout.settings()) {
                    int eq = setting.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("setting '" + setting + "' is not of the form name = value");
                    }
                    builder.settingLiteral(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
                }
            }
            if (type != null) {
                for (SkippingIndex index : type.getAnnotationsByType(SkippingIndex.class)) {
                    builder.index(index(index));
                }
            }
            if (table.getComment() != null) {
                builder.comment(table.getComment());
            }
            int unnamed = 0;
            for (CheckConstraint check : table.getChecks()) {
                String name = check.isNamed() ? check.getName() : table.getName() + "_check_" + ++unnamed;
                builder.constraint(ConstraintDefinition.check(name, check.getConstraint()));
            }
            TableDefinition definition = withoutNullableKeys(builder.build());
            definition.validateColumnTypes();
            return definition;
        } catch (IllegalArgumentException e) { // InvalidTableException and InvalidTypeException included
            throw new MappingException(where + " cannot be created on ClickHouse: " + e.getMessage(), e);
        }
    }

    /**
     * Key columns are not Nullable, as the id is not: ClickHouse refuses Nullable key columns
     * (unless {@code allow_nullable_key}, which the table's settings may set).
     */
    private static TableDefinition withoutNullableKeys(TableDefinition table) {
        if ("1".equals(table.settings().get("allow_nullable_key"))) {
            return table;
        }
        java.util.Set<String> keys = table.keyColumns();
        return table.toBuilder().columns(table.columns().stream()
                .map(c -> keys.contains(c.name()) ? c.withType(c.type().unwrapNullable()) : c).toList()).build();
    }

    private static String[] sortingKey(Table table, ClickHouseTable layout) {
        if (layout != null && layout.orderBy().length > 0) {
            return layout.orderBy();
        }
        List<String> key = table.getPrimaryKey() == null ? List.of()
                : table.getPrimaryKey().getColumns().stream().map(Column::getName).toList();
        return key.isEmpty() ? new String[]{"tuple()"} : key.toArray(String[]::new);
    }

    static Engine engine(dev.chorm.hibernate.annotations.Engine declared) {
        Engine engine = switch (declared.value()) {
            case MERGE_TREE -> new Engine.MergeTree();
            case REPLACING_MERGE_TREE -> new Engine.ReplacingMergeTree(blankToNull(declared.version()),
                    blankToNull(declared.isDeleted()));
            case SUMMING_MERGE_TREE -> new Engine.SummingMergeTree(List.of(declared.columns()));
            case AGGREGATING_MERGE_TREE -> new Engine.AggregatingMergeTree();
            case COLLAPSING_MERGE_TREE -> new Engine.CollapsingMergeTree(required(declared.sign(), "sign"));
            case VERSIONED_COLLAPSING_MERGE_TREE -> new Engine.VersionedCollapsingMergeTree(
                    required(declared.sign(), "sign"), required(declared.version(), "version"));
            case GRAPHITE_MERGE_TREE -> new Engine.GraphiteMergeTree(required(declared.config(), "config"));
            case MEMORY -> new Engine.Memory();
            case LOG -> new Engine.Log();
            case TINY_LOG -> new Engine.TinyLog();
            case STRIPE_LOG -> new Engine.StripeLog();
        };
        if (!declared.replicated()) {
            return engine;
        }
        if (engine instanceof Engine.MergeTreeFamily family) {
            return family.replicated();
        }
        throw new IllegalArgumentException("engine " + declared.value() + " has no Replicated variant");
    }

    private static IndexDefinition index(SkippingIndex index) {
        String type = index.type().strip();
        int open = type.indexOf('(');
        IndexDefinition.IndexType indexType;
        if (open < 0) {
            indexType = new IndexDefinition.IndexType(type, List.of());
        } else {
            if (!type.endsWith(")")) {
                throw new IllegalArgumentException("index " + index.name() + ": type '" + type + "' has no closing parenthesis");
            }
            String arguments = type.substring(open + 1, type.length() - 1).strip();
            indexType = new IndexDefinition.IndexType(type.substring(0, open).strip(), arguments.isEmpty() ? List.of()
                    : Arrays.stream(arguments.split(",")).map(String::strip).toList());
        }
        return new IndexDefinition(index.name(), index.expression(), indexType, index.granularity());
    }

    private static ColumnDefinition column(Table table, Column column, Metadata metadata, Members.Member member) {
        ClickHouseType type = ColumnTypes.of(table, column, metadata, member);
        ColumnDefinition definition = ColumnDefinition.of(column.getName(), type);
        if (member != null && member.element().isAnnotationPresent(Codec.class)) {
            definition = definition.withCodecs(member.element().getAnnotation(Codec.class).value());
        }
        if (column.getDefaultValue() != null) {
            definition = definition.withDefault(column.getDefaultValue());
        }
        if (member != null) {
            definition = withComputedValue(definition, member);
            Ttl ttl = member.element().getAnnotation(Ttl.class);
            if (ttl != null) {
                definition = definition.withTtl(ttl.value());
            }
        }
        if (column.getComment() != null) {
            definition = definition.withComment(column.getComment());
        }
        return definition;
    }

    /** {@link Materialized} or {@link Alias}, which exclude each other and a DEFAULT. */
    private static ColumnDefinition withComputedValue(ColumnDefinition definition, Members.Member member) {
        Materialized materialized = member.element().getAnnotation(Materialized.class);
        Alias alias = member.element().getAnnotation(Alias.class);
        if (materialized == null && alias == null) {
            return definition;
        }
        if (materialized != null && alias != null || definition.defaultKind() != null) {
            throw new IllegalArgumentException("column " + definition.name() + " can have one of @Materialized, @Alias and "
                    + "@ColumnDefault, not several");
        }
        return materialized != null ? definition.withDefault(ColumnDefinition.DefaultKind.MATERIALIZED, materialized.value())
                : definition.withDefault(ColumnDefinition.DefaultKind.ALIAS, alias.value());
    }

    /** Column name to the field or getter that maps it, for the column annotations. */
    private static Map<String, Members.Member> membersByColumn(PersistentClass entity) {
        Map<String, Members.Member> members = new HashMap<>();
        List<Property> properties = new ArrayList<>(entity.getPropertyClosure());
        if (entity.getIdentifierProperty() != null) {
            properties.add(entity.getIdentifierProperty());
        }
        if (entity.getIdentifierMapper() != null) { // the @Id attributes of an @IdClass entity
            properties.addAll(entity.getIdentifierMapper().getProperties());
        }
        for (Property property : properties) {
            Members.Member member = Members.find(entity.getMappedClass(), property.getName());
            if (member == null) {
                continue;
            }
            for (Selectable selectable : property.getSelectables()) {
                if (selectable instanceof Column column) {
                    members.put(column.getName(), member);
                }
            }
        }
        return members;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String required(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the engine needs its " + parameter + " column");
        }
        return value;
    }

    private static TableRef ref(Table table) {
        return table.getSchema() == null ? TableRef.of(table.getName()) : TableRef.of(table.getSchema(), table.getName());
    }
}
