package dev.chorm.engine.http;

import java.util.Locale;

/**
 * Just enough of ClickHouse's lexer to route a request before the engine sees it: where one
 * statement ends (to refuse a second one), where an INSERT's inline data starts (data must never
 * be parsed as SQL), and which FORMAT a query names (for the response headers).
 *
 * <p>Works on text decoded as ISO-8859-1 so that character positions are byte offsets: every
 * character that matters to the structure is ASCII, and bytes of UTF-8 sequences inside strings,
 * identifiers and data pass through untouched.
 */
final class SqlScanner {

    /** The result of scanning one request text. */
    record Statement(
            /* first keyword, upper case: SELECT, INSERT, SET, USE, ... ("" for none) */
            String keyword,
            /* for INSERT with inline data: the statement before VALUES/FORMAT, else null */
            String insertHead,
            /* for INSERT with inline data: the input format (Values for VALUES) */
            String insertFormat,
            /* for INSERT with inline data: offset of the first data byte, else -1 */
            int dataStart,
            /* the FORMAT a non-INSERT statement names, else null */
            String outputFormat,
            /* offset of a second statement after ';', else -1 */
            int secondStatement,
            /* true when the text ended inside a token or before an INSERT's data could be located */
            boolean incomplete) {

        boolean isInsertWithData() {
            return insertHead != null;
        }
    }

    private final String text;
    private int pos;

    private SqlScanner(String text) {
        this.text = text;
    }

    /**
     * Scans {@code text}; {@code complete} says whether more text may follow (a request body still
     * being read), in which case an INSERT's data position or a statement end may be unknown yet.
     */
    static Statement scan(String text, boolean complete) {
        return new SqlScanner(text).run(complete);
    }

