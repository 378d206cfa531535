package dev.chorm.hibernate.schema;

/** A {@link TableDefinition} that breaks a {@link TableRule}; the message names the table, the column and the rule. */
public class InvalidTableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final TableRule rule;

    public InvalidTableException(TableRule rule, String table, String detail) {
        this(rule, table, detail, null);
    }

    public InvalidTableException(TableRule rule, String table, String detail, Throwable cause) {
        super("table " + table + ": " + detail + " [rule " + rule.name() + "]", cause);
        this.rule = rule;
    }

    /** The rule that was broken. */
    public TableRule rule() {
        return rule;
    }
}
