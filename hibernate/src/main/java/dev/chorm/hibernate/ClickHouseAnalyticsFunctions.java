package dev.chorm.hibernate;

import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.dialect.function.SumReturnTypeResolver;
import org.hibernate.dialect.function.array.DdlTypeHelper;
import org.hibernate.metamodel.mapping.BasicValuedMapping;
import org.hibernate.metamodel.model.domain.ReturnableType;
import org.hibernate.query.SemanticException;
import org.hibernate.query.sqm.SqmBindableType;
import org.hibernate.query.sqm.function.AbstractSqmSelfRenderingFunctionDescriptor;
import org.hibernate.query.sqm.function.FunctionKind;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.produce.function.FunctionReturnTypeResolver;
import org.hibernate.query.sqm.produce.function.StandardArgumentsValidators;
import org.hibernate.query.sqm.produce.function.StandardFunctionReturnTypeResolvers;
import org.hibernate.query.sqm.sql.SqmToSqlAstConverter;
import org.hibernate.query.sqm.tree.SqmTypedNode;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.sql.ast.tree.SqlAstNode;
import org.hibernate.sql.ast.tree.expression.Literal;
import org.hibernate.type.BasicPluralType;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.spi.TypeConfiguration;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static org.hibernate.query.sqm.produce.function.FunctionParameterType.ANY;
import static org.hibernate.query.sqm.produce.function.FunctionParameterType.BOOLEAN;
import static org.hibernate.query.sqm.produce.function.FunctionParameterType.INTEGER;
import static org.hibernate.query.sqm.produce.function.FunctionParameterType.NUMERIC;
import static org.hibernate.query.sqm.produce.function.FunctionParameterType.STRING;
import static org.hibernate.query.sqm.produce.function.FunctionParameterType.TEMPORAL;

/**
 * ClickHouse's own analytics functions in HQL and Criteria, typed so that results come back as
 * the Java types one expects. Names are ClickHouse's; where HQL already has the name with another
 * meaning, the HQL meaning stays ({@code any} is HQL's boolean aggregate, so ClickHouse's
 * {@code any} is {@code anyValue}; {@code datediff} is HQL's, counting whole units elapsed).
 *
 * <ul>
 *   <li>Distinct counts: {@code uniq}, {@code uniqExact}, {@code uniqCombined}, {@code uniqHLL12}
 *       (Long).</li>
 *   <li>Quantiles: {@code median(x)}, {@code quantile(p, x)}, {@code quantileTDigest(p, x)} (Double);
 *       {@code quantileExact(p, x)}, {@code medianExact(x)} (the argument's type). The level comes
 *       first in HQL and is rendered as ClickHouse's parameter: {@code quantile(0.95)(x)}.</li>
 *   <li>{@code argMin(a, b)}, {@code argMax(a, b)}, {@code anyValue(x)}, {@code anyLast(x)} (the
 *       first argument's type).</li>
 *   <li>Conditional aggregates ({@code -If}): {@code countIf(c)} (Long), {@code sumIf(x, c)} (as
 *       {@code sum}), {@code avgIf(x, c)} (Double), {@code minIf}, {@code maxIf} (the argument's
 *       type), {@code uniqIf(x, c)}, {@code uniqExactIf(x, c)} (Long).</li>
 *   <li>Arrays, as typed {@code List}s: {@code groupArray(x)}, {@code groupUniqArray(x)},
 *       {@code topK(k, x)} (ClickHouse's {@code topK(k)(x)}), {@code quantiles(p1, ..., pn, x)}
 *       ({@code List<Double>}), {@code splitByChar(sep, s)} ({@code List<String>}); {@code sumMap(m)},
 *       {@code sumMap(keys, values)} (a {@code Map}).</li>
 *   <li>Dates: {@code toStartOfInterval(t, n, 'minute')} (the unit as a literal: second, minute,
 *       hour, day, week, month, quarter, year), {@code toStartOfMinute/FiveMinutes/FifteenMinutes/
 *       Hour/Day(t)} (the argument's type), {@code toYYYYMM(t)}, {@code toYYYYMMDD(t)} (Integer).</li>
 *   <li>Strings: {@code match(s, regex)} (Boolean), {@code regexpExtract(s, regex[, group])},
 *       {@code domain(url)}, {@code path(url)}, {@code extractURLParameter(url, name)} (String),
 *       {@code countSubstrings(s, needle)} (Long), {@code positionCaseInsensitiveUTF8(s, needle)}
 *       (Integer, 1-based, 0 when absent).</li>
 * </ul>
 * Every other camelCase ClickHouse function is registered under its own spelling
 * ({@link ClickHouseFunctionNames}), and {@code unnest} is ARRAY JOIN ({@link ClickHouseArrayJoin}).
 * Aggregates over no rows are NULL, as under chorm's SQL semantics for every aggregate but
 * {@code count}/{@code countIf}.
 */
