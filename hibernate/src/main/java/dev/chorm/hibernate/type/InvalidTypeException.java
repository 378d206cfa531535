package dev.chorm.hibernate.type;

/** A type text or value that breaks a {@link TypeRule}; the message names the rule. */
public class InvalidTypeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final TypeRule rule;
    private final String detail;

    public InvalidTypeException(TypeRule rule, String detail) {
        super(detail + " [rule " + rule.name() + rule.setting().map(s -> ", lifted by setting " + s + " = 1").orElse("") + "]");
        this.rule = rule;
        this.detail = detail;
    }

    /** The rule that was broken. */
    public TypeRule rule() {
        return rule;
    }

    /** The message without the rule's name. */
    String detail() {
        return detail;
    }
}
