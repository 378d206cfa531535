package dev.chorm.hibernate.lookup;

import dev.chorm.hibernate.type.CompositeValueType;
import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.metamodel.mapping.BasicValuedMapping;
import org.hibernate.metamodel.model.domain.ReturnableType;
import org.hibernate.query.spi.QueryEngine;
import org.hibernate.query.sqm.function.SelfRenderingSqmFunction;
import org.hibernate.query.sqm.function.SqmFunctionDescriptor;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.produce.function.ArgumentsValidator;
import org.hibernate.query.sqm.produce.function.FunctionReturnTypeResolver;
import org.hibernate.query.sqm.produce.function.StandardArgumentsValidators;
import org.hibernate.query.sqm.produce.function.StandardFunctionReturnTypeResolvers;
import org.hibernate.query.sqm.sql.SqmToSqlAstConverter;
import org.hibernate.query.sqm.tree.SqmTypedNode;
import org.hibernate.sql.ast.tree.SqlAstNode;
import org.hibernate.type.BasicPluralType;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.ObjectJdbcType;
import org.hibernate.type.internal.BasicTypeImpl;
import org.hibernate.type.spi.TypeConfiguration;

import java.sql.CallableStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * ClickHouse's lookups on arrays, maps, tuples and IP addresses, usable in HQL and Criteria under
 * their ClickHouse names. Registered by {@code ClickHouseDialect#initializeFunctionRegistry}.
 *
 * <p><b>Indexes are 1-based</b>, as everywhere in ClickHouse: {@code arrayElement(a, 1)} is the first
 * element, {@code arrayElement(a, -1)} the last; {@code tupleElement(t, 1)} the first element.
 *
 * <table>
 *   <caption>Functions</caption>
 *   <tr><th>HQL</th><th>ClickHouse</th><th>result</th></tr>
 *   <tr><td>{@code has(a, x)}</td><td>{@code a} contains the element {@code x}</td><td>Boolean</td></tr>
 *   <tr><td>{@code hasAll(a, b)}</td><td>{@code a} contains every element of {@code b}
 *       ({@code hasAll(b, a)}: contained by)</td><td>Boolean</td></tr>
 *   <tr><td>{@code equals(a, b)}</td><td>the whole values are equal (for composites, where HQL's
 *       {@code =} would refuse to compare an attribute with a {@code sql('[...]')} literal)</td><td>Boolean</td></tr>
 *   <tr><td>{@code hasAny(a, b)}</td><td>{@code a} and {@code b} overlap</td><td>Boolean</td></tr>
 *   <tr><td>{@code length(a)}</td><td>elements of an array, entries of a map (a string's characters
 *       as before)</td><td>Integer</td></tr>
 *   <tr><td>{@code arrayElement(a, i)}</td><td>element {@code i} (1-based; a map's value for key {@code i})</td>
 *       <td>the element</td></tr>
 *   <tr><td>{@code arraySlice(a, offset[, length])}</td><td>a sub-array (offset 1-based)</td><td>the array</td></tr>
 *   <tr><td>{@code arrayJoin(a)}</td><td>one row per element (in SELECT)</td><td>the element</td></tr>
 *   <tr><td>{@code mapContains(m, k)}</td><td>the map has the key</td><td>Boolean</td></tr>
 *   <tr><td>{@code mapKeys(m)}, {@code mapValues(m)}</td><td>keys, values</td><td>List</td></tr>
 *   <tr><td>{@code tupleElement(t, i | 'name')}</td><td>a tuple element by 1-based index or name</td><td>the element</td></tr>
 *   <tr><td>{@code JSONExtractInt|Float|Bool|String|Raw(j, 'a', 'b', ...)}, {@code JSONHas(j, 'a', ...)}</td>
 *       <td>the value at a path (keys, or 1-based indexes), typed; {@code Raw}: the JSON text there</td><td>Long, Double, Boolean, String</td></tr>
 *   <tr><td>{@code isIPAddressInRange(ip, 'cidr')}</td><td>the address lies in the CIDR range (IPv4-mapped addresses match IPv4 ranges)</td><td>Boolean</td></tr>
 * </table>
 * Elements of one-level arrays come back as their Java type; values out of {@code @Composite} columns
 * (whose element type Hibernate does not know) as the driver's Java value, arrays as {@code List}.
 */
public final class ClickHouseLookupFunctions {

    private ClickHouseLookupFunctions() {
    }

    /** Registers the functions; called once by the dialect. */
    public static void register(FunctionContributions contributions) {
        TypeConfiguration types = contributions.getTypeConfiguration();
        SqmFunctionRegistry registry = contributions.getFunctionRegistry();
        BasicType<Boolean> bool = types.getBasicTypeRegistry().resolve(StandardBasicTypes.BOOLEAN);
        BasicType<Integer> integer = types.getBasicTypeRegistry().resolve(StandardBasicTypes.INTEGER);
        BasicType<Object> value = driverValueType(types);

        for (String name : new String[]{"has", "hasAll", "hasAny", "mapContains", "equals"}) {
            registry.namedDescriptorBuilder(name).setInvariantType(bool).setExactArgumentCount(2).register();
        }
        // an IPv4-mapped IPv6 address (an IPv4 address in an IPv6 column) is matched as the IPv4 address it is
        registry.patternDescriptorBuilder("isIPAddressInRange",
                        "isIPAddressInRange(replaceRegexpOne(toString(?1),'^::ffff:([0-9.]+)$','\\\\1'),?2)")
                .setInvariantType(bool).setExactArgumentCount(2).register();
        registry.namedDescriptorBuilder("arrayElement").setExactArgumentCount(2)
                .setReturnTypeResolver(new ElementOrValue(value)).register();
        registry.namedDescriptorBuilder("arrayJoin").setExactArgumentCount(1)
                .setReturnTypeResolver(new ElementOrValue(value)).register();
        registry.namedDescriptorBuilder("tupleElement").setExactArgumentCount(2)
                .setInvariantType(value).register();
        registry.namedDescriptorBuilder("arraySlice").setArgumentCountBetween(2, 3)
                .setReturnTypeResolver(new SameOrValue(value)).register();
        for (String name : new String[]{"mapKeys", "mapValues"}) {
            registry.namedDescriptorBuilder(name).setExactArgumentCount(1).setInvariantType(value).register();
        }
        BasicType<String> string = types.getBasicTypeRegistry().resolve(StandardBasicTypes.STRING);
        registry.register("JSONHas", new JsonFunction("JSONHas", bool, 2, Integer.MAX_VALUE));
        registry.register("JSONExtractString", new JsonFunction("JSONExtractString", string, 1, Integer.MAX_VALUE));
        registry.register("JSONExtractRaw", new JsonFunction("JSONExtractRaw", string, 1, Integer.MAX_VALUE));
        registry.register("JSONExtractInt", new JsonFunction("JSONExtractInt",
                types.getBasicTypeRegistry().resolve(StandardBasicTypes.LONG), 1, Integer.MAX_VALUE));
        registry.register("JSONExtractFloat", new JsonFunction("JSONExtractFloat",
                types.getBasicTypeRegistry().resolve(StandardBasicTypes.DOUBLE), 1, Integer.MAX_VALUE));
        registry.register("JSONExtractBool", new JsonFunction("JSONExtractBool", bool, 1, Integer.MAX_VALUE));
        SqmFunctionDescriptor stringLength = registry.findFunctionDescriptor("length");
        SqmFunctionDescriptor compositeLength = registry.namedDescriptorBuilder("length")
                .setExactArgumentCount(1).setInvariantType(integer).descriptor();
        registry.register("length", stringLength == null ? compositeLength : new LengthFunction(stringLength, compositeLength));
    }

    /** A value as the driver returns it, arrays (and java.sql.Array) as {@code List}. */
    private static BasicType<Object> driverValueType(TypeConfiguration types) {
        // "unknown" to HQL's type checks, so that the value can be compared with anything
        JavaType<Object> javaType = new org.hibernate.type.descriptor.java.spi.UnknownBasicJavaType<>(Object.class);
        ObjectJdbcType jdbcType = new ObjectJdbcType(java.sql.Types.JAVA_OBJECT) {
            @Override
            public <X> ValueExtractor<X> getExtractor(JavaType<X> type) {
                return new BasicExtractor<>(type, this) {
                    @Override
                    protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                        Object value = normalized(rs.getObject(index));
                        return value == null ? null : type.wrap(value, options);
                    }

                    @Override
                    protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                        Object value = normalized(statement.getObject(index));
                        return value == null ? null : type.wrap(value, options);
                    }

                    @Override
                    protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                        Object value = normalized(statement.getObject(name));
                        return value == null ? null : type.wrap(value, options);
                    }
                };
            }
        };
        return new BasicTypeImpl<>(javaType, jdbcType);
    }

    private static Object normalized(Object value) {
        if (value instanceof java.sql.Array || (value != null && value.getClass().isArray() && !(value instanceof byte[]))
                || value instanceof Collection<?> || value instanceof Map<?, ?>) {
            return CompositeValueType.normalized(value);
        }
        return value;
    }

    /** The element type of a one-level array argument; the driver's value otherwise. */
    private record ElementOrValue(BasicType<Object> value) implements FunctionReturnTypeResolver {
        @Override
        public ReturnableType<?> resolveFunctionReturnType(ReturnableType<?> implied, SqmToSqlAstConverter converter,
                                                           List<? extends SqmTypedNode<?>> arguments, TypeConfiguration types) {
            var expressible = arguments.get(0).getExpressible();
            return expressible != null && expressible.getSqmType() instanceof BasicPluralType<?, ?> plural
                    ? plural.getElementType() : value;
        }

        @Override
        public BasicValuedMapping resolveFunctionReturnType(Supplier<BasicValuedMapping> implied, List<? extends SqlAstNode> arguments) {
            return value;
        }
    }

    /** The type of a one-level array argument; the driver's value otherwise. */
    private record SameOrValue(BasicType<Object> value) implements FunctionReturnTypeResolver {
        @Override
        public ReturnableType<?> resolveFunctionReturnType(ReturnableType<?> implied, SqmToSqlAstConverter converter,
                                                           List<? extends SqmTypedNode<?>> arguments, TypeConfiguration types) {
            var expressible = arguments.get(0).getExpressible();
            return expressible != null && expressible.getSqmType() instanceof BasicPluralType<?, ?> plural
                    ? (ReturnableType<?>) plural : value;
        }

        @Override
        public BasicValuedMapping resolveFunctionReturnType(Supplier<BasicValuedMapping> implied, List<? extends SqlAstNode> arguments) {
            return value;
        }
    }

    /**
     * ClickHouse's JSON functions, which read JSON text: a {@code JSON} column is passed as
     * {@code toJSONString(column)}, a String holding JSON as it is.
     */
    private static final class JsonFunction extends org.hibernate.query.sqm.function.AbstractSqmSelfRenderingFunctionDescriptor {

        private final String clickHouseName;

        JsonFunction(String name, BasicType<?> type, int minArguments, int maxArguments) {
            super(name, StandardArgumentsValidators.between(minArguments, maxArguments),
                    StandardFunctionReturnTypeResolvers.invariant(type), null);
            this.clickHouseName = name;
        }

        @Override
        public void render(org.hibernate.sql.ast.spi.SqlAppender appender, List<? extends SqlAstNode> arguments,
                           ReturnableType<?> returnType, org.hibernate.sql.ast.SqlAstTranslator<?> walker) {
            appender.appendSql(clickHouseName);
            appender.appendSql('(');
            for (int i = 0; i < arguments.size(); i++) {
                if (i > 0) {
                    appender.appendSql(',');
                }
                boolean jsonColumn = i == 0 && arguments.get(0) instanceof org.hibernate.sql.ast.tree.expression.Expression e
                        && e.getExpressionType() != null && e.getExpressionType().getJdbcTypeCount() == 1
                        && e.getExpressionType().getSingleJdbcMapping().getJdbcType().isJson();
                if (jsonColumn) {
                    appender.appendSql("toJSONString(");
                }
                arguments.get(i).accept(walker);
                if (jsonColumn) {
                    appender.appendSql(')');
                }
            }
            appender.appendSql(')');
        }
    }

    /** HQL's {@code length}: characters of a string as before; elements of an array or entries of a map. */
    private record LengthFunction(SqmFunctionDescriptor strings, SqmFunctionDescriptor composites) implements SqmFunctionDescriptor {
        @Override
        public <T> SelfRenderingSqmFunction<T> generateSqmExpression(List<? extends SqmTypedNode<?>> arguments,
                                                                     ReturnableType<T> impliedResultType, QueryEngine queryEngine) {
            boolean composite = false;
            if (!arguments.isEmpty() && arguments.get(0).getExpressible() != null) {
                var expressible = arguments.get(0).getExpressible();
                Class<?> javaClass = expressible.getExpressibleJavaType() == null ? null
                        : expressible.getExpressibleJavaType().getJavaTypeClass();
                composite = expressible.getSqmType() instanceof BasicPluralType<?, ?>
                        || (javaClass != null && (Collection.class.isAssignableFrom(javaClass) || Map.class.isAssignableFrom(javaClass)
                        || (javaClass.isArray() && javaClass != byte[].class && javaClass != char[].class)));
            }
            return (composite ? composites : strings).generateSqmExpression(arguments, impliedResultType, queryEngine);
        }

        @Override
        public ArgumentsValidator getArgumentsValidator() {
            return StandardArgumentsValidators.exactly(1);
        }
    }
}