final class ClickHouseAnalyticsFunctions {

    private ClickHouseAnalyticsFunctions() {
    }

    static void register(FunctionContributions contributions) {
        TypeConfiguration types = contributions.getTypeConfiguration();
        SqmFunctionRegistry registry = contributions.getFunctionRegistry();
        ClickHouseQueryClauses.register(registry, types);
        ClickHouseArrayJoin.register(registry);

        BasicType<Long> longType = types.getBasicTypeRegistry().resolve(StandardBasicTypes.LONG);
        BasicType<Double> doubleType = types.getBasicTypeRegistry().resolve(StandardBasicTypes.DOUBLE);
        BasicType<Integer> integer = types.getBasicTypeRegistry().resolve(StandardBasicTypes.INTEGER);
        BasicType<String> string = types.getBasicTypeRegistry().resolve(StandardBasicTypes.STRING);
        BasicType<Boolean> bool = types.getBasicTypeRegistry().resolve(StandardBasicTypes.BOOLEAN);

        // distinct counts
        for (String name : new String[]{"uniq", "uniqExact", "uniqCombined", "uniqHLL12"}) {
            registry.namedAggregateDescriptorBuilder(name).setMinArgumentCount(1).setInvariantType(longType).register();
        }
        // quantiles: level first in HQL, a ClickHouse parameter in SQL
        for (String name : new String[]{"quantile", "quantileTDigest"}) {
            registry.patternAggregateDescriptorBuilder(name, name + "(?1)(?2)").setExactArgumentCount(2)
                    .setParameterTypes(NUMERIC, NUMERIC).setInvariantType(doubleType)
                    .setArgumentListSignature("(NUMERIC level, NUMERIC value)").register();
        }
        registry.patternAggregateDescriptorBuilder("quantileExact", "quantileExact(?1)(?2)").setExactArgumentCount(2)
                .setParameterTypes(NUMERIC, NUMERIC).setReturnTypeResolver(StandardFunctionReturnTypeResolvers.useArgType(2))
                .setArgumentListSignature("(NUMERIC level, NUMERIC value)").register();
        registry.namedAggregateDescriptorBuilder("median").setExactArgumentCount(1).setParameterTypes(NUMERIC)
                .setInvariantType(doubleType).register();
        registry.namedAggregateDescriptorBuilder("medianExact").setExactArgumentCount(1).setParameterTypes(NUMERIC)
                .setReturnTypeResolver(StandardFunctionReturnTypeResolvers.useArgType(1)).register();
        // values of some row
        for (String name : new String[]{"argMin", "argMax"}) {
            registry.namedAggregateDescriptorBuilder(name).setExactArgumentCount(2)
                    .setReturnTypeResolver(StandardFunctionReturnTypeResolvers.useArgType(1)).register();
        }
        registry.namedAggregateDescriptorBuilder("anyValue", "any").setExactArgumentCount(1)
                .setReturnTypeResolver(StandardFunctionReturnTypeResolvers.useArgType(1)).register();
        registry.namedAggregateDescriptorBuilder("anyLast").setExactArgumentCount(1)
                .setReturnTypeResolver(StandardFunctionReturnTypeResolvers.useArgType(1)).register();
        // -If combinators
        registry.namedAggregateDescriptorBuilder("countIf").setExactArgumentCount(1).setParameterTypes(BOOLEAN)
                .setInvariantType(longType).register();
        registry.namedAggregateDescriptorBuilder("sumIf").setExactArgumentCount(2).setParameterTypes(NUMERIC, BOOLEAN)
                .setReturnTypeResolver(new SumReturnTypeResolver(types)).register();
        registry.namedAggregateDescriptorBuilder("avgIf").setExactArgumentCount(2).setParameterTypes(NUMERIC, BOOLEAN)
                .setInvariantType(doubleType).register();
        for (String name : new String[]{"minIf", "maxIf"}) {
            registry.namedAggregateDescriptorBuilder(name).setExactArgumentCount(2)
                    .setReturnTypeResolver(StandardFunctionReturnTypeResolvers.useArgType(1)).register();
        }
        for (String name : new String[]{"uniqIf", "uniqExactIf"}) {
            registry.namedAggregateDescriptorBuilder(name).setExactArgumentCount(2).setInvariantType(longType).register();
        }

        // arrays: Lists of the element's Java type
        for (String name : new String[]{"groupArray", "groupUniqArray"}) {
            registry.namedAggregateDescriptorBuilder(name).setExactArgumentCount(1)
                    .setReturnTypeResolver(new ListOf(0, null)).register();
        }
        registry.patternAggregateDescriptorBuilder("topK", "topK(?1)(?2)").setExactArgumentCount(2)
                .setParameterTypes(INTEGER, ANY).setReturnTypeResolver(new ListOf(1, null))
                .setArgumentListSignature("(INTEGER k, value)").register();
        registry.register("quantiles", new Quantiles(new ListOf(-1, doubleType)));
        registry.register("sumMap", new SumMap(types.getBasicTypeForJavaType(Object.class)));
        registry.patternDescriptorBuilder("splitByChar", "splitByChar(?1,?2)").setExactArgumentCount(2)
                .setParameterTypes(STRING, STRING).setReturnTypeResolver(new ListOf(-1, string))
                .setArgumentListSignature("(STRING separator, STRING text)").register();

        // dates
        registry.register("toStartOfInterval", new ToStartOfInterval());
        for (String name : new String[]{"toStartOfMinute", "toStartOfFiveMinutes", "toStartOfFifteenMinutes",
                "toStartOfHour", "toStartOfDay"}) {
            registry.namedDescriptorBuilder(name).setExactArgumentCount(1).setParameterTypes(TEMPORAL)
                    .setReturnTypeResolver(StandardFunctionReturnTypeResolvers.useArgType(1)).register();
        }
        for (String name : new String[]{"toYYYYMM", "toYYYYMMDD"}) {
            registry.patternDescriptorBuilder(name, "toInt32(" + name + "(?1))").setExactArgumentCount(1)
                    .setParameterTypes(TEMPORAL).setInvariantType(integer).register();
        }

        // strings
        registry.namedDescriptorBuilder("match").setExactArgumentCount(2).setParameterTypes(STRING, STRING)
                .setInvariantType(bool).register();
        registry.namedDescriptorBuilder("regexpExtract").setArgumentCountBetween(2, 3)
                .setParameterTypes(STRING, STRING, INTEGER).setInvariantType(string).register();
        for (String name : new String[]{"domain", "path"}) {
            registry.namedDescriptorBuilder(name).setExactArgumentCount(1).setParameterTypes(STRING)
                    .setInvariantType(string).register();
        }
        registry.namedDescriptorBuilder("extractURLParameter").setExactArgumentCount(2).setParameterTypes(STRING, STRING)
                .setInvariantType(string).register();
        registry.patternDescriptorBuilder("countSubstrings", "toInt64(countSubstrings(?1,?2))").setExactArgumentCount(2)
                .setParameterTypes(STRING, STRING).setInvariantType(longType).register();
        registry.patternDescriptorBuilder("positionCaseInsensitiveUTF8", "toInt32(positionCaseInsensitiveUTF8(?1,?2))")
                .setExactArgumentCount(2).setParameterTypes(STRING, STRING).setInvariantType(integer).register();

        // every other camelCase ClickHouse name, spelled as ClickHouse wants it (last: typed ones above win)
        ClickHouseFunctionNames.register(registry, types);
    }

