package dev.chorm.hibernate.type;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Quoting of ClickHouse string literals and identifiers, escaped the way the server escapes them.
 * Shared by the type catalogue and the DDL renderer.
 */
public final class SqlQuoting {

    private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * The words ClickHouse 26.7 backquotes when it prints a name inside a type ({@code Tuple} element
     * names, {@code JSON} paths), in any case; found by printing every keyword of {@code system.keywords}.
     */
    private static final Set<String> QUOTED_IN_TYPES = Set.of("all", "distinct", "from", "null", "select", "table", "values");

    private SqlQuoting() {
    }

    /** {@code value} as a single-quoted string literal: {@code it's} gives {@code 'it\'s'}. */
    public static String quoteString(String value) {
        return quote(value, '\'');
    }

    /** {@code identifier} in backquotes, always: {@code a`b} gives {@code `a\`b`}. */
    public static String backquote(String identifier) {
        return quote(identifier, '`');
    }

    /** Whether {@code word} matches {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isBareWord(String word) {
        return BARE_WORD.matcher(word).matches();
    }

    /** A name inside a type, quoted exactly when the server quotes it. */
    static String typeIdentifier(String name) {
        return isBareWord(name) && !QUOTED_IN_TYPES.contains(name.toLowerCase(Locale.ROOT)) ? name : backquote(name);
    }

    /** A {@code JSON} path: quoted like {@link #typeIdentifier}, and also when it is {@code skip}, in any case. */
    static String jsonPath(String path) {
        return path.equalsIgnoreCase("skip") ? backquote(path) : typeIdentifier(path);
    }

    /**
     * The server escapes backslash, the quote character and {@code \b \f \n \r \t \0}; every other
     * character, control characters included, is written as is.
     */
    private static String quote(String text, char quote) {
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.append(quote).toString();
    }
}
