package dev.chorm.hibernate;

import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.function.CommonFunctionFactory;
import org.hibernate.dialect.function.ExtractFunction;
import org.hibernate.dialect.function.FormatFunction;
import org.hibernate.dialect.function.TruncFunction;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.JdbcMappingContainer;
import org.hibernate.metamodel.model.domain.ReturnableType;
import org.hibernate.query.SemanticException;
import org.hibernate.query.common.TemporalUnit;
import org.hibernate.query.spi.QueryEngine;
import org.hibernate.query.sqm.function.AbstractSqmSelfRenderingFunctionDescriptor;
import org.hibernate.query.sqm.function.FunctionKind;
import org.hibernate.query.sqm.function.NamedSqmFunctionDescriptor;
import org.hibernate.query.sqm.function.SelfRenderingSqmFunction;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.produce.function.FunctionParameterType;
import org.hibernate.query.sqm.produce.function.StandardArgumentsValidators;
import org.hibernate.query.sqm.produce.function.StandardFunctionReturnTypeResolvers;
import org.hibernate.query.sqm.tree.SqmTypedNode;
import org.hibernate.query.sqm.tree.expression.SqmExtractUnit;
import org.hibernate.sql.ast.SqlAstNodeRenderingMode;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.sql.ast.tree.SqlAstNode;
import org.hibernate.sql.ast.tree.expression.Expression;
import org.hibernate.sql.ast.tree.expression.ExtractUnit;
import org.hibernate.sql.ast.tree.expression.SelfRenderingExpression;
import org.hibernate.sql.ast.tree.predicate.Predicate;
import org.hibernate.type.BasicType;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.spi.TypeConfiguration;

import java.util.ArrayList;
import java.util.List;

import static org.hibernate.query.sqm.produce.function.FunctionParameterType.INTEGER;
import static org.hibernate.query.sqm.produce.function.FunctionParameterType.NUMERIC;
import static org.hibernate.query.sqm.produce.function.FunctionParameterType.STRING;
import static org.hibernate.query.sqm.produce.function.StandardFunctionArgumentTypeResolvers.ARGUMENT_OR_IMPLIED_RESULT_TYPE;
import static org.hibernate.query.sqm.produce.function.StandardFunctionArgumentTypeResolvers.IMPLIED_RESULT_TYPE;

/**
 * HQL's standard functions as ClickHouse spells them, where Hibernate's defaults are rejected by
 * ClickHouse or mean something else there.
 *
 * <ul>
 *   <li>Strings are UTF-8 and HQL counts characters: ClickHouse's {@code substring}, {@code upper},
 *       {@code lower}, {@code left}, {@code right}, {@code lpad}, {@code rpad}, {@code reverse} and
 *       {@code position} count bytes, so the {@code ...UTF8} variants are used.</li>
 *   <li>Names ClickHouse lacks: {@code cot}, {@code chr}, {@code bit_length}, {@code bitand}/{@code bitor}/
 *       {@code bitxor}/{@code bitnot}.</li>
 *   <li>{@code trunc}/{@code truncate} for numbers and datetimes, {@code format} with Java-style patterns
 *       ({@code formatDateTimeInJodaSyntax}), {@code extract(nanosecond ...)} computed exactly.</li>
 *   <li>{@code ltrim}/{@code rtrim} with a set of characters, and {@code trim} of a given character,
 *       match characters, not bytes.</li>
 *   <li>Window functions: ranking functions typed as numbers; {@code lag}, {@code lead} and
 *       {@code nth_value} yield NULL outside the window, {@code first_value}/{@code last_value}
 *       respect NULLs, as in SQL. {@code listagg} is {@code string_agg}.</li>
 *   <li>{@code collate} is refused with an explanation: ClickHouse has collations only in ORDER BY.</li>
 * </ul>
 * Date arithmetic, {@code extract} fields and the current date/time functions are patterns of
 * {@link ClickHouseDialect} itself.
 */
final class ClickHouseFunctions {

    private ClickHouseFunctions() {
    }