    /**
     * {@code List<E>}: E is the type of argument {@code element}, or {@code fixed} when given, as
     * chorm maps {@code List<E>} attributes ({@code Array(E)}).
     */
    record ListOf(int element, BasicType<?> fixed) implements FunctionReturnTypeResolver {
        @Override
        public ReturnableType<?> resolveFunctionReturnType(ReturnableType<?> implied, SqmToSqlAstConverter converter,
                                                           List<? extends SqmTypedNode<?>> arguments, TypeConfiguration types) {
            if (fixed != null) {
                return (ReturnableType<?>) DdlTypeHelper.resolveListType(fixed, types);
            }
            SqmBindableType<?> expressible = arguments.get(element).getExpressible();
            if (expressible != null && expressible.getSqmType() instanceof ReturnableType<?> elementType
                    && !(elementType instanceof BasicPluralType<?, ?>)) {
                return (ReturnableType<?>) DdlTypeHelper.resolveListType(expressible.getSqmType(), types);
            }
            return implied;
        }

        @Override
        public BasicValuedMapping resolveFunctionReturnType(Supplier<BasicValuedMapping> implied,
                                                            List<? extends SqlAstNode> arguments) {
            return null;
        }
    }

    /**
     * {@code quantiles(p1, ..., pn, x)}: ClickHouse's {@code quantiles(p1, ..., pn)(x)}, the levels
     * as numbers written in the query; a {@code List<Double>} in the order of the levels.
     */
    static final class Quantiles extends AbstractSqmSelfRenderingFunctionDescriptor {

