package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.EngineKind;
import dev.chorm.hibernate.query.Settings;
import org.hibernate.metamodel.mapping.EntityValuedModelPart;
import org.hibernate.metamodel.model.domain.ReturnableType;
import org.hibernate.query.SemanticException;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.sqm.ComparisonOperator;
import org.hibernate.query.sqm.function.AbstractSqmSelfRenderingFunctionDescriptor;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.produce.function.StandardArgumentsValidators;
import org.hibernate.query.sqm.produce.function.StandardFunctionReturnTypeResolvers;
import org.hibernate.query.sqm.sql.internal.SqmPathInterpretation;
import org.hibernate.spi.NavigablePath;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.sql.ast.tree.SqlAstNode;
import org.hibernate.sql.ast.tree.expression.Expression;
import org.hibernate.sql.ast.tree.expression.FunctionExpression;
import org.hibernate.sql.ast.tree.expression.Literal;
import org.hibernate.sql.ast.tree.from.TableGroup;
import org.hibernate.sql.ast.tree.from.TableReference;
import org.hibernate.sql.ast.tree.predicate.BooleanExpressionPredicate;
import org.hibernate.sql.ast.tree.predicate.ComparisonPredicate;
import org.hibernate.sql.ast.tree.predicate.Junction;
import org.hibernate.sql.ast.tree.predicate.Predicate;
import org.hibernate.sql.ast.tree.predicate.SelfRenderingPredicate;
import org.hibernate.sql.ast.tree.select.QuerySpec;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.spi.TypeConfiguration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ClickHouse's SELECT clauses written in HQL or Criteria as conditions of the WHERE clause, which
 * the translator moves to their place (so that the query text, and Hibernate's plan cache keyed on
 * it, says everything):
 *
 * <ul>
 *   <li>{@code final(e)}: {@code FROM table e FINAL}, for an entity whose engine collapses rows;</li>
 *   <li>{@code sample(e, k)}, {@code sample(e, k, m)}: {@code SAMPLE k [OFFSET m]}, for an entity
 *       whose table has a SAMPLE BY key;</li>
 *   <li>{@code prewhere(condition)}: {@code PREWHERE condition};</li>
 *   <li>{@code limitBy(n, x, ...)}, {@code limitOffsetBy(n, m, x, ...)}:
 *       {@code LIMIT n [OFFSET m] BY x, ...} after ORDER BY.</li>
 * </ul>
 * Each is a condition of its own, joined to the rest of the WHERE clause with {@code and}; in its
 * place the WHERE clause reads {@code 1}. Anywhere else (a select item, under {@code or} or
 * {@code not}, an UPDATE/DELETE) it is refused when the query is translated.
 *
 * <p>{@code group by withTotals(x, ...)} is ClickHouse's {@code GROUP BY x, ... WITH TOTALS} in a form
 * the driver can read ({@link WithTotals}).
 *
 * <p>A query's settings hints ({@link dev.chorm.hibernate.query.ClickHouseHints}) become the
 * statement's SETTINGS clause when it is executed ({@link #withSettingsHints}).
 */
final class ClickHouseQueryClauses {

    static final String FINAL = "final";
    static final String SAMPLE = "sample";
    static final String PREWHERE = "prewhere";
    static final String LIMIT_BY = "limitBy";
    static final String LIMIT_OFFSET_BY = "limitOffsetBy";
    static final String WITH_TOTALS = "withTotals";

    /** Engines whose parts FINAL merges: the ones that collapse, replace or aggregate rows. */
    private static final Set<EngineKind> COLLAPSING = EnumSet.of(EngineKind.REPLACING_MERGE_TREE,
            EngineKind.SUMMING_MERGE_TREE, EngineKind.AGGREGATING_MERGE_TREE, EngineKind.COLLAPSING_MERGE_TREE,
            EngineKind.VERSIONED_COLLAPSING_MERGE_TREE, EngineKind.GRAPHITE_MERGE_TREE);

    /** Engines that read by parts and granules: PREWHERE and SAMPLE need one of them. */
    private static final Set<EngineKind> MERGE_TREE_FAMILY = EnumSet.complementOf(EnumSet.of(EngineKind.MEMORY,
            EngineKind.LOG, EngineKind.TINY_LOG, EngineKind.STRIPE_LOG));

    private ClickHouseQueryClauses() {
    }

