package dev.chorm.hibernate.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the SQL text ClickHouse itself writes in {@code system.tables} (its formatted
 * {@code CREATE TABLE} and engine clause): splits it at top level, outside quotes and brackets.
 * Not a SQL parser: the text is ClickHouse's canonical formatting, which is regular.
 */
final class SqlText {

    private SqlText() {
    }

    /** {@code text} split at each top-level {@code separator}, parts stripped. */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i : topLevelPositions(text)) {
            if (text.charAt(i) == separator) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = text.substring(start).strip();
        if (!last.isEmpty() || !parts.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    /**
     * {@code text} cut at the top-level occurrences of {@code keywords} (whole words, as written):
     * the text before the first keyword under the key {@code ""}, then each keyword's text.
     */
    static Map<String, String> clauses(String text, List<String> keywords) {
        Map<String, String> clauses = new LinkedHashMap<>();
        String current = "";
        int start = 0;
        for (int i : topLevelPositions(text)) {
            if (i > 0 && isWordChar(text.charAt(i - 1))) {
                continue;
            }
            for (String keyword : keywords) {
                int end = i + keyword.length();
                if (text.startsWith(keyword, i) && (end == text.length() || !isWordChar(text.charAt(end)))) {
                    clauses.put(current, text.substring(start, i).strip());
                    current = keyword;
                    start = end;
                    break;
                }
            }
        }
        clauses.put(current, text.substring(start).strip());
        return clauses;
    }

    /** The text between the parentheses {@code text} is wrapped in, or {@code text} when it is not wrapped. */
    static String unwrap(String text) {
        String stripped = text.strip();
        if (stripped.startsWith("(") && stripped.endsWith(")") && closingParenthesis(stripped, 0) == stripped.length() - 1) {
            return stripped.substring(1, stripped.length() - 1).strip();
        }
        return stripped;
    }

    /** The index of the parenthesis closing the one at {@code open}. */
    static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                i = endOfQuoted(text, i);
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses in: " + text);
    }

    /** A string literal or quoted identifier without its quotes and escapes; other text unchanged. */
    static String unquote(String text) {
        String stripped = text.strip();
        if (stripped.length() < 2) {
            return stripped;
        }
        char quote = stripped.charAt(0);
        if ((quote != '\'' && quote != '`' && quote != '"') || stripped.charAt(stripped.length() - 1) != quote) {
            return stripped;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < stripped.length() - 1; i++) {
            char c = stripped.charAt(i);
            if (c == '\\' && i + 1 < stripped.length() - 1) {
                char next = stripped.charAt(++i);
                value.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else if (c == quote && i + 1 < stripped.length() - 1 && stripped.charAt(i + 1) == quote) {
                value.append(quote);
                i++;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    /** Positions of characters outside quotes and brackets. */
    private static List<Integer> topLevelPositions(String text) {
        List<Integer> positions = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                i = endOfQuoted(text, i);
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (depth == 0) {
                positions.add(i);
            }
        }
        return positions;
    }

    private static int endOfQuoted(String text, int open) {
        char quote = text.charAt(open);
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unterminated quote in: " + text);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