        Quantiles(FunctionReturnTypeResolver type) {
            super("quantiles", FunctionKind.AGGREGATE, StandardArgumentsValidators.min(2), type, null);
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, ReturnableType<?> returnType,
                           SqlAstTranslator<?> walker) {
            sql.appendSql("quantiles(");
            for (int i = 0; i < arguments.size() - 1; i++) {
                if (!(arguments.get(i) instanceof Literal literal && literal.getLiteralValue() instanceof Number)) {
                    throw new SemanticException("quantiles(p1, ..., pn, x): the levels must be numbers written in the "
                            + "query, e.g. quantiles(0.5, 0.9, 0.99, e.loadMs)");
                }
                sql.appendSql(i == 0 ? "" : ",");
                arguments.get(i).accept(walker);
            }
            sql.appendSql(")(");
            arguments.get(arguments.size() - 1).accept(walker);
            sql.appendSql(")");
        }

        @Override
        public String getArgumentListSignature() {
            return "(NUMERIC level, ..., NUMERIC value)";
        }
    }

    /**
     * {@code sumMap(m)} over a Map attribute, or {@code sumMap(keys, values)} over two arrays: the
     * values summed per key, as a {@code Map} (ClickHouse's two-array form returns a tuple of arrays,
     * so the pairs are made a map first: {@code sumMap(mapFromArrays(keys, values))}).
     */
    static final class SumMap extends AbstractSqmSelfRenderingFunctionDescriptor {

        SumMap(BasicType<Object> type) {
            super("sumMap", FunctionKind.AGGREGATE, StandardArgumentsValidators.between(1, 2),
                    StandardFunctionReturnTypeResolvers.invariant(type), null);
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, ReturnableType<?> returnType,
                           SqlAstTranslator<?> walker) {
            sql.appendSql(arguments.size() == 1 ? "sumMap(" : "sumMap(mapFromArrays(");
            arguments.get(0).accept(walker);
            if (arguments.size() == 2) {
                sql.appendSql(",");
                arguments.get(1).accept(walker);
                sql.appendSql(")");
            }
            sql.appendSql(")");
        }

        @Override
        public String getArgumentListSignature() {
            return "(map | keys, values)";
        }
    }

    /**
     * {@code toStartOfInterval(t, n, 'unit')}: {@code toStartOfInterval(t, toInterval<Unit>(n))}. The
     * unit is a literal, checked when the query is compiled.
     */
    static final class ToStartOfInterval extends AbstractSqmSelfRenderingFunctionDescriptor {

        private static final List<String> UNITS = List.of("second", "minute", "hour", "day", "week", "month",
                "quarter", "year");

        ToStartOfInterval() {
            super("toStartOfInterval", StandardArgumentsValidators.exactly(3),
                    StandardFunctionReturnTypeResolvers.useArgType(1), null);
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, ReturnableType<?> returnType,
                           SqlAstTranslator<?> walker) {
            String unit = arguments.get(2) instanceof Literal literal && literal.getLiteralValue() instanceof String text
                    ? text.toLowerCase(Locale.ROOT) : null;
            if (unit == null || !UNITS.contains(unit)) {
                throw new SemanticException("toStartOfInterval(t, n, unit): the unit must be one of " + UNITS
                        + " written as a string literal, e.g. toStartOfInterval(e.at, 15, 'minute')");
            }
            // from a week on, ClickHouse returns a Date: cast back to the argument's type, which the
            // result is typed as (the start of the period, at midnight in the column's zone)
            boolean dateGranular = List.of("week", "month", "quarter", "year").contains(unit);
            if (dateGranular) {
                sql.appendSql("CAST(");
            }
            sql.appendSql("toStartOfInterval(");
            arguments.get(0).accept(walker);
            sql.appendSql(",toInterval");
            sql.appendSql(Character.toUpperCase(unit.charAt(0)) + unit.substring(1));
            sql.appendSql("(");
            arguments.get(1).accept(walker);
            sql.appendSql("))");
            if (dateGranular) {
                sql.appendSql(",toTypeName(");
                arguments.get(0).accept(walker);
                sql.appendSql("))");
            }
        }

        @Override
        public String getArgumentListSignature() {
            return "(TEMPORAL datetime, INTEGER count, STRING unit)";
        }
    }
}
