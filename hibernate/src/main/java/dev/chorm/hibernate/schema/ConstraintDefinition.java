package dev.chorm.hibernate.schema;

import java.util.Objects;

/**
 * A table constraint: {@code CONSTRAINT name CHECK expression} (checked on insert) or
 * {@code CONSTRAINT name ASSUME expression} (a fact the optimizer may use, never checked).
 */
public record ConstraintDefinition(String name, Kind kind, String expression) {

    /** CHECK or ASSUME. */
    public enum Kind {
        CHECK,
        ASSUME
    }

    public ConstraintDefinition {
        Objects.requireNonNull(name, "a constraint needs a name");
        Objects.requireNonNull(kind, () -> "constraint " + name + " needs a kind");
        Objects.requireNonNull(expression, () -> "constraint " + name + " needs an expression");
    }

    /** {@code CONSTRAINT name CHECK expression}. */
    public static ConstraintDefinition check(String name, String expression) {
        return new ConstraintDefinition(name, Kind.CHECK, expression);
    }

    /** {@code CONSTRAINT name ASSUME expression}. */
    public static ConstraintDefinition assume(String name, String expression) {
        return new ConstraintDefinition(name, Kind.ASSUME, expression);
    }
}
