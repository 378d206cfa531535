package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.type.SqlQuoting;

import java.util.Locale;
import java.util.Set;

/** The one rule for quoting names in DDL: backquotes only when needed. */
final class Identifiers {

    /**
     * Words that would be read as syntax where our DDL puts a name: in a column list ClickHouse 26.7
     * fails on {@code index}, {@code constraint}, {@code projection}, {@code not}, {@code null},
     * {@code true} and {@code false} (found by creating and altering a table with each of its 500
     * keywords as a column name); engine arguments and other name positions are parsed as
     * expressions, where the remaining words start or continue syntax. Quoting more than needed is
     * harmless; quoting less is a syntax error, so the list errs on the safe side.
     */
    private static final Set<String> RESERVED = Set.of(
            "all", "and", "any", "array", "as", "asc", "between", "by", "case", "cast", "constraint", "default",
            "desc", "distinct", "else", "end", "except", "exists", "false", "from", "global", "group", "having",
            "ilike", "in", "index", "inner", "interval", "intersect", "is", "join", "left", "like", "limit", "not",
            "null", "offset", "on", "or", "order", "outer", "prewhere", "primary", "projection", "right", "select",
            "settings", "table", "then", "to", "true", "union", "using", "values", "when", "where", "with");

    private Identifiers() {
    }

    static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a name cannot be empty");
        }
        return SqlQuoting.isBareWord(name) && !RESERVED.contains(name.toLowerCase(Locale.ROOT)) ? name : SqlQuoting.backquote(name);
    }
}