    static void register(FunctionContributions contributions, Dialect dialect) {
        TypeConfiguration types = contributions.getTypeConfiguration();
        SqmFunctionRegistry registry = contributions.getFunctionRegistry();
        BasicType<String> string = types.getBasicTypeRegistry().resolve(StandardBasicTypes.STRING);
        BasicType<Integer> integer = types.getBasicTypeRegistry().resolve(StandardBasicTypes.INTEGER);
        BasicType<Double> doubleType = types.getBasicTypeRegistry().resolve(StandardBasicTypes.DOUBLE);
        BasicType<Character> character = types.getBasicTypeRegistry().resolve(StandardBasicTypes.CHARACTER);

        // strings: characters, not bytes
        registry.registerBinaryTernaryPattern("substring", string, "substringUTF8(?1,?2)", "substringUTF8(?1,?2,?3)",
                        STRING, INTEGER, INTEGER, types)
                .setArgumentListSignature("(STRING string{ from|,} INTEGER start[{ for|,} INTEGER length])");
        registry.registerAlternateKey("substr", "substring");
        namedUtf8(registry, "upper", "upperUTF8", string, 1, STRING);
        namedUtf8(registry, "lower", "lowerUTF8", string, 1, STRING);
        namedUtf8(registry, "left", "leftUTF8", string, 2, STRING, INTEGER);
        namedUtf8(registry, "right", "rightUTF8", string, 2, STRING, INTEGER);
        namedUtf8(registry, "reverse", "reverseUTF8", string, 1, STRING);
        for (String pad : new String[]{"lpad", "rpad"}) {
            registry.namedDescriptorBuilder(pad, pad.equals("lpad") ? "leftPadUTF8" : "rightPadUTF8")
                    .setInvariantType(string)
                    .setArgumentCountBetween(2, 3)
                    .setParameterTypes(STRING, INTEGER, STRING)
                    .setArgumentListSignature("(STRING string, INTEGER length[, STRING padding])")
                    .register();
        }
        registry.registerBinaryTernaryPattern("locate", integer, "positionUTF8(?2,?1)", "positionUTF8(?2,?1,?3)",
                        STRING, STRING, INTEGER, types)
                .setArgumentListSignature("(STRING pattern, STRING string[, INTEGER start])");
        // ltrim/rtrim(string[, characters]) remove any of the characters (spaces by default), as on PostgreSQL
        registry.registerUnaryBinaryPattern("ltrim", string, "trimLeft(?1)",
                        "replaceRegexpOne(?1,concat('^[',regexpQuoteMeta(?2),']+'),'')", STRING, STRING, types)
                .setArgumentListSignature("(STRING string[, STRING characters])");
        registry.registerUnaryBinaryPattern("rtrim", string, "trimRight(?1)",
                        "replaceRegexpOne(?1,concat('[',regexpQuoteMeta(?2),']+$'),'')", STRING, STRING, types)
                .setArgumentListSignature("(STRING string[, STRING characters])");
        registry.namedDescriptorBuilder("repeat")
                .setInvariantType(string).setExactArgumentCount(2).setParameterTypes(STRING, INTEGER)
                .setArgumentListSignature("(STRING string, INTEGER times)")
                .register();
        registry.patternDescriptorBuilder("chr", "char(?1)")
                .setInvariantType(character).setExactArgumentCount(1).setParameterTypes(INTEGER)
                .register();
        registry.registerAlternateKey("char", "chr");
        registry.patternDescriptorBuilder("octet_length", "toInt32(length(?1))")
                .setInvariantType(integer).setExactArgumentCount(1).setParameterTypes(STRING)
                .register();
        registry.patternDescriptorBuilder("bit_length", "toInt32(length(?1)*8)")
                .setInvariantType(integer).setExactArgumentCount(1).setParameterTypes(STRING)
                .register();
        registry.register("collate", new Unsupported("collate",
                "ClickHouse has collations only as an ORDER BY modifier (ORDER BY s COLLATE 'de'), which HQL "
                        + "cannot express; compare with lower()/upper() or ilike, or use a native query"));

        // numbers
        registry.patternDescriptorBuilder("cot", "(1/tan(?1))")
                .setInvariantType(doubleType).setExactArgumentCount(1).setParameterTypes(NUMERIC)
                .register();
        String[][] bitwise = {{"bitand", "bitAnd"}, {"bitor", "bitOr"}, {"bitxor", "bitXor"}};
        for (String[] function : bitwise) {
            registry.namedDescriptorBuilder(function[0], function[1])
                    .setExactArgumentCount(2).setArgumentTypeResolver(ARGUMENT_OR_IMPLIED_RESULT_TYPE)
                    .register();
        }
        registry.namedDescriptorBuilder("bitnot", "bitNot")
                .setExactArgumentCount(1).setArgumentTypeResolver(IMPLIED_RESULT_TYPE)
                .register();
        // trunc(number[, places]) truncates toward zero; trunc(datetime, unit) is date_trunc
        registry.register("trunc", new Trunc(types));
        registry.registerAlternateKey("truncate", "trunc");

        // aggregates and window functions
        CommonFunctionFactory common = new CommonFunctionFactory(contributions);
        common.windowFunctions();
        BasicType<Long> longType = types.getBasicTypeRegistry().resolve(StandardBasicTypes.LONG);
        for (String name : new String[]{"rank", "dense_rank"}) {
            registry.namedWindowDescriptorBuilder(name).setExactArgumentCount(0).setInvariantType(longType).register();
        }
        registry.namedWindowDescriptorBuilder("ntile").setExactArgumentCount(1).setParameterTypes(INTEGER)
                .setInvariantType(longType).register();
        for (String name : new String[]{"percent_rank", "cume_dist"}) {
            registry.namedWindowDescriptorBuilder(name).setExactArgumentCount(0).setInvariantType(doubleType).register();
        }
        for (String name : new String[]{"lag", "lead", "nth_value", "first_value", "last_value"}) {
            registry.register(name, new SqlNullsWindow((NamedSqmFunctionDescriptor) registry.findFunctionDescriptor(name)));
        }
        common.listagg_stringAgg("String");

        // datetimes
        registry.register("format", new FormatFunction("formatDateTimeInJodaSyntax", types));
        registry.register("extract", new Extract(dialect, types));
    }