    static void register(SqmFunctionRegistry registry, TypeConfiguration types) {
        BasicType<Boolean> bool = types.getBasicTypeRegistry().resolve(StandardBasicTypes.BOOLEAN);
        registry.register(FINAL, new Marker(FINAL, 1, 1, bool, "final(e)"));
        registry.register(SAMPLE, new Marker(SAMPLE, 2, 3, bool, "sample(e, 0.1) or sample(e, 0.1, 0.5)"));
        registry.register(PREWHERE, new Marker(PREWHERE, 1, 1, bool, "prewhere(e.x = 1)"));
        registry.register(LIMIT_BY, new Marker(LIMIT_BY, 2, Integer.MAX_VALUE, bool, "limitBy(2, e.page)"));
        registry.register(LIMIT_OFFSET_BY, new Marker(LIMIT_OFFSET_BY, 3, Integer.MAX_VALUE, bool,
                "limitOffsetBy(2, 1, e.page)"));
        registry.register(WITH_TOTALS, new WithTotals(bool));
    }

    /** {@code sql} with the settings of the query's chorm settings hints, which win over those in the statement. */
    static String withSettingsHints(String sql, QueryOptions options) {
        List<String> hints = options == null ? null : options.getDatabaseHints();
        return hints == null || hints.isEmpty() ? sql : Settings.fromHints(hints).applyTo(sql, true);
    }

    /** The clauses a query specification asks for with markers. */
    static final class Clauses {
        /** The FROM modifiers (FINAL, SAMPLE) of table references. */
        final Map<TableReference, String> tableModifiers = new IdentityHashMap<>();
        final List<SqlAstNode> prewhere = new ArrayList<>();
        /** {@code limitBy(...)} arguments: n, [m], expressions. */
        List<? extends SqlAstNode> limitBy;
        boolean limitByHasOffset;
        /** The argument lists of the markers found, which render as {@code 1}. */
        final Set<List<? extends SqlAstNode>> markers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        boolean isEmpty() {
            return markers.isEmpty();
        }
    }

