package dev.chorm.hibernate;

import org.hibernate.dialect.function.array.UnnestFunction;
import org.hibernate.metamodel.mapping.SqlTypedMapping;
import org.hibernate.query.SemanticException;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.tuple.internal.AnonymousTupleTableGroupProducer;
import org.hibernate.sql.ast.SqlAstJoinType;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.sql.ast.tree.expression.Expression;
import org.hibernate.sql.ast.tree.expression.Literal;
import org.hibernate.sql.ast.tree.from.FunctionTableReference;
import org.hibernate.sql.ast.tree.from.TableGroupJoin;
import org.hibernate.sql.ast.tree.predicate.BooleanExpressionPredicate;
import org.hibernate.sql.ast.tree.predicate.Predicate;
import org.hibernate.type.BasicPluralType;

/**
 * ClickHouse's {@code ARRAY JOIN} written as Hibernate's standard join of the set-returning function
 * {@code unnest}: {@code from Post p join lateral unnest(p.tags) t} becomes
 * {@code from Post p1_0 array join p1_0.tags as t1_0}, and {@code left join lateral unnest(p.tags) t}
 * becomes {@code left array join} ({@code lateral} because the array is the joined row's). The alias {@code t} is the element (usable in select, where,
 * group by, order by); {@code index(t)} is its 1-based position. Criteria builds the same join with
 * {@code root.joinArrayCollection("tags")} / {@code root.joinArray("scores")} (or
 * {@code join(cb.unnestCollection(...), SqmJoinType.LEFT)}).
 *
 * <p>A left join keeps a row whose array is empty with a NULL element (and index), as SQL's left
 * join does; ClickHouse's {@code LEFT ARRAY JOIN} would give the element type's default value, so
 * the array is joined as {@code Array(Nullable(T))}. ClickHouse's ARRAY JOIN has no condition: a
 * join written with {@code on ...}, and right/full joins, are refused with the fix.
 */
final class ClickHouseArrayJoin {

    /** The element and index columns of an unnested array, as Hibernate's column references name them. */
    static final String ELEMENT = "v";
    static final String INDEX = "i";

    private ClickHouseArrayJoin() {
    }

    static void register(SqmFunctionRegistry registry) {
        registry.register("unnest", new Unnest());
    }

    static boolean isArrayJoin(TableGroupJoin join) {
        return join.getJoinedGroup().getPrimaryTableReference() instanceof FunctionTableReference function
                && "unnest".equals(function.getFunctionExpression().getFunctionName());
    }

    /**
     * Renders {@code [left] array join <array> as <alias>, arrayEnumerate(<array>) as <alias>_i}: the
     * element is {@code <alias>}, its index {@code <alias>_i} (see {@link #columnAlias}).
     */
    static void render(TableGroupJoin join, SqlAppender sql, SqlAstTranslator<?> walker) {
        FunctionTableReference table = (FunctionTableReference) join.getJoinedGroup().getPrimaryTableReference();
        String alias = table.getIdentificationVariable();
        SqlAstJoinType type = join.getJoinType();
        if (type != SqlAstJoinType.INNER && type != SqlAstJoinType.CROSS && type != SqlAstJoinType.LEFT) {
            throw new SemanticException(type.getText() + "join unnest(...) " + sourceAlias(join) + ": ClickHouse's ARRAY "
                    + "JOIN is an inner join ('join unnest(e.values) x') or a left join ('left join unnest(e.values) x')");
        }
        if (!isTrue(join.getPredicate())) {
            throw new SemanticException("join unnest(...) " + sourceAlias(join) + " on ...: ClickHouse's ARRAY JOIN takes "
                    + "no condition; write it in the WHERE clause ('where " + sourceAlias(join) + " = ...')");
        }
        boolean left = type == SqlAstJoinType.LEFT;
        Expression array = (Expression) table.getFunctionExpression().getArguments().get(0);
        sql.appendSql(left ? " left array join " : " array join ");
        renderArray(array, left, sql, walker);
        sql.appendSql(" as ");
        sql.appendSql(alias);
        sql.appendSql(",");
        sql.appendSql(left ? "arrayMap(x -> toNullable(x), arrayEnumerate(" : "arrayEnumerate(");
        array.accept(walker);
        sql.appendSql(left ? ")) as " : ") as ");
        sql.appendSql(alias);
        sql.appendSql("_i");
    }

    /** What a column {@code column} of the array join aliased {@code alias} is called in ClickHouse. */
    static String columnAlias(String alias, String column) {
        return INDEX.equals(column) ? alias + "_i" : alias;
    }

    private static void renderArray(Expression array, boolean nullable, SqlAppender sql, SqlAstTranslator<?> walker) {
        if (nullable) {
            sql.appendSql("arrayMap(x -> toNullable(x), ");
        }
        array.accept(walker);
        if (nullable) {
            sql.appendSql(")");
        }
    }

    private static boolean isTrue(Predicate predicate) {
        return predicate == null || predicate.isEmpty()
                || predicate instanceof BooleanExpressionPredicate bool && !bool.isNegated()
                && bool.getExpression() instanceof Literal literal && Boolean.TRUE.equals(literal.getLiteralValue());
    }

    private static String sourceAlias(TableGroupJoin join) {
        String alias = join.getJoinedGroup().getSourceAlias();
        return alias == null ? join.getJoinedGroup().getNavigablePath().getLocalName() : alias;
    }

    /**
     * {@code unnest(array)} as Hibernate types it (element {@code v}, index {@code i}). Joined, the
     * translator renders it as ARRAY JOIN; in a FROM clause of its own (an array not read from a
     * table) it is {@code (select v, i from system.one array join <array> as v, arrayEnumerate(<array>) as i)}.
     */
    static final class Unnest extends UnnestFunction {

        Unnest() {
            super(ELEMENT, INDEX);
        }

        @Override
        protected void renderUnnest(SqlAppender sql, Expression array, BasicPluralType<?, ?> pluralType,
                                    SqlTypedMapping sqlTypedMapping, AnonymousTupleTableGroupProducer tupleType,
                                    String tableIdentifierVariable, SqlAstTranslator<?> walker) {
            sql.appendSql("(select " + ELEMENT + "," + INDEX + " from system.one array join ");
            array.accept(walker);
            sql.appendSql(" as " + ELEMENT + ",arrayEnumerate(");
            array.accept(walker);
            sql.appendSql(") as " + INDEX + ")");
        }
    }
}
