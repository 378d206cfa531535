package dev.chorm.engine.http;

/**
 * An error answered the way ClickHouse answers it over HTTP: numeric code, symbolic name and
 * message, rendered as {@code Code: N. DB::Exception: message (NAME)}.
 */
final class ClickHouseError extends RuntimeException {

    final int code;
    final String name;

    ClickHouseError(int code, String name, String message) {
        super(message);
        this.code = code;
        this.name = name;
    }

    static ClickHouseError syntax(String message) {
        return new ClickHouseError(62, "SYNTAX_ERROR", message);
    }
}
