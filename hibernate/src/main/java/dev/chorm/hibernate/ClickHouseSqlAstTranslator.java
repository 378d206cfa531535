package dev.chorm.hibernate;

import dev.chorm.hibernate.type.ClickHouseType;
import org.hibernate.LockMode;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.sqm.tree.expression.NumericTypeCategory;
import org.hibernate.sql.ast.Clause;
import org.hibernate.sql.ast.spi.AbstractSqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlSelection;
import org.hibernate.sql.ast.tree.SqlAstNode;
import org.hibernate.sql.ast.tree.Statement;
import org.hibernate.sql.ast.tree.delete.DeleteStatement;
import org.hibernate.sql.ast.tree.expression.AggregateFunctionExpression;
import org.hibernate.sql.ast.tree.expression.Any;
import org.hibernate.sql.ast.tree.expression.BinaryArithmeticExpression;
import org.hibernate.sql.ast.tree.expression.ColumnReference;
import org.hibernate.sql.ast.tree.expression.Every;
import org.hibernate.sql.ast.tree.expression.FunctionExpression;
import org.hibernate.sql.ast.tree.expression.Literal;
import org.hibernate.sql.ast.tree.expression.ModifiedSubQueryExpression;
import org.hibernate.sql.ast.tree.expression.SqlTupleContainer;
import org.hibernate.sql.ast.tree.expression.UnparsedNumericLiteral;
import org.hibernate.sql.ast.tree.from.NamedTableReference;
import org.hibernate.sql.ast.tree.from.QueryPartTableReference;
import org.hibernate.sql.ast.tree.from.TableGroup;
import org.hibernate.sql.ast.tree.from.TableGroupJoin;
import org.hibernate.sql.ast.tree.from.TableReference;
import org.hibernate.sql.ast.tree.predicate.ExistsPredicate;
import org.hibernate.sql.ast.tree.predicate.InSubQueryPredicate;
import org.hibernate.sql.ast.tree.select.QueryGroup;
import org.hibernate.sql.ast.tree.select.QueryPart;
import org.hibernate.sql.ast.tree.select.QuerySpec;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.ast.tree.update.Assignment;
import org.hibernate.sql.ast.tree.update.UpdateStatement;
import org.hibernate.sql.exec.spi.JdbcOperation;
import org.hibernate.sql.model.internal.TableDeleteStandard;
import org.hibernate.sql.model.internal.TableUpdateStandard;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders Hibernate's SQL AST as ClickHouse SQL. UPDATE becomes a mutation,
 * {@code ALTER TABLE t UPDATE ... WHERE ... SETTINGS mutations_sync = 2}, which waits until the
 * change is applied (so it is visible when the call returns), or a lightweight
 * {@code UPDATE t SET ...} on tables that have them; DELETE is ClickHouse's lightweight
 * {@code DELETE FROM t WHERE ... SETTINGS lightweight_deletes_sync = 2}. The waiting follows the
 * {@link MutationSync} policy ({@link Mutations}). ClickHouse needs a WHERE clause, so a statement
 * without one gets {@code WHERE 1}.
 *
 * <p>ClickHouse's own SELECT clauses, written in HQL/Criteria as WHERE conditions
 * ({@code final(e)}, {@code sample(e, k)}, {@code prewhere(...)}, {@code limitBy(n, ...)}, see
 * {@link ClickHouseQueryClauses}), are rendered in their place: {@code FROM t e FINAL SAMPLE k ..
 * PREWHERE .. WHERE .. ORDER BY .. LIMIT n BY .. LIMIT ..}. Hibernate's {@code join lateral unnest(e.array) x}
 * is ClickHouse's {@code ARRAY JOIN} ({@link ClickHouseArrayJoin}), and entity loads by id read the
 * tables of collapsing engines with FINAL (the latest version, never a duplicate).
 *
 * <p>Queries get SQL's semantics where ClickHouse's defaults differ ({@link
 * dev.chorm.hibernate.query.ClickHouseQuery#SQL_SEMANTICS}, plus the factory's {@code chorm.settings}): an
 * outer join's missing side is NULL rather than the type's default, and sum/avg/min/max over no
 * rows are NULL rather than 0 or nan, and integer division stays integral (truncated toward
 * zero, as in SQL). Pagination is ClickHouse's {@code LIMIT n OFFSET m}.
 *
 * <p>Query shapes ClickHouse evaluates differently from SQL are rewritten:
 * <ul>
 *   <li>an ORDER BY or LIMIT of a whole UNION/INTERSECT/EXCEPT (ClickHouse would apply it to the
 *       last SELECT only) goes on a derived table around the set operation;</li>
 *   <li>a scalar subquery whose item is never NULL ({@code count}, {@code coalesce(sum(..), 0)})
 *       is wrapped so that no matching rows give that item's value over no rows: ClickHouse runs
 *       correlated subqueries as joins and gives NULL;</li>
 *   <li>{@code x NOT IN (subquery)} is false when the subquery yields a NULL, as in SQL;</li>
 *   <li>decimal literals are ClickHouse decimals, not Float64.</li>
 * </ul>
 */
final class ClickHouseSqlAstTranslator<T extends JdbcOperation> extends AbstractSqlAstTranslator<T> {

    /**
     * Appended to every top-level query: {@link dev.chorm.hibernate.query.ClickHouseQuery#SQL_SEMANTICS}
     * with the factory's {@code chorm.settings}, which override them.
     */
    private final String querySettings;

    /** Subqueries read as sets of rows (EXISTS, IN, ANY, ALL), not as one value. */
    private final Set<SelectStatement> rowSetSubqueries = Collections.newSetFromMap(new IdentityHashMap<>());
    private int derivedTableCount;
    /** Why a pessimistic lock the query asks for cannot be taken; null when it asks for none. */
    private String refusedLock;

    ClickHouseSqlAstTranslator(SessionFactoryImplementor sessionFactory, Statement statement) {
        super(sessionFactory, statement);
        this.querySettings = " settings " + dev.chorm.hibernate.query.ClickHouseQuery.defaultSettings(sessionFactory);
    }

    @Override
    public void visitSelectStatement(SelectStatement statement) {
        SqlAstNode valueOverNoRows = getStatementStack().isEmpty() || rowSetSubqueries.contains(statement)
                || !isExpressionClause(getClauseStack().getCurrent()) ? null : valueOverNoRows(statement);
        if (valueOverNoRows != null) {
            // ClickHouse runs a correlated scalar subquery as a join, so an outer row that matches
            // nothing gets NULL, where SQL evaluates the select item over no rows: count(...) is 0,
            // coalesce(sum(...), 0) is 0. Those items are never NULL otherwise, so NULL means that.
            appendSql("coalesce(");
            super.visitSelectStatement(statement);
            appendSql(",");
            if (valueOverNoRows == ZERO) {
                appendSql("0");
            } else {
                valueOverNoRows.accept(this);
            }
            appendSql(")");
            return;
        }
        super.visitSelectStatement(statement);
        if (getStatementStack().isEmpty() && getQueryPartStack().isEmpty()) {
            if (refusedLock != null) {
                getSqlBuffer().insert(0, "select * from (");
                appendSql(") where throwIf(1, ");
                getDialect().appendLiteral(this, refusedLock);
                appendSql(") = 0");
            }
            appendSql(querySettings); // the outermost query: SETTINGS must close the statement
        }
    }

    /**
     * For {@code (select <item> from ... where ...)} without GROUP BY, HAVING or LIMIT, whose item
     * is never NULL ({@code count(...)}, or {@code coalesce(<aggregates>, <literal>)}): the item's
     * value over no rows. Null for any other subquery.
     */
    private static SqlAstNode valueOverNoRows(SelectStatement statement) {
        if (!(statement.getQueryPart() instanceof QuerySpec spec) || spec.hasOffsetOrFetchClause()
                || !spec.getGroupByClauseExpressions().isEmpty() || spec.getHavingClauseRestrictions() != null) {
            return null;
        }
        List<SqlSelection> selections = spec.getSelectClause().getSqlSelections().stream()
                .filter(selection -> !selection.isVirtual()).toList();
        if (selections.size() != 1 || !(selections.get(0).getExpression() instanceof FunctionExpression function)) {
            return null;
        }
        if (function instanceof AggregateFunctionExpression && "count".equalsIgnoreCase(function.getFunctionName())) {
            return ZERO;
        }
        if (!"coalesce".equalsIgnoreCase(function.getFunctionName())) {
            return null;
        }
        for (SqlAstNode argument : function.getArguments()) {
            if (argument instanceof Literal literal) {
                return literal.getLiteralValue() == null ? null : literal;
            }
            if (!(argument instanceof AggregateFunctionExpression aggregate)) {
                return null; // may depend on the outer row, or be NULL over rows
            }
            if ("count".equalsIgnoreCase(aggregate.getFunctionName())) {
                return ZERO;
            }
            // any other aggregate is NULL over no rows: the next argument decides
        }
        return null;
    }

    /** Marks "the value over no rows is 0" (count). */
    private static final SqlAstNode ZERO = walker -> {
    };

    private static boolean isExpressionClause(Clause clause) {
        return clause == Clause.SELECT || clause == Clause.WHERE || clause == Clause.HAVING || clause == Clause.ORDER
                || clause == Clause.GROUP || clause == Clause.SET || clause == Clause.FROM;
    }

    // ------------------------------------------------------------------ ClickHouse clauses (ClickHouseQueryClauses)

    /** FINAL/SAMPLE of the table references of the query being rendered. */
    private final Map<TableReference, String> tableModifiers = new IdentityHashMap<>();
    /** The argument lists of the clause markers found in WHERE clauses: they render as {@code 1}. */
    private final Set<List<? extends SqlAstNode>> clauseMarkers = Collections.newSetFromMap(new IdentityHashMap<>());

    boolean isClauseMarker(List<? extends SqlAstNode> arguments) {
        return clauseMarkers.contains(arguments) && getClauseStack().getCurrent() == Clause.WHERE;
    }

    /**
     * SQL's clauses plus ClickHouse's: {@code SELECT .. FROM t [FINAL] [SAMPLE k [OFFSET m]] ..
     * [PREWHERE ..] WHERE .. GROUP BY .. HAVING .. ORDER BY .. [LIMIT n [OFFSET m] BY ..] LIMIT ..}.
     */
    @Override
    protected void visitQueryClauses(QuerySpec spec) {
        // the select list, rendered before the FROM clause, already names the ARRAY JOIN elements
        for (TableGroup root : spec.getFromClause().getRoots()) {
            collectArrayJoins(root);
        }
        if (isEntityLoad(spec)) {
            tableModifiers.putAll(ClickHouseQueryClauses.finalForLoad(spec));
        }
        ClickHouseQueryClauses.Clauses clauses = ClickHouseQueryClauses.scan(spec);
        if (clauses.isEmpty()) {
            super.visitQueryClauses(spec);
            return;
        }
        tableModifiers.putAll(clauses.tableModifiers);
        clauseMarkers.addAll(clauses.markers);
        visitSelectClause(spec.getSelectClause());
        visitFromClause(spec.getFromClause());
        if (!clauses.prewhere.isEmpty()) {
            appendSql(" prewhere ");
            getClauseStack().push(Clause.WHERE);
            try {
                String separator = "";
                for (SqlAstNode condition : clauses.prewhere) {
                    appendSql(separator);
                    appendSql("(");
                    condition.accept(this);
                    appendSql(")");
                    separator = " and ";
                }
            } finally {
                getClauseStack().pop();
            }
        }
        visitWhereClause(spec.getWhereClauseRestrictions());
        visitGroupByClause(spec, getDialect().getGroupBySelectItemReferenceStrategy());
        visitHavingClause(spec);
        visitOrderBy(spec.getSortSpecifications());
        if (clauses.limitBy != null) {
            List<? extends SqlAstNode> arguments = clauses.limitBy;
            int first = clauses.limitByHasOffset ? 2 : 1;
            appendSql(" limit ");
            appendSql(((Literal) arguments.get(0)).getLiteralValue().toString());
            if (clauses.limitByHasOffset) {
                appendSql(" offset ");
                appendSql(((Literal) arguments.get(1)).getLiteralValue().toString());
            }
            appendSql(" by ");
            getClauseStack().push(Clause.GROUP);
            try {
                for (int i = first; i < arguments.size(); i++) {
                    appendSql(i == first ? "" : ",");
                    arguments.get(i).accept(this);
                }
            } finally {
                getClauseStack().pop();
            }
        }
        visitOffsetFetchClause(spec);
    }

    // ------------------------------------------------------------------ ARRAY JOIN (ClickHouseArrayJoin)

    /** The identification variables of the {@code unnest} joins rendered as ARRAY JOIN. */
    private final Set<String> arrayJoinAliases = new java.util.HashSet<>();

    private void collectArrayJoins(TableGroup group) {
        for (TableGroupJoin join : group.getTableGroupJoins()) {
            if (!join.getJoinedGroup().isInitialized()) {
                continue; // a join Hibernate will not render: looking into it would initialize (render) it
            }
            if (ClickHouseArrayJoin.isArrayJoin(join)) {
                arrayJoinAliases.add(join.getJoinedGroup().getPrimaryTableReference().getIdentificationVariable());
            }
            collectArrayJoins(join.getJoinedGroup());
        }
        for (TableGroupJoin join : group.getNestedTableGroupJoins()) {
            if (join.getJoinedGroup().isInitialized()) {
                collectArrayJoins(join.getJoinedGroup());
            }
        }
    }

    /** {@code join unnest(e.values) x}: ClickHouse's {@code ARRAY JOIN e.values AS x}. */
    @Override
    protected void renderTableGroupJoin(TableGroupJoin tableGroupJoin, List<TableGroupJoin> tableGroupJoinCollector) {
        if (ClickHouseArrayJoin.isArrayJoin(tableGroupJoin)) {
            ClickHouseArrayJoin.render(tableGroupJoin, this, this);
            // a later join of the same FROM clause may hang on this one
            TableGroup joined = tableGroupJoin.getJoinedGroup();
            processNestedTableGroupJoins(joined, tableGroupJoinCollector);
            if (tableGroupJoinCollector != null) {
                tableGroupJoinCollector.addAll(joined.getTableGroupJoins());
            } else {
                processTableGroupJoins(joined);
            }
        } else {
            super.renderTableGroupJoin(tableGroupJoin, tableGroupJoinCollector);
        }
    }

    /** The element (or index) of an ARRAY JOIN is a column alias in ClickHouse, not a table's column. */
    @Override
    public void visitColumnReference(ColumnReference columnReference) {
        String qualifier = columnReference.getQualifier();
        if (qualifier != null && arrayJoinAliases.contains(qualifier) && !columnReference.isColumnExpressionFormula()) {
            appendSql(ClickHouseArrayJoin.columnAlias(qualifier, columnReference.getColumnExpression()));
        } else {
            super.visitColumnReference(columnReference);
        }
    }

    // ------------------------------------------------------------------ FINAL for entity loads

    /**
     * Whether {@code spec} is one of Hibernate's entity loads (find, getReference, lazy and batch
     * loads, refresh, snapshots) rather than an HQL/Criteria query: the loaders' from elements have
     * no alias, while every HQL/Criteria root has one (written or generated).
     */
    private static boolean isEntityLoad(QuerySpec spec) {
        List<TableGroup> roots = spec.getFromClause().getRoots();
        return !roots.isEmpty() && roots.stream().allMatch(root -> root.getNavigablePath().getParent() == null
                && root.getNavigablePath().getAlias() == null
                && root.getModelPart() instanceof org.hibernate.metamodel.mapping.EntityValuedModelPart);
    }

    /** A table reference with its FINAL/SAMPLE modifiers, which follow the alias in ClickHouse. */
    @Override
    protected boolean renderNamedTableReference(NamedTableReference tableReference, LockMode lockMode) {
        boolean result = super.renderNamedTableReference(tableReference, lockMode);
        String modifiers = tableModifiers.get(tableReference);
        if (modifiers != null) {
            appendSql(modifiers);
        }
        return result;
    }

    @Override
    public void visitExistsPredicate(ExistsPredicate predicate) {
        rowSetSubqueries.add(predicate.getExpression());
        super.visitExistsPredicate(predicate);
    }

    /**
     * {@code x NOT IN (subquery)} is never true in SQL when the subquery yields a NULL; ClickHouse
     * ignores the NULL. The predicate gets {@code and not exists(<the subquery's NULLs>)}.
     */
    @Override
    public void visitInSubQueryPredicate(InSubQueryPredicate predicate) {
        SelectStatement subquery = predicate.getSubQuery();
        rowSetSubqueries.add(subquery);
        if (!predicate.isNegated() || !isSingleColumn(subquery) || SqlTupleContainer.getSqlTuple(predicate.getTestExpression()) != null) {
            super.visitInSubQueryPredicate(predicate);
            return;
        }
        String alias = "nin_ch" + derivedTableCount++;
        appendSql("(");
        super.visitInSubQueryPredicate(predicate);
        appendSql(" and not exists(select 1 from ");
        subquery.accept(this);
        appendSql(" ");
        appendSql(alias);
        appendSql("(v) where ");
        appendSql(alias);
        appendSql(".v is null))");
    }

    private static boolean isSingleColumn(SelectStatement subquery) {
        List<SqlSelection> selections = subquery.getQueryPart().getFirstQuerySpec().getSelectClause().getSqlSelections()
                .stream().filter(selection -> !selection.isVirtual()).toList();
        return selections.size() == 1 && SqlTupleContainer.getSqlTuple(selections.get(0).getExpression()) == null;
    }

    @Override
    public void visitAny(Any any) {
        rowSetSubqueries.add(any.getSubquery());
        super.visitAny(any);
    }

    @Override
    public void visitEvery(Every every) {
        rowSetSubqueries.add(every.getSubquery());
        super.visitEvery(every);
    }

    @Override
    public void visitModifiedSubQueryExpression(ModifiedSubQueryExpression expression) {
        rowSetSubqueries.add(expression.getSubQuery());
        super.visitModifiedSubQueryExpression(expression);
    }

    @Override
    public void visitQueryPartTableReference(QueryPartTableReference tableReference) {
        rowSetSubqueries.add(tableReference.getStatement());
        super.visitQueryPartTableReference(tableReference);
    }

    /**
     * ClickHouse applies an ORDER BY or LIMIT written after a UNION/INTERSECT/EXCEPT to the last
     * SELECT only: a set operation that is ordered or limited as a whole becomes a derived table,
     * {@code select * from (<set operation>) order by n limit m}, ordered by select-item position.
     */
    @Override
    protected void renderQueryGroup(QueryGroup group, boolean renderOrderByAndOffsetFetchClause) {
        if (!renderOrderByAndOffsetFetchClause || !group.hasSortSpecifications() && !group.hasOffsetOrFetchClause()) {
            super.renderQueryGroup(group, renderOrderByAndOffsetFetchClause);
            return;
        }
        boolean parenthesized = !group.isRoot();
        appendSql(parenthesized ? "(select * from (" : "select * from (");
        super.renderQueryGroup(group, false);
        appendSql(") grp_ch");
        appendSql(derivedTableCount++);
        getQueryPartStack().push(group);
        try {
            visitOrderBy(group.getSortSpecifications());
            visitOffsetFetchClause(group);
        } finally {
            getQueryPartStack().pop();
        }
        if (parenthesized) {
            appendSql(")");
        }
    }

    /** HQL's {@code /} on two integers is integer division; ClickHouse's {@code /} always returns Float64. */
    @Override
    public void visitBinaryArithmeticExpression(BinaryArithmeticExpression expression) {
        if (isIntegerDivisionEmulationRequired(expression)) {
            appendSql("intDiv(");
            visitArithmeticOperand(expression.getLeftHandOperand());
            appendSql(",");
            visitArithmeticOperand(expression.getRightHandOperand());
            appendSql(")");
        } else {
            super.visitBinaryArithmeticExpression(expression);
        }
    }

    /**
     * A decimal literal is a Float64 in ClickHouse ({@code 2.5}): HQL's {@code 2.5bd} and BigDecimal
     * literals become ClickHouse decimals, so that arithmetic and rounding stay exact.
     */
    @Override
    public <N extends Number> void visitUnparsedNumericLiteral(UnparsedNumericLiteral<N> literal) {
        if (literal.getTypeCategory() == NumericTypeCategory.BIG_DECIMAL) {
            appendDecimal(new BigDecimal(literal.getUnparsedLiteralValue()));
        } else {
            super.visitUnparsedNumericLiteral(literal);
        }
    }

    @Override
    protected void renderLiteral(Literal literal, boolean castParameter) {
        if (literal.getLiteralValue() instanceof BigDecimal decimal) {
            appendDecimal(decimal);
        } else {
            super.renderLiteral(literal, castParameter);
        }
    }

    private void appendDecimal(BigDecimal value) {
        BigDecimal plain = value.scale() < 0 ? value.setScale(0) : value;
        int precision = Math.max(plain.precision(), plain.scale() + 1);
        appendSql(precision <= 18 ? "toDecimal64('" : precision <= 38 ? "toDecimal128('" : "toDecimal256('");
        appendSql(plain.toPlainString());
        appendSql("',");
        appendSql(plain.scale());
        appendSql(")");
    }

    /**
     * ClickHouse has no row locks. A pessimistic lock is refused rather than silently not taken:
     * the query is wrapped so that it fails when run, with this message (Hibernate prepares locking
     * loaders at startup, so the translation itself must not fail).
     */
    @Override
    protected void visitForUpdateClause(QuerySpec querySpec) {
        if (!getEffectiveLockMode().isPessimistic()) {
            return;
        }
        String locked = querySpec.getFromClause().getRoots().stream()
                .map(root -> root.getModelPart() instanceof org.hibernate.metamodel.mapping.EntityValuedModelPart entity
                        ? " on entity " + entity.getEntityMappingType().getEntityPersister().getJpaEntityName() : "")
                .findFirst().orElse("");
        refusedLock = "ClickHouse has no row locks: lock mode " + getEffectiveLockMode() + locked + " cannot be honoured."
                + " Read without a pessimistic lock; to serialize writers, coordinate them outside the database.";
    }

    @Override
    public void visitOffsetFetchClause(QueryPart queryPart) {
        if (!isRowNumberingCurrentQueryPart()) {
            renderLimitOffsetClause(queryPart);
        }
    }

    private Mutations mutations() {
        return ((ClickHouseDialect) getDialect()).mutations();
    }

    /** The table of the bulk update being rendered, for the types of its assigned columns. */
    private String updatedTable;

    @Override
    protected void visitUpdateStatementOnly(UpdateStatement statement) {
        String table = statement.getTargetTable().getTableExpression();
        boolean inPlace = mutations().updatesInPlace(table);
        for (Assignment assignment : statement.getAssignments()) {
            checkAssignedValue(table, assignment);
        }
        renderUpdateClause(statement);
        updatedTable = table;
        try {
            renderSetClause(statement.getAssignments());
        } finally {
            updatedTable = null;
        }
        renderWhere(statement.getRestriction() == null);
        visitWhereClause(statement.getRestriction());
        if (!inPlace) {
            appendSql(mutations().mutationSettings(table));
        }
    }

    /**
     * A literal or parameter a bulk update assigns is checked as an entity's value is (ClickHouse would
     * wrap an out-of-range integer silently). The statement then depends on the parameter's value, so
     * Hibernate translates it again, and checks again, for another value.
     */
    private void checkAssignedValue(String table, Assignment assignment) {
        ColumnValues checks = ((ClickHouseDialect) getDialect()).columnValues();
        List<ColumnReference> columns = assignment.getAssignable().getColumnReferences();
        if (checks == null || columns.size() != 1) {
            return;
        }
        org.hibernate.sql.ast.tree.expression.Expression value = assignment.getAssignedValue();
        if (value instanceof org.hibernate.query.sqm.sql.internal.SqmParameterInterpretation parameter) {
            value = parameter.getResolvedExpression();
        }
        if (value instanceof Literal literal) {
            checks.checkAssigned(table, columns.get(0).getColumnExpression(), literal.getLiteralValue());
        } else if (value instanceof org.hibernate.sql.ast.tree.expression.JdbcParameter parameter && getJdbcParameterBindings() != null) {
            org.hibernate.sql.exec.spi.JdbcParameterBinding binding = getJdbcParameterBindings().getBinding(parameter);
            if (binding != null) {
                checks.checkAssigned(table, columns.get(0).getColumnExpression(), binding.getBindValue());
                addAppliedParameterBinding(parameter, binding);
            }
        }
    }

    /**
     * {@code UPDATE t SET} on tables with lightweight updates, else the mutation {@code ALTER TABLE t UPDATE};
     * a Distributed table's statement names its local table {@code ON CLUSTER} ({@link Mutations#target}).
     */
    @Override
    protected void renderUpdateClause(UpdateStatement statement) {
        boolean inPlace = mutations().updatesInPlace(statement.getTargetTable().getTableExpression());
        appendSql(inPlace ? "update " : "alter table ");
        getClauseStack().push(Clause.UPDATE);
        try {
            renderMutationTarget(statement.getTargetTable());
        } finally {
            getClauseStack().pop();
        }
        appendSql(inPlace ? " set" : " update");
    }

    @Override
    protected void renderSetClause(List<Assignment> assignments) {
        char separator = ' ';
        getClauseStack().push(Clause.SET);
        try {
            for (Assignment assignment : assignments) {
                appendSql(separator);
                separator = ',';
                List<ColumnReference> columns = assignment.getAssignable().getColumnReferences();
                ClickHouseType map = columns.size() == 1 && updatedTable != null
                        ? mapColumnType(updatedTable, columns.get(0).getColumnExpression()) : null;
                if (map == null) {
                    visitSetAssignment(assignment);
                } else { // as in an entity update (visitStandardTableUpdate)
                    appendSql(columns.get(0).getColumnExpression());
                    appendSql("=CAST(");
                    assignment.getAssignedValue().accept(this);
                    appendSql(" AS " + map.render() + ")");
                }
            }
        } finally {
            getClauseStack().pop();
        }
    }

    @Override
    protected void visitDeleteStatementOnly(DeleteStatement statement) {
        renderDeleteClause(statement);
        renderWhere(statement.getRestriction() == null);
        visitWhereClause(statement.getRestriction());
        appendSql(mutations().deleteSettings(statement.getTargetTable().getTableExpression()));
    }

    /** {@code DELETE FROM t}; a Distributed table's names its local table {@code ON CLUSTER}. */
    @Override
    protected void renderDeleteClause(DeleteStatement statement) {
        appendSql("delete from ");
        getClauseStack().push(Clause.DELETE);
        try {
            renderMutationTarget(statement.getTargetTable());
        } finally {
            getClauseStack().pop();
        }
    }

    /** The table an UPDATE or DELETE names; the affected table stays the entity's, for cache invalidation. */
    private void renderMutationTarget(NamedTableReference target) {
        appendSql(mutations().target(target.getTableExpression()));
        registerAffectedTable(target);
    }

    /**
     * An entity removal: a lightweight {@code DELETE}, with the sync policy's settings; a Distributed
     * table's names its local table {@code ON CLUSTER}.
     */
    @Override
    public void visitStandardTableDelete(TableDeleteStandard delete) {
        String table = delete.getMutatingTable().getTableName();
        int start = getSqlBuffer().length();
        super.visitStandardTableDelete(delete);
        if (mutations().route(table) != null) {
            String head = "delete from " + table;
            int at = getSqlBuffer().indexOf(head, start);
            getSqlBuffer().replace(at, at + head.length(), "delete from " + mutations().target(table));
        }
        appendSql(mutations().deleteSettings(table));
    }

    /**
     * An entity update: {@code ALTER TABLE t UPDATE a = ?, b = ? WHERE id = ?} with the sync policy's
     * settings, or {@code UPDATE t SET ...} on tables with lightweight updates.
     */
    @Override
    public void visitStandardTableUpdate(TableUpdateStandard update) {
        String table = update.getMutatingTable().getTableName();
        boolean inPlace = mutations().updatesInPlace(table);
        getCurrentClauseStack().push(Clause.UPDATE);
        try {
            appendSql(inPlace ? "update " : "alter table ");
            appendSql(mutations().target(table));
            registerAffectedTable(table);
            appendSql(inPlace ? " set " : " update ");
            getCurrentClauseStack().push(Clause.SET);
            try {
                update.forEachValueBinding((position, binding) -> {
                    if (position > 0) {
                        appendSql(", ");
                    }
                    String column = binding.getColumnReference().getColumnExpression();
                    appendSql(column);
                    appendSql(" = ");
                    ClickHouseType map = mapColumnType(table, column);
                    if (map != null) {
                        // a Map parameter arrives as a tuple of its keys and its values (MapParameters):
                        // ClickHouse reads a {...} literal outside VALUES as a query-parameter placeholder
                        appendSql("CAST(");
                        binding.getValueExpression().accept(this);
                        appendSql(" AS " + map.render() + ")");
                    } else {
                        binding.getValueExpression().accept(this);
                    }
                });
            } finally {
                getCurrentClauseStack().pop();
            }
            getCurrentClauseStack().push(Clause.WHERE);
            try {
                appendSql(" where ");
                update.forEachKeyBinding((position, binding) -> {
                    if (position > 0) {
                        appendSql(" and ");
                    }
                    appendSql(binding.getColumnReference().getColumnExpression());
                    appendSql(" = ");
                    binding.getValueExpression().accept(this);
                });
                if (update.getWhereFragment() != null) {
                    appendSql(" and (");
                    appendSql(update.getWhereFragment());
                    appendSql(")");
                }
            } finally {
                getCurrentClauseStack().pop();
            }
            if (!inPlace) {
                appendSql(mutations().mutationSettings(table));
            }
        } finally {
            getCurrentClauseStack().pop();
        }
    }

    /** The column's type when an entity maps it to a ClickHouse {@code Map}, else null. */
    private ClickHouseType mapColumnType(String table, String column) {
        ColumnValues columns = ((ClickHouseDialect) getDialect()).columnValues();
        ClickHouseType type = columns == null ? null : columns.columnType(table, column);
        return type instanceof ClickHouseType.Map ? type : null;
    }

    /** ClickHouse mutations and lightweight deletes require a WHERE clause. */
    private void renderWhere(boolean unrestricted) {
        if (unrestricted) {
            appendSql(" where 1");
        }
    }
}
