package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;

import java.util.Map;

/**
 * Decides whether a column that vanished and one of the same type that appeared in the same table are
 * one column renamed. The autodetector never guesses: a rename keeps the values, a drop and an add
 * lose them, so someone must say which.
 */
@FunctionalInterface
public interface RenameResolver {

    /** Whether {@code table.from} was renamed to {@code to} (true), or dropped while {@code to} was added (false). */
    boolean isRename(String table, ColumnDefinition from, ColumnDefinition to);

    /**
     * Answers from a list given up front ({@code --rename table.old=new}): listed pairs are renames;
     * any other candidate fails with {@link AmbiguousRenameException} unless {@code othersAreNew}
     * ({@code --no-rename}) says that every unlisted candidate is a drop and an add.
     *
     * @param renames {@code "table.old"} to {@code "new"}
     */
    static RenameResolver given(Map<String, String> renames, boolean othersAreNew) {
        return (table, from, to) -> {
            String renamed = renames.get(table + "." + from.name());
            if (renamed != null) {
                return renamed.equals(to.name());
            }
            if (othersAreNew) {
                return false;
            }
            throw new AmbiguousRenameException(table, from.name(), to.name(), from.type().render());
        };
    }

    /** Refuses every candidate: the caller must decide. */
    static RenameResolver refuse() {
        return given(Map.of(), false);
    }

    /** A candidate rename nobody decided on. */
    final class AmbiguousRenameException extends RuntimeException {
        private final String table;
        private final String from;
        private final String to;

        public AmbiguousRenameException(String table, String from, String to, String type) {
            super("table " + table + ": column " + from + " vanished and column " + to + " of the same type " + type
                    + " appeared. Was it renamed? Say --rename " + table + "." + from + "=" + to
                    + " to keep its values, or --no-rename to drop " + from + " and add " + to);
            this.table = table;
            this.from = from;
            this.to = to;
        }

        public String table() {
            return table;
        }

        public String from() {
            return from;
        }

        public String to() {
            return to;
        }
    }
}
