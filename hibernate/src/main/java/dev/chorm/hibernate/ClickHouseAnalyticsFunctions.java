package dev.chorm.hibernate;

import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.dialect.function.SumReturnTypeResolver;
import org.hibernate.metamodel.model.domain.ReturnableType;
import org.hibernate.query.SemanticException;
import org.hibernate.query.sqm.function.AbstractSqmSelfRenderingFunctionDescriptor;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.produce.function.StandardArgumentsValidators;
import org.hibernate.query.sqm.produce.function.StandardFunctionReturnTypeResolvers;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.sql.ast.tree.SqlAstNode;
import org.hibernate.sql.ast.tree.expression.Literal;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.spi.TypeConfiguration;

import java.util.List;
import java.util.Locale;

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
 *   <li>Dates: {@code toStartOfInterval(t, n, 'minute')} (the unit as a literal: second, minute,
 *       hour, day, week, month, quarter, year), {@code toStartOfMinute/FiveMinutes/FifteenMinutes/
 *       Hour/Day(t)} (the argument's type), {@code toYYYYMM(t)}, {@code toYYYYMMDD(t)} (Integer).</li>
 *   <li>Strings: {@code match(s, regex)} (Boolean), {@code regexpExtract(s, regex[, group])},
 *       {@code domain(url)}, {@code path(url)}, {@code extractURLParameter(url, name)} (String),
 *       {@code countSubstrings(s, needle)} (Long), {@code positionCaseInsensitiveUTF8(s, needle)}
 *       (Integer, 1-based, 0 when absent).</li>
 * </ul>
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
            sql.appendSql("toStartOfInterval(");
            arguments.get(0).accept(walker);
            sql.appendSql(",toInterval");
            sql.appendSql(Character.toUpperCase(unit.charAt(0)) + unit.substring(1));
            sql.appendSql("(");
            arguments.get(1).accept(walker);
            sql.appendSql("))");
        }

        @Override
        public String getArgumentListSignature() {
            return "(TEMPORAL datetime, INTEGER count, STRING unit)";
        }
    }
}
