package dev.chorm.hibernate.query;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Predicate;
import org.hibernate.metamodel.mapping.CollectionPart;
import org.hibernate.query.criteria.JpaFunctionJoin;

import java.util.ArrayList;
import java.util.List;

/**
 * ClickHouse's SELECT clauses for Criteria queries, as conditions to pass to {@code where(...)}
 * alongside the others. Each is the Criteria form of an HQL clause function (see docs/queries.md):
 *
 * <pre>{@code
 * q.where(ClickHouseCriteria.isFinal(cb, visit),
 *         ClickHouseCriteria.prewhere(cb, cb.equal(visit.get("page"), "/home")),
 *         cb.gt(visit.get("loadMs"), 100));
 * }</pre>
 */
public final class ClickHouseCriteria {

    private ClickHouseCriteria() {
    }

    /** {@code FROM <entity> FINAL}: rows as they are after ClickHouse merges (latest version, collapsed). */
    public static Predicate isFinal(CriteriaBuilder cb, From<?, ?> entity) {
        return marker(cb, "final", entity);
    }

    /** {@code FROM <entity> SAMPLE k}: a ratio in (0, 1] of the rows, or about k rows when k > 1. */
    public static Predicate sample(CriteriaBuilder cb, From<?, ?> entity, double k) {
        return marker(cb, "sample", entity, cb.literal(k));
    }

    /** {@code FROM <entity> SAMPLE k OFFSET m}. */
    public static Predicate sample(CriteriaBuilder cb, From<?, ?> entity, double k, double offset) {
        return marker(cb, "sample", entity, cb.literal(k), cb.literal(offset));
    }

    /** {@code PREWHERE condition}: read the columns of {@code condition} first, then the rest for matching rows. */
    public static Predicate prewhere(CriteriaBuilder cb, Predicate condition) {
        return marker(cb, "prewhere", condition);
    }

    /** {@code LIMIT n BY expressions}: the first n rows (in the query's order) of each group. */
    public static Predicate limitBy(CriteriaBuilder cb, int n, Expression<?>... expressions) {
        List<Expression<?>> arguments = new ArrayList<>();
        arguments.add(cb.literal(n));
        arguments.addAll(List.of(expressions));
        return marker(cb, "limitBy", arguments.toArray(Expression[]::new));
    }

    /** {@code LIMIT n OFFSET m BY expressions}. */
    public static Predicate limitBy(CriteriaBuilder cb, int n, int offset, Expression<?>... expressions) {
        List<Expression<?>> arguments = new ArrayList<>();
        arguments.add(cb.literal(n));
        arguments.add(cb.literal(offset));
        arguments.addAll(List.of(expressions));
        return marker(cb, "limitOffsetBy", arguments.toArray(Expression[]::new));
    }

    /**
     * The element of an array joined with {@code root.joinArray("a")} / {@code joinArrayCollection("a")}
     * (ClickHouse's {@code ARRAY JOIN}, see docs/queries.md): what {@code t} is in HQL's
     * {@code join lateral unnest(e.a) t}, for select, where, group by and order by.
     */
    public static <E> Expression<E> element(JpaFunctionJoin<E> arrayJoin) {
        return arrayJoin.get(CollectionPart.Nature.ELEMENT.getName());
    }

    /** The 1-based position of the element in its array (HQL's {@code index(t)}). */
    public static Expression<Long> index(JpaFunctionJoin<?> arrayJoin) {
        return arrayJoin.get(CollectionPart.Nature.INDEX.getName());
    }

    /**
     * For {@code groupBy(...)}: groups by {@code keys} and adds a totals row, aggregated over all
     * rows, whose keys are NULL: ClickHouse's {@code WITH TOTALS} as a row of the result (HQL:
     * {@code group by withTotals(h.country)}; see docs/queries.md for how it differs).
     *
     * <pre>{@code
     * q.multiselect(hit.get("country"), cb.count(hit)).groupBy(ClickHouseCriteria.withTotals(cb, hit.get("country")));
     * }</pre>
     */
    public static Expression<?> withTotals(CriteriaBuilder cb, Expression<?>... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("withTotals needs at least one grouping key");
        }
        return cb.function("withTotals", Boolean.class, keys);
    }

    private static Predicate marker(CriteriaBuilder cb, String name, Expression<?>... arguments) {
        return cb.isTrue(cb.function(name, Boolean.class, arguments));
    }
}
