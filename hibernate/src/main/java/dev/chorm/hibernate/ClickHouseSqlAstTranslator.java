package dev.chorm.hibernate;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.sql.ast.Clause;
import org.hibernate.sql.ast.spi.AbstractSqlAstTranslator;
import org.hibernate.sql.ast.tree.Statement;
import org.hibernate.sql.ast.tree.delete.DeleteStatement;
import org.hibernate.sql.ast.tree.expression.BinaryArithmeticExpression;
import org.hibernate.sql.ast.tree.select.QueryPart;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.ast.tree.update.Assignment;
import org.hibernate.sql.ast.tree.update.UpdateStatement;
import org.hibernate.sql.exec.spi.JdbcOperation;
import org.hibernate.sql.model.internal.TableUpdateStandard;

import java.util.List;

/**
 * Renders Hibernate's SQL AST as ClickHouse SQL. UPDATE becomes a mutation,
 * {@code ALTER TABLE t UPDATE ... WHERE ... SETTINGS mutations_sync = 2}, which waits until the
 * change is applied (so it is visible when the call returns); DELETE stays ClickHouse's
 * lightweight {@code DELETE FROM t WHERE ...}, synchronous by default. Both need a WHERE clause
 * in ClickHouse, so a statement without one gets {@code WHERE 1}.
 *
 * <p>Queries get SQL's semantics where ClickHouse's defaults differ ({@link #SQL_SEMANTICS}): an
 * outer join's missing side is NULL rather than the type's default, and sum/avg/min/max over no
 * rows are NULL rather than 0 or nan, and integer division stays integral (truncated toward
 * zero, as in SQL). Pagination is ClickHouse's {@code LIMIT n OFFSET m}.
 */
final class ClickHouseSqlAstTranslator<T extends JdbcOperation> extends AbstractSqlAstTranslator<T> {

    /** Waits for the mutation on this replica and all others before returning. */
    static final String MUTATION_SYNC = " settings mutations_sync = 2";

    /** Appended to every top-level query. */
    static final String SQL_SEMANTICS = " settings join_use_nulls = 1, aggregate_functions_null_for_empty = 1";

    ClickHouseSqlAstTranslator(SessionFactoryImplementor sessionFactory, Statement statement) {
        super(sessionFactory, statement);
    }

    @Override
    public void visitSelectStatement(SelectStatement statement) {
        super.visitSelectStatement(statement);
        if (getStatementStack().isEmpty() && getQueryPartStack().isEmpty()) {
            appendSql(SQL_SEMANTICS); // the outermost query: SETTINGS must close the statement
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

    @Override
    public void visitOffsetFetchClause(QueryPart queryPart) {
        if (!isRowNumberingCurrentQueryPart()) {
            renderLimitOffsetClause(queryPart);
        }
    }

    @Override
    protected void visitUpdateStatementOnly(UpdateStatement statement) {
        renderUpdateClause(statement);
        renderSetClause(statement.getAssignments());
        renderWhere(statement.getRestriction() == null);
        visitWhereClause(statement.getRestriction());
        appendSql(MUTATION_SYNC);
    }

    @Override
    protected void renderUpdateClause(UpdateStatement statement) {
        appendSql("alter table ");
        getClauseStack().push(Clause.UPDATE);
        try {
            renderDmlTargetTableExpression(statement.getTargetTable());
        } finally {
            getClauseStack().pop();
        }
        appendSql(" update");
    }

    @Override
    protected void renderSetClause(List<Assignment> assignments) {
        char separator = ' ';
        getClauseStack().push(Clause.SET);
        try {
            for (Assignment assignment : assignments) {
                appendSql(separator);
                separator = ',';
                visitSetAssignment(assignment);
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
    }

    /** An entity update: {@code ALTER TABLE t UPDATE a = ?, b = ? WHERE id = ?}, synchronous. */
    @Override
    public void visitStandardTableUpdate(TableUpdateStandard update) {
        getCurrentClauseStack().push(Clause.UPDATE);
        try {
            appendSql("alter table ");
            appendSql(update.getMutatingTable().getTableName());
            registerAffectedTable(update.getMutatingTable().getTableName());
            appendSql(" update ");
            getCurrentClauseStack().push(Clause.SET);
            try {
                update.forEachValueBinding((position, binding) -> {
                    if (position > 0) {
                        appendSql(", ");
                    }
                    appendSql(binding.getColumnReference().getColumnExpression());
                    appendSql(" = ");
                    binding.getValueExpression().accept(this);
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
            appendSql(MUTATION_SYNC);
        } finally {
            getCurrentClauseStack().pop();
        }
    }

    /** ClickHouse mutations and lightweight deletes require a WHERE clause. */
    private void renderWhere(boolean unrestricted) {
        if (unrestricted) {
            appendSql(" where 1");
        }
    }
}
