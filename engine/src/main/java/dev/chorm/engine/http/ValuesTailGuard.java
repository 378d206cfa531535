package dev.chorm.engine.http;

/**
 * Watches the data of an INSERT in the Values format for text after a closing {@code ;}. The
 * engine's Values reader stops at the semicolon and drops the rest, so {@code VALUES (1); DROP
 * TABLE t} would store the row and silently ignore the rest; ClickHouse refuses such a request,
 * and so does this guard, before the insert is committed. Quotes are tracked across chunks.
 */
final class ValuesTailGuard {

    private char quote;
    private boolean escaped;
    private boolean ended;

    void check(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = (char) (data[i] & 0xFF);
            if (ended) {
                if (!Character.isWhitespace(c)) {
                    throw new ClickHouseError(33, "CANNOT_READ_ALL_DATA",
                            "Cannot read data after semicolon: one request carries one statement; nothing was inserted");
                }
            } else if (quote != 0) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == quote) {
                    quote = 0; // a doubled quote re-opens right away, which is the same state
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                ended = true;
            }
        }
    }
}