    /** The markers among the top-level conditions of {@code spec}'s WHERE clause. */
    static Clauses scan(QuerySpec spec) {
        Clauses clauses = new Clauses();
        List<Predicate> conditions = new ArrayList<>();
        conjuncts(spec.getWhereClauseRestrictions(), conditions);
        for (Predicate condition : conditions) {
            FunctionExpression marker = marker(condition);
            if (marker == null) {
                continue;
            }
            clauses.markers.add(marker.getArguments());
            List<? extends SqlAstNode> arguments = marker.getArguments();
            String name = canonicalName(marker.getFunctionName());
            switch (name) {
                case FINAL -> {
                    TableGroup group = tableGroup(spec, arguments.get(0), FINAL);
                    Class<?> entity = entityClass(group);
                    ClickHouseTable table = entity == null ? null : entity.getAnnotation(ClickHouseTable.class);
                    EngineKind engine = table == null ? EngineKind.MERGE_TREE : table.engine().value();
                    if (!COLLAPSING.contains(engine)) {
                        throw new SemanticException("final(" + alias(group) + "): entity " + entityName(group)
                                + " is stored in a " + engine + " table, which does not collapse rows, so FINAL "
                                + "would change nothing (ClickHouse refuses it). FINAL applies to the Replacing, "
                                + "Summing, Aggregating, Collapsing, VersionedCollapsing and Graphite MergeTree "
                                + "engines declared with @ClickHouseTable(engine = @Engine(...))");
                    }
                    append(clauses, group, FINAL, " final");
                }
                case SAMPLE -> {
                    TableGroup group = tableGroup(spec, arguments.get(0), SAMPLE);
                    Class<?> entity = entityClass(group);
                    ClickHouseTable table = entity == null ? null : entity.getAnnotation(ClickHouseTable.class);
                    if (table == null || table.sampleBy().isBlank()) {
                        throw new SemanticException("sample(" + alias(group) + ", ...): entity " + entityName(group)
                                + " has no sampling key; declare one with @ClickHouseTable(sampleBy = \"...\"), "
                                + "an expression of the primary key such as intHash32(id)");
                    }
                    BigDecimal ratio = number(arguments.get(1), "sample", "the sample size k");
                    if (ratio.signum() <= 0) {
                        throw new SemanticException("sample(" + alias(group) + ", " + ratio.toPlainString()
                                + "): the sample size must be a ratio in (0, 1] or a number of rows above 1");
                    }
                    String modifier = " sample " + ratio.toPlainString();
                    if (arguments.size() == 3) {
                        BigDecimal offset = number(arguments.get(2), "sample", "the offset m");
                        if (offset.signum() < 0 || offset.compareTo(BigDecimal.ONE) >= 0) {
                            throw new SemanticException("sample(" + alias(group) + ", " + ratio.toPlainString() + ", "
                                    + offset.toPlainString() + "): the offset must be a ratio in [0, 1)");
                        }
                        modifier += " offset " + offset.toPlainString();
                    }
                    append(clauses, group, SAMPLE, modifier);
                }
                case PREWHERE -> {
                    for (TableGroup root : spec.getFromClause().getRoots()) {
                        Class<?> entity = entityClass(root);
                        ClickHouseTable table = entity == null ? null : entity.getAnnotation(ClickHouseTable.class);
                        if (table != null && !MERGE_TREE_FAMILY.contains(table.engine().value())) {
                            throw new SemanticException("prewhere(...): entity " + entityName(root) + " is stored in a "
                                    + table.engine().value() + " table; PREWHERE needs a MergeTree-family table. "
                                    + "Write the condition in the WHERE clause");
                        }
                    }
                    clauses.prewhere.add(arguments.get(0));
                }
                case LIMIT_BY, LIMIT_OFFSET_BY -> {
                    if (clauses.limitBy != null) {
                        throw new SemanticException("A query has one LIMIT BY clause: write one limitBy(n, x, ...) "
                                + "with every expression");
                    }
                    boolean offset = name.equals(LIMIT_OFFSET_BY);
                    int expressions = offset ? 2 : 1;
                    for (int i = 0; i < expressions; i++) {
                        BigDecimal value = number(arguments.get(i), name, i == 0 ? "n" : "the offset m");
                        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0) {
                            throw new SemanticException(name + "(...): " + value.toPlainString()
                                    + " is not a whole number of rows");
                        }
                    }
                    clauses.limitBy = arguments;
                    clauses.limitByHasOffset = offset;
                }
                default -> throw new IllegalStateException(name);
            }
        }
        return clauses;
    }

    /**
     * FINAL for every entity of an entity load ({@code find}, lazy loads...) whose engine collapses
     * rows: a load returns the entity as it is now (the latest version), never a duplicate.
     */
    static Map<TableReference, String> finalForLoad(QuerySpec spec) {
        Map<TableReference, String> modifiers = new IdentityHashMap<>();
        for (TableGroup root : spec.getFromClause().getRoots()) {
            finalForLoad(root, modifiers);
        }
        return modifiers;
    }

    private static void finalForLoad(TableGroup group, Map<TableReference, String> modifiers) {
        if (!group.isInitialized()) {
            return; // not rendered (and asking for its table would make it so)
        }
        Class<?> entity = entityClass(group);
        ClickHouseTable table = entity == null ? null : entity.getAnnotation(ClickHouseTable.class);
        if (table != null && ClickHouseTableExporter.engine(table.engine()).supportsFinal()
                && group.getPrimaryTableReference() instanceof org.hibernate.sql.ast.tree.from.NamedTableReference) {
            modifiers.put(group.getPrimaryTableReference(), " final");
        }
        for (var join : group.getTableGroupJoins()) {
            finalForLoad(join.getJoinedGroup(), modifiers);
        }
        for (var join : group.getNestedTableGroupJoins()) {
            finalForLoad(join.getJoinedGroup(), modifiers);
        }
    }

    private static void append(Clauses clauses, TableGroup group, String keyword, String modifier) {
        TableReference table = group.getPrimaryTableReference();
        String existing = clauses.tableModifiers.getOrDefault(table, "");
        if (existing.contains(" " + keyword)) {
            throw new SemanticException(keyword + "(" + alias(group) + ") is written twice in one query");
        }
        // ClickHouse wants FINAL before SAMPLE
        clauses.tableModifiers.put(table, keyword.equals(FINAL) ? modifier + existing : existing + modifier);
    }

    private static void conjuncts(Predicate predicate, List<Predicate> into) {
        if (predicate instanceof Junction junction && junction.getNature() == Junction.Nature.CONJUNCTION) {
            junction.getPredicates().forEach(p -> conjuncts(p, into));
        } else if (predicate != null) {
            into.add(predicate);
        }
    }

    /** The marker that {@code condition} is ({@code marker(...)} or {@code marker(...) = true}), or null. */
    private static FunctionExpression marker(Predicate condition) {
        Expression expression = null;
        if (condition instanceof SelfRenderingPredicate self) {
            expression = self.getSelfRenderingExpression();
        } else if (condition instanceof BooleanExpressionPredicate bool && !bool.isNegated()) {
            expression = bool.getExpression();
        } else if (condition instanceof ComparisonPredicate comparison && comparison.getOperator() == ComparisonOperator.EQUAL
                && comparison.getRightHandExpression() instanceof Literal literal && Boolean.TRUE.equals(literal.getLiteralValue())) {
            expression = comparison.getLeftHandExpression();
        }
        return expression instanceof FunctionExpression function && canonicalName(function.getFunctionName()) != null
                ? function : null;
    }

    /** The marker named {@code name} (HQL function names ignore case), or null. */
    private static String canonicalName(String name) {
        for (String marker : List.of(FINAL, SAMPLE, PREWHERE, LIMIT_BY, LIMIT_OFFSET_BY)) {
            if (marker.equalsIgnoreCase(name)) {
                return marker;
            }
        }
        return null;
    }

    /** The FROM element an entity argument ({@code e} in {@code final(e)}) names. */
    private static TableGroup tableGroup(QuerySpec spec, SqlAstNode argument, String marker) {
        if (!(argument instanceof SqmPathInterpretation<?> path)
                || !(path.getExpressionType() instanceof EntityValuedModelPart)) {
            throw new SemanticException(marker + "(...): the first argument must be an entity alias of this query's "
                    + "FROM clause, as in " + marker + "(e)");
        }
        NavigablePath navigablePath = path.getNavigablePath();
        TableGroup group = spec.getFromClause().queryTableGroups(
                candidate -> candidate.getNavigablePath().equals(navigablePath) ? candidate : null);
        if (group == null) {
            throw new SemanticException(marker + "(" + navigablePath.getLocalName() + "): not an entity of this "
                    + "query's FROM clause (" + marker + " applies to the query whose WHERE clause it is in)");
        }
        return group;
    }

    private static Class<?> entityClass(TableGroup group) {
        return group.getModelPart() instanceof EntityValuedModelPart entity
                ? entity.getEntityMappingType().getMappedJavaType().getJavaTypeClass() : null;
    }

    private static String entityName(TableGroup group) {
        return group.getModelPart() instanceof EntityValuedModelPart entity
                ? entity.getEntityMappingType().getEntityPersister().getJpaEntityName()
                : String.valueOf(group.getModelPart());
    }

    private static String alias(TableGroup group) {
        return group.getSourceAlias() != null ? group.getSourceAlias() : group.getNavigablePath().getLocalName();
    }

    private static BigDecimal number(SqlAstNode argument, String marker, String what) {
        if (argument instanceof Literal literal && literal.getLiteralValue() instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        throw new SemanticException(marker + "(...): " + what + " must be a number written in the query, "
                + "not a parameter or an expression");
    }

    /**
     * A marker: renders as {@code 1} where the translator found it (a top-level WHERE condition),
     * and is refused anywhere else.
     */
    static final class Marker extends AbstractSqmSelfRenderingFunctionDescriptor {

        private final String example;

        Marker(String name, int minArguments, int maxArguments, BasicType<Boolean> type, String example) {
            super(name, maxArguments == Integer.MAX_VALUE ? StandardArgumentsValidators.min(minArguments)
                            : StandardArgumentsValidators.between(minArguments, maxArguments),
                    StandardFunctionReturnTypeResolvers.invariant(type), null);
            this.example = example;
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, ReturnableType<?> returnType,
                           SqlAstTranslator<?> walker) {
            if (walker instanceof ClickHouseSqlAstTranslator<?> translator && translator.isClauseMarker(arguments)) {
                sql.appendSql("1");
                return;
            }
            throw new SemanticException(getName() + "(...) is a ClickHouse query clause, written as a condition of its "
                    + "own in the WHERE clause of a query, joined to the others with 'and': where " + example
                    + " and ...; it cannot appear elsewhere (select list, 'or', 'not', UPDATE/DELETE)");
        }

        @Override
        public String getArgumentListSignature() {
            return example.substring(example.indexOf('('), example.indexOf(')') + 1);
        }
    }

    /**
     * {@code withTotals(x, ...)} in GROUP BY renders {@code GROUPING SETS ((x, ...), ())}: the groups,
     * plus one row aggregated over every row, whose keys are NULL ({@code group_by_use_nulls}, one of
     * chorm's SQL-semantics settings). It takes the place of {@code WITH TOTALS}, whose totals row
     * the RowBinary format the driver reads does not carry. Unlike that row, this one is a row of the
     * result: HAVING, ORDER BY and LIMIT apply to it as to the others.
     */
    static final class WithTotals extends AbstractSqmSelfRenderingFunctionDescriptor {

        WithTotals(BasicType<Boolean> type) {
            super(WITH_TOTALS, StandardArgumentsValidators.min(1), StandardFunctionReturnTypeResolvers.invariant(type),
                    null);
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, ReturnableType<?> returnType,
                           SqlAstTranslator<?> walker) {
            if (walker.getCurrentClauseStack().getCurrent() != org.hibernate.sql.ast.Clause.GROUP) {
                throw new SemanticException("withTotals(...) groups with a totals row and belongs in the GROUP BY "
                        + "clause, as the only grouping item: group by withTotals(e.country, e.page)");
            }
            sql.appendSql("grouping sets ((");
            for (int i = 0; i < arguments.size(); i++) {
                if (i > 0) {
                    sql.appendSql(',');
                }
                arguments.get(i).accept(walker);
            }
            sql.appendSql("),())");
        }

        @Override
        public String getArgumentListSignature() {
            return "(key[, key...])";
        }
    }
}
