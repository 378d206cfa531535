package dev.chorm.hibernate.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse query settings ({@code SETTINGS max_threads = 4, max_execution_time = 30}) as an
 * immutable, validated value. A setting name is an identifier; a value is a number, a boolean
 * (sent as 1/0) or a string (sent as a quoted, escaped ClickHouse string literal), so nothing a
 * caller passes can end up as SQL.
 *
 * <p>Settings reach a query through the database hint {@link ClickHouseHints#DATABASE_HINT}, whose
 * value is {@link #hint()}: {@code "chorm.settings: max_threads = 4"}. {@link ClickHouseQuery#settings}
 * adds it for you.
 */
public final class Settings {

    /** The prefix that marks a database hint as chorm settings. */
    public static final String HINT_PREFIX = "chorm.settings:";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)");
    /** One {@code name = value} item, as this class renders and parses it. */
    private static final String ITEM = "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*('(?:[^'\\\\]|\\\\.|'')*+'|-?[0-9][0-9.eE+-]*+|[A-Za-z_][A-Za-z0-9_]*+)\\s*";
    private static final Pattern ITEM_PATTERN = Pattern.compile(ITEM);
    private static final Pattern LIST = Pattern.compile(ITEM + "(?:," + ITEM + ")*+");
    /** A SETTINGS clause closing a statement. */
    private static final Pattern TRAILING_CLAUSE = Pattern.compile("(?is)\\s+settings(\\s+" + ITEM + "(?:," + ITEM + ")*+)$");

    private static final Settings NONE = new Settings(Map.of());

    private final Map<String, String> values; // name -> value as ClickHouse SQL

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No settings. */
    public static Settings none() {
        return NONE;
    }

    /** One setting; see the class comment for the accepted values. */
    public static Settings of(String name, Object value) {
        return NONE.and(name, value);
    }

    /** Settings from a map, in its iteration order. */
    public static Settings of(Map<String, ?> settings) {
        Settings result = NONE;
        for (Map.Entry<String, ?> entry : settings.entrySet()) {
            result = result.and(entry.getKey(), entry.getValue());
        }
        return result;
    }

    /**
     * Settings written as ClickHouse writes them: {@code max_threads = 4, join_algorithm = 'hash'}.
     * A bare word value ({@code join_algorithm = hash}) is taken as a string.
     *
     * @throws IllegalArgumentException naming the text when it is not such a list
     */
    public static Settings parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        if (!LIST.matcher(text).matches()) {
            throw new IllegalArgumentException("Invalid ClickHouse settings '" + text.strip()
                    + "': expected name = value pairs separated by commas, a value being a number, "
                    + "a quoted string or a word, e.g. max_threads = 4, join_algorithm = 'hash'");
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        Matcher item = ITEM_PATTERN.matcher(text);
        while (item.find()) {
            String value = item.group(2);
            parsed.put(item.group(1), value.startsWith("'") || NUMBER.matcher(value).matches() ? value
                    : value.equalsIgnoreCase("true") ? "1" : value.equalsIgnoreCase("false") ? "0" : quote(value));
        }
        return new Settings(parsed);
    }

    /** These settings and one more; a setting of the same name is replaced. */
    public Settings and(String name, Object value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid ClickHouse setting name '" + name
                    + "': a setting name is a word of letters, digits and underscores");
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.remove(name);
        copy.put(name, render(name, value));
        return new Settings(copy);
    }

    /** These settings overridden by {@code other}'s. */
    public Settings and(Settings other) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        other.values.keySet().forEach(copy::remove);
        copy.putAll(other.values);
        return new Settings(copy);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Setting names and their values as ClickHouse SQL ({@code 4}, {@code 'hash'}), in order. */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * The settings as parameters of ClickHouse's HTTP interface ({@code max_threads=4},
     * {@code join_algorithm=hash}): the values of {@link #asMap()} with strings unquoted.
     */
    public Map<String, String> asParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        values.forEach((name, value) -> parameters.put(name, value.startsWith("'") ? unquote(value) : value));
        return parameters;
    }

    /** The database hint carrying these settings: {@code chorm.settings: max_threads = 4}. */
    public String hint() {
        return HINT_PREFIX + " " + this;
    }

    /** {@code name = value, ...} */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        values.forEach((name, value) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(name).append(" = ").append(value);
        });
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Settings settings && settings.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The settings carried by chorm database hints among {@code hints}, later hints winning. */
    public static Settings fromHints(Iterable<String> hints) {
        Settings result = NONE;
        if (hints != null) {
            for (String hint : hints) {
                if (hint != null && hint.startsWith(HINT_PREFIX)) {
                    result = result.and(parse(hint.substring(HINT_PREFIX.length())));
                }
            }
        }
        return result;
    }

    /**
     * {@code sql} with these settings in its closing SETTINGS clause (added if there is none).
     * With {@code override} these settings replace those of the same name already there; without,
     * the statement's own settings win.
     */
    public String applyTo(String sql, boolean override) {
        if (isEmpty()) {
            return sql;
        }
        Settings existing = parse(trailingClause(sql));
        return withoutClause(sql) + " settings " + (override ? existing.and(this) : and(existing));
    }

    /** The items of the SETTINGS clause closing {@code sql}, or "" when there is none. */
    static String trailingClause(String sql) {
        Matcher clause = TRAILING_CLAUSE.matcher(sql);
        return clause.find() ? clause.group(1) : "";
    }

    /** {@code sql} without its closing SETTINGS clause. */
    static String withoutClause(String sql) {
        Matcher clause = TRAILING_CLAUSE.matcher(sql);
        return clause.find() ? sql.substring(0, clause.start()) : sql;
    }

    /** These settings and one whose value is already ClickHouse SQL (from {@link #asMap()}). */
    Settings andRendered(String name, String sqlValue) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.remove(name);
        copy.put(name, sqlValue);
        return new Settings(copy);
    }

    private static String render(String name, Object value) {
        if (value instanceof Boolean flag) {
            return flag ? "1" : "0";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new IllegalArgumentException("Invalid value " + value + " for ClickHouse setting " + name);
            }
            return BigDecimal.valueOf(number).toPlainString();
        }
        if (value instanceof java.time.Duration duration) {
            return Long.toString(duration.toSeconds());
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return quote(value.toString());
        }
        throw new IllegalArgumentException("Invalid value " + value + " for ClickHouse setting " + name
                + ": a setting value is a number, a boolean, a Duration (seconds) or a string, not a "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** The text of a quoted string as {@link #quote} and {@link #parse} accept it. */
    private static String unquote(String quoted) {
        StringBuilder text = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if ((c == '\\' || (c == '\'' && quoted.charAt(i + 1) == '\'')) && i + 1 < quoted.length() - 1) {
                c = quoted.charAt(++i);
            }
            text.append(c);
        }
        return text.toString();
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
