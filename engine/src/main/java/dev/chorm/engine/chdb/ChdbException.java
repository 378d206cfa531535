package dev.chorm.engine.chdb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error reported by the engine, with ClickHouse's numeric code and symbolic name kept.
 * The message is ClickHouse's own text: {@code Code: 60. DB::Exception: ... (UNKNOWN_TABLE)}.
 */
public class ChdbException extends RuntimeException {

    private static final Pattern CODE = Pattern.compile("^\\s*Code:\\s*(\\d+)\\.");
    private static final Pattern NAME = Pattern.compile("\\(([A-Z][A-Z0-9_]+)\\)(?:\\s*\\(version [^)]*\\))?\\s*$");

    private final int code;
    private final String name;

    public ChdbException(int code, String name, String message) {
        super(message);
        this.code = code;
        this.name = name;
    }

    /** Parses an engine error text; texts without a code get code 1001 (STD_EXCEPTION). */
    public static ChdbException parse(String text) {
        String message = text == null ? "unknown engine error" : text.strip();
        Matcher code = CODE.matcher(message);
        Matcher name = NAME.matcher(message);
        return new ChdbException(code.find() ? Integer.parseInt(code.group(1)) : 1001,
                name.find() ? name.group(1) : "STD_EXCEPTION", message);
    }

    /** ClickHouse's numeric error code, e.g. 60 for UNKNOWN_TABLE. */
    public int code() {
        return code;
    }

    /** ClickHouse's symbolic error name, e.g. {@code UNKNOWN_TABLE}. */
    public String name() {
        return name;
    }
}