    private Statement run(boolean complete) {
        String keyword = "";
        int depth = 0;
        boolean insert = false;
        boolean seenInto = false;
        String formatCandidate = null;
        int formatCandidateEnd = -1;
        int lastEnd = 0; // end of the last token before the current one: comments excluded
        while (true) {
            lastEnd = pos;
            int start = skipSpaceAndComments();
            if (start < 0) {
                return new Statement(keyword, null, null, -1, null, -1, true);
            }
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == ';') {
                int semicolon = pos;
                pos++;
                int next = skipSpaceAndComments();
                if (next < 0) {
                    return new Statement(keyword, null, null, -1, null, -1, true);
                }
                if (pos < text.length()) {
                    return new Statement(keyword, null, null, -1, null, pos, false);
                }
                pos = semicolon;
                break;
            }
            if (c == '(' || c == '[') {
                depth++;
                pos++;
                continue;
            }
            if (c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
                pos++;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                if (!skipQuoted(c)) {
                    return new Statement(keyword, null, null, -1, null, -1, true);
                }
                continue;
            }
            if (c == '$' && heredoc()) {
                continue;
            }
            if (isWordStart(c)) {
                int wordStart = pos;
                while (pos < text.length() && isWordPart(text.charAt(pos))) {
                    pos++;
                }
                String word = text.substring(wordStart, pos).toUpperCase(Locale.ROOT);
                if (keyword.isEmpty()) {
                    keyword = word;
                    insert = word.equals("INSERT");
                    continue;
                }
                if (depth != 0) {
                    continue;
                }
                if (insert) {
                    if (word.equals("INTO")) {
                        seenInto = true;
                    } else if (seenInto && (word.equals("SELECT") || word.equals("WITH"))) {
                        insert = false; // INSERT ... SELECT: an ordinary statement
                    } else if (seenInto && word.equals("VALUES")) {
                        return new Statement(keyword, head(lastEnd), "Values", pos, null, -1, false);
                    } else if (seenInto && word.equals("FORMAT")) {
                        return insertWithFormat(keyword, lastEnd, complete);
                    }
                } else if (word.equals("FORMAT")) {
                    int save = pos;
                    skipSpaceAndComments();
                    int nameStart = pos;
                    while (pos < text.length() && isWordPart(text.charAt(pos))) {
                        pos++;
                    }
                    if (pos > nameStart) {
                        formatCandidate = text.substring(nameStart, pos);
                        formatCandidateEnd = pos;
                    }
                    // scan the name again as a word: in `AS format FORMAT JSON` it is the keyword
                    pos = save;
                }
                continue;
            }
            pos++;
        }
        String outputFormat = formatCandidate != null && endsClause(formatCandidateEnd) ? formatCandidate : null;
        if (insert && seenInto) {
            // INSERT INTO t with neither VALUES nor FORMAT yet: data position unknown
            return new Statement(keyword, null, null, -1, outputFormat, -1, !complete);
        }
        return new Statement(keyword, null, null, -1, outputFormat, -1, false);
    }

    private Statement insertWithFormat(String keyword, int headEnd, boolean complete) {
        int save = skipSpaceAndComments();
        if (save < 0 || pos >= text.length()) {
            return new Statement(keyword, null, null, -1, null, -1, true);
        }
        int nameStart = pos;
        while (pos < text.length() && isWordPart(text.charAt(pos))) {
            pos++;
        }
        if (pos == nameStart) {
            return new Statement(keyword, null, null, -1, null, -1, false); // engine reports the syntax error
        }
        if (pos == text.length() && !complete) {
            return new Statement(keyword, null, null, -1, null, -1, true); // the name may go on
        }
        String format = text.substring(nameStart, pos);
        // As ClickHouse does: the data starts after blanks and at most one line break.
        int data = pos;
        while (data < text.length() && (text.charAt(data) == ' ' || text.charAt(data) == '\t' || text.charAt(data) == '\f')) {
            data++;
        }
        if (data < text.length() && text.charAt(data) == '\r') {
            data++;
        }
        if (data < text.length() && text.charAt(data) == '\n') {
            data++;
        }
        if (data == text.length() && !complete) {
            return new Statement(keyword, null, null, -1, null, -1, true);
        }
        return new Statement(keyword, head(headEnd), format, data, null, -1, false);
    }

    /** True when only SETTINGS, a final ';' or nothing follows {@code from}: a FORMAT there names the output. */
    private boolean endsClause(int from) {
        int save = pos;
        pos = from;
        try {
            if (skipSpaceAndComments() < 0 || pos >= text.length()) {
                return true;
            }
            if (text.charAt(pos) == ';') {
                pos++;
                return skipSpaceAndComments() < 0 || pos >= text.length();
            }
            return text.regionMatches(true, pos, "SETTINGS", 0, 8);
        } finally {
            pos = save;
        }
    }

    /** The statement up to {@code end}, which is a token's end: a trailing comment never reaches the engine. */
    private String head(int end) {
        return text.substring(0, end).strip();
    }

    /** Skips blanks and comments; returns -1 when the text ends inside a comment. */
    private int skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '-'
                    || c == '#' && (pos + 1 >= text.length() || text.charAt(pos + 1) == ' ' || text.charAt(pos + 1) == '!')) {
                int end = text.indexOf('\n', pos);
                pos = end < 0 ? text.length() : end + 1;
            } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
                int depth = 1;
                pos += 2;
                while (depth > 0) {
                    if (pos + 1 >= text.length()) {
                        pos = text.length();
                        return -1;
                    }
                    if (text.charAt(pos) == '/' && text.charAt(pos + 1) == '*') {
                        depth++;
                        pos += 2;
                    } else if (text.charAt(pos) == '*' && text.charAt(pos + 1) == '/') {
                        depth--;
                        pos += 2;
                    } else {
                        pos++;
                    }
                }
            } else {
                break;
            }
        }
        return pos;
    }

    /** Skips a quoted string or identifier; false when the text ends inside it. */
    private boolean skipQuoted(char quote) {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return true;
                }
            } else {
                pos++;
            }
        }
        return false;
    }

    /** Skips a {@code $tag$ ... $tag$} string when one starts here. */
    private boolean heredoc() {
        int tagEnd = pos + 1;
        while (tagEnd < text.length() && isWordPart(text.charAt(tagEnd))) {
            tagEnd++;
        }
        if (tagEnd >= text.length() || text.charAt(tagEnd) != '$') {
            return false;
        }
        String tag = text.substring(pos, tagEnd + 1);
        int end = text.indexOf(tag, tagEnd + 1);
        pos = end < 0 ? text.length() : end + tag.length();
        return true;
    }

    private static boolean isWordStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || (c >= '0' && c <= '9');
    }
}