    private static void namedUtf8(SqmFunctionRegistry registry, String name, String clickHouseName, BasicType<?> type,
                                  int arguments, FunctionParameterType... parameters) {
        registry.namedDescriptorBuilder(name, clickHouseName)
                .setInvariantType(type)
                .setExactArgumentCount(arguments)
                .setParameterTypes(parameters)
                .register();
    }

    /**
     * Window functions that can yield "no value" yield NULL, as in SQL: ClickHouse's {@code lag},
     * {@code lead} and {@code nth_value} return the type's default (0, '') for a row outside the
     * window unless the argument is Nullable, and its {@code first_value}/{@code last_value} skip
     * NULLs unless told {@code respect nulls}.
     */
    static final class SqlNullsWindow extends NamedSqmFunctionDescriptor {

        private final boolean nullableArgument;

        SqlNullsWindow(NamedSqmFunctionDescriptor standard) {
            super(standard.getName(), true, standard.getArgumentsValidator(), standard.getReturnTypeResolver(),
                    standard.getArgumentTypeResolver(), standard.getName(), FunctionKind.WINDOW,
                    standard.getArgumentListSignature(), SqlAstNodeRenderingMode.DEFAULT);
            this.nullableArgument = !standard.getName().endsWith("_value") || standard.getName().equals("nth_value");
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, Predicate filter, Boolean respectNulls,
                           Boolean fromFirst, ReturnableType<?> returnType, SqlAstTranslator<?> walker) {
            List<? extends SqlAstNode> rendered = arguments;
            if (nullableArgument && !arguments.isEmpty() && arguments.get(0) instanceof Expression value) {
                List<SqlAstNode> wrapped = new ArrayList<>(arguments);
                wrapped.set(0, new ToNullable(value));
                rendered = wrapped;
            }
            super.render(sql, rendered, filter, respectNulls == null && !nullableArgument ? Boolean.TRUE : respectNulls,
                    fromFirst, returnType, walker);
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, ReturnableType<?> returnType,
                           SqlAstTranslator<?> walker) {
            render(sql, arguments, null, null, null, returnType, walker);
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, Predicate filter,
                           ReturnableType<?> returnType, SqlAstTranslator<?> walker) {
            render(sql, arguments, filter, null, null, returnType, walker);
        }
    }

    /** {@code toNullable(x)}. */
    private record ToNullable(Expression value) implements SelfRenderingExpression {

        @Override
        public void renderToSql(SqlAppender sql, SqlAstTranslator<?> walker, SessionFactoryImplementor sessionFactory) {
            sql.appendSql("toNullable(");
            value.accept(walker);
            sql.appendSql(")");
        }

        @Override
        public JdbcMappingContainer getExpressionType() {
            return value.getExpressionType();
        }
    }

    /**
     * {@code trunc(number[, places])} truncates toward zero; {@code trunc(datetime, unit)} is
     * ClickHouse's {@code date_trunc}, converted back to a timestamp (in the argument's time zone)
     * where ClickHouse returns a date for units of a day or more.
     */
    static final class Trunc extends TruncFunction {

        Trunc(TypeConfiguration types) {
            super("trunc(?1)", "trunc(?1,?2)", DatetimeTrunc.DATE_TRUNC, null, SqlAstNodeRenderingMode.DEFAULT, types);
        }

