package dev.chorm.hibernate.type;

import org.hibernate.dialect.aggregate.AggregateSupport;
import org.hibernate.dialect.aggregate.AggregateSupportImpl;
import org.hibernate.mapping.Column;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.mapping.SqlTypedMapping;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.spi.TypeConfiguration;

/**
 * How Hibernate reaches into an embeddable stored as one ClickHouse {@code Tuple} column (an
 * aggregate embeddable, {@link SqlTypes#STRUCT}): a field is read as {@code tupleElement(column, 'name')},
 * so {@code where e.location.x > 1} filters on the element. Inserts and updates always write the whole
 * tuple, also when an HQL update assigns single fields. Other aggregate kinds (JSON, XML) are not
 * supported, as before.
 */
public final class TupleAggregateSupport extends AggregateSupportImpl {

    /** The dialect's aggregate support. */
    public static final AggregateSupport INSTANCE = new TupleAggregateSupport();

    private TupleAggregateSupport() {
    }

    @Override
    public String aggregateComponentCustomReadExpression(String template, String placeholder, String aggregateParentReadExpression,
                                                         String columnExpression, int aggregateColumnTypeCode,
                                                         SqlTypedMapping column, TypeConfiguration typeConfiguration) {
        if (aggregateColumnTypeCode != SqlTypes.STRUCT) {
            return super.aggregateComponentCustomReadExpression(template, placeholder, aggregateParentReadExpression,
                    columnExpression, aggregateColumnTypeCode, column, typeConfiguration);
        }
        return template.replace(placeholder, "tupleElement(" + aggregateParentReadExpression + ","
                + SqlQuoting.quoteString(unquoted(columnExpression)) + ")");
    }

    /** The element's path; never rendered, as assignments to fields rewrite the whole tuple. */
    @Override
    public String aggregateComponentAssignmentExpression(String aggregateParentAssignmentExpression, String columnExpression,
                                                         int aggregateColumnTypeCode, Column column) {
        if (aggregateColumnTypeCode != SqlTypes.STRUCT) {
            return super.aggregateComponentAssignmentExpression(aggregateParentAssignmentExpression, columnExpression,
                    aggregateColumnTypeCode, column);
        }
        return aggregateParentAssignmentExpression + "." + columnExpression;
    }

    /** An HQL update of some fields rewrites the whole tuple (see {@link #aggregateCustomWriteExpressionRenderer}). */
    @Override
    public boolean requiresAggregateCustomWriteExpressionRenderer(int aggregateSqlTypeCode) {
        return aggregateSqlTypeCode == SqlTypes.STRUCT;
    }

    @Override
    public WriteExpressionRenderer aggregateCustomWriteExpressionRenderer(SelectableMapping aggregateColumn, SelectableMapping[] columnsToUpdate,
                                                                          TypeConfiguration typeConfiguration) {
        if (!(aggregateColumn.getJdbcMapping().getJdbcType() instanceof EmbeddableTupleJdbcType tuple)) {
            return super.aggregateCustomWriteExpressionRenderer(aggregateColumn, columnsToUpdate, typeConfiguration);
        }
        return (appender, translator, expression, qualifier) -> tuple.renderAssignment(appender, translator, expression,
                qualifier == null ? aggregateColumn.getSelectionExpression() : qualifier + "." + aggregateColumn.getSelectionExpression(),
                columnsToUpdate);
    }

    /** Not-null fields are enforced by the element types (not Nullable) and chorm's checks before sending. */
    @Override
    public boolean supportsComponentCheckConstraints() {
        return false;
    }

    private static String unquoted(String identifier) {
        if (identifier.length() > 1 && (identifier.charAt(0) == '`' || identifier.charAt(0) == '"')
                && identifier.charAt(identifier.length() - 1) == identifier.charAt(0)) {
            return identifier.substring(1, identifier.length() - 1);
        }
        return identifier;
    }
}
