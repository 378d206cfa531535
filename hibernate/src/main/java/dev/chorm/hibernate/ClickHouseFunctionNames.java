package dev.chorm.hibernate;

import org.hibernate.metamodel.mapping.BasicValuedMapping;
import org.hibernate.metamodel.model.domain.ReturnableType;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.produce.function.FunctionReturnTypeResolver;
import org.hibernate.query.sqm.sql.SqmToSqlAstConverter;
import org.hibernate.query.sqm.tree.SqmTypedNode;
import org.hibernate.sql.ast.tree.SqlAstNode;
import org.hibernate.type.BasicType;
import org.hibernate.type.spi.TypeConfiguration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * ClickHouse's camelCase function names, passed through as written. HQL lower-cases the name of a
 * function it does not know ({@code function('sleepEachRow', 1)} would reach ClickHouse as
 * {@code sleepeachrow(1)}, which ClickHouse does not know: its camelCase names are case-sensitive),
 * so every camelCase name ClickHouse lists in {@code system.functions}, and the combinator forms of
 * its aggregates ({@code groupArrayIf}, {@code uniqArray}, {@code avgOrNull}...), is registered
 * under its own spelling. Registry look-ups ignore case, so {@code toStartOfWeek(...)},
 * {@code tostartofweek(...)} and {@code function('toStartOfWeek', ...)} all render
 * {@code toStartOfWeek(...)}.
 *
 * <p>These functions are typed as Hibernate types an unknown function: the type the caller gives
 * ({@code function('toDate' as LocalDate, ...)}, {@code cb.function(name, LocalDate.class, ...)}),
 * else the driver's value. Names chorm or Hibernate already registers keep their own definition.
 * The list is ClickHouse 26.7's ({@code clickhouse-functions.txt}); a function newer than that is
 * lower-cased as before.
 */
final class ClickHouseFunctionNames {

    /** The combinators whose forms are registered for every aggregate. */
    static final List<String> COMBINATORS = List.of("If", "Array", "Distinct", "OrNull", "OrDefault", "ForEach",
            "State", "Merge", "MergeState", "Map", "SimpleState", "Resample", "ArgMin", "ArgMax");

    private ClickHouseFunctionNames() {
    }

    static void register(SqmFunctionRegistry registry, TypeConfiguration types) {
        FunctionReturnTypeResolver type = new ImpliedOrObject(types.getBasicTypeForJavaType(Object.class));
        try (InputStream in = ClickHouseFunctionNames.class.getResourceAsStream("clickhouse-functions.txt")) {
            if (in == null) {
                throw new IllegalStateException("clickhouse-functions.txt is missing from chorm's jar");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                String name = fields[0];
                boolean aggregate = fields.length > 1 && fields[1].equals("aggregate");
                if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                    register(registry, name, aggregate, type);
                }
                if (aggregate) {
                    for (String combinator : COMBINATORS) {
                        register(registry, name + combinator, true, type);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void register(SqmFunctionRegistry registry, String name, boolean aggregate,
                                 FunctionReturnTypeResolver type) {
        if (registry.findFunctionDescriptor(name) != null) {
            return; // chorm's or Hibernate's definition (typed) wins
        }
        if (aggregate) {
            registry.namedAggregateDescriptorBuilder(name).setReturnTypeResolver(type).register();
        } else {
            registry.namedDescriptorBuilder(name).setReturnTypeResolver(type).register();
        }
    }

    /** The type the caller asks for, else the driver's value: what Hibernate gives an unknown function. */
    private record ImpliedOrObject(BasicType<Object> object) implements FunctionReturnTypeResolver {
        @Override
        public ReturnableType<?> resolveFunctionReturnType(ReturnableType<?> implied, SqmToSqlAstConverter converter,
                                                           List<? extends SqmTypedNode<?>> arguments, TypeConfiguration types) {
            return implied != null ? implied : object;
        }

        @Override
        public BasicValuedMapping resolveFunctionReturnType(Supplier<BasicValuedMapping> implied,
                                                            List<? extends SqlAstNode> arguments) {
            BasicValuedMapping mapping = implied == null ? null : implied.get();
            return mapping != null ? mapping : object;
        }
    }
}