        @Override
        protected <T> SelfRenderingSqmFunction<T> generateSqmFunctionExpression(
                List<? extends SqmTypedNode<?>> arguments, ReturnableType<T> impliedResultType, QueryEngine queryEngine) {
            if (arguments.size() == 2 && arguments.get(1) instanceof SqmExtractUnit<?>) {
                return new SelfRenderingSqmFunction<>(this, Trunc::renderDatetime, arguments, impliedResultType, null,
                        getReturnTypeResolver(), queryEngine.getCriteriaBuilder(), "trunc");
            }
            return super.generateSqmFunctionExpression(arguments, impliedResultType, queryEngine);
        }

        private static void renderDatetime(SqlAppender sql, List<? extends SqlAstNode> arguments,
                                           ReturnableType<?> type, SqlAstTranslator<?> walker) {
            SqlAstNode datetime = arguments.get(0);
            TemporalUnit unit = ((ExtractUnit) arguments.get(1)).getUnit();
            String name = switch (unit) {
                case YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND -> unit.name().toLowerCase();
                default -> throw new SemanticException("Cannot truncate a datetime to " + unit);
            };
            boolean date = datetime instanceof Expression expression
                    && expression.getExpressionType() != null
                    && expression.getExpressionType().getJdbcTypeCount() == 1
                    && expression.getExpressionType().getSingleJdbcMapping().getJdbcType().getDefaultSqlTypeCode() == SqlTypes.DATE;
            if (!date) {
                sql.appendSql("toDateTime64(");
            }
            sql.appendSql("date_trunc('");
            sql.appendSql(name);
            sql.appendSql("',");
            datetime.accept(walker);
            sql.appendSql(")");
            if (!date) {
                sql.appendSql(",6,timezoneOf(");
                datetime.accept(walker);
                sql.appendSql("))");
            }
        }
    }

    /**
     * {@code extract} whose {@code nanosecond} field is exact: Hibernate derives it from the
     * fractional seconds as a float, which is off by some nanoseconds.
     */
    static final class Extract extends ExtractFunction {

        private final BasicType<Long> longType;

        Extract(Dialect dialect, TypeConfiguration types) {
            super(dialect, types);
            this.longType = types.getBasicTypeRegistry().resolve(StandardBasicTypes.LONG);
        }

        @Override
        protected <T> SelfRenderingSqmFunction<T> generateSqmFunctionExpression(
                List<? extends SqmTypedNode<?>> arguments, ReturnableType<T> impliedResultType, QueryEngine queryEngine) {
            if (arguments.get(0) instanceof SqmExtractUnit<?> unit && unit.getUnit() == TemporalUnit.NANOSECOND) {
                return new SelfRenderingSqmFunction<>(this, Extract::renderNanoseconds, List.of(arguments.get(1)),
                        impliedResultType, null, StandardFunctionReturnTypeResolvers.invariant(longType),
                        queryEngine.getCriteriaBuilder(), "extract");
            }
            return super.generateSqmFunctionExpression(arguments, impliedResultType, queryEngine);
        }

        private static void renderNanoseconds(SqlAppender sql, List<? extends SqlAstNode> arguments,
                                              ReturnableType<?> type, SqlAstTranslator<?> walker) {
            sql.appendSql("(toSecond(");
            arguments.get(0).accept(walker);
            sql.appendSql(")*1000000000+positiveModulo(toUnixTimestamp64Nano(toDateTime64(");
            arguments.get(0).accept(walker);
            sql.appendSql(",9)),1000000000))");
        }
    }

    /** A standard function ClickHouse cannot provide: refused when the query is compiled, with the reason. */
    static final class Unsupported extends AbstractSqmSelfRenderingFunctionDescriptor {

        private final String reason;

        Unsupported(String name, String reason) {
            super(name, StandardArgumentsValidators.NONE, null, null);
            this.reason = reason;
        }

        @Override
        protected <T> SelfRenderingSqmFunction<T> generateSqmFunctionExpression(
                List<? extends SqmTypedNode<?>> arguments, ReturnableType<T> impliedResultType, QueryEngine queryEngine) {
            throw new UnsupportedOperationException("HQL function " + getName() + "() is not supported on ClickHouse: " + reason);
        }

        @Override
        public void render(SqlAppender sql, List<? extends SqlAstNode> arguments, ReturnableType<?> returnType,
                           SqlAstTranslator<?> walker) {
            throw new UnsupportedOperationException("HQL function " + getName() + "() is not supported on ClickHouse: " + reason);
        }
    }
}
