package dev.chorm.hibernate.type;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Recursive-descent parser of ClickHouse type texts; see {@link ClickHouseType#parse(String)}. */
final class TypeParser {

    /** Lower-case family name or alias to canonical family name. */
    private static final Map<String, String> FAMILIES = new HashMap<>();
    /** Proper word prefixes of multi-word aliases ({@code "double"} of {@code "double precision"}). */
    private static final Set<String> MULTI_WORD_PREFIXES = new HashSet<>();
    private static final Map<String, ClickHouseType.Simple> SIMPLE = new HashMap<>();

    static {
        for (ClickHouseType.Simple simple : ClickHouseType.Simple.values()) {
            SIMPLE.put(simple.render(), simple);
            family(simple.render(), simple.render());
        }
        for (String family : List.of("FixedString", "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256",
                "DateTime", "DateTime32", "DateTime64", "Time64", "Enum", "Enum8", "Enum16", "Array", "Tuple", "Map",
                "Nullable", "LowCardinality", "JSON", "Variant", "Dynamic", "AggregateFunction",
                "SimpleAggregateFunction", "Nested")) {
            family(family, family);
        }
        // the aliases of system.data_type_families on ClickHouse 26.7
        aliases("Bool", "BOOLEAN");
        aliases("DateTime", "TIMESTAMP");
        aliases("Decimal", "DEC", "FIXED", "NUMERIC");
        aliases("FixedString", "BINARY");
        aliases("Float32", "FLOAT", "REAL", "SINGLE");
        aliases("Float64", "DOUBLE", "DOUBLE PRECISION");
        aliases("IPv4", "INET4");
        aliases("IPv6", "INET6");
        aliases("Int8", "BYTE", "INT1", "INT1 SIGNED", "TINYINT", "TINYINT SIGNED");
        aliases("Int16", "SMALLINT", "SMALLINT SIGNED");
        aliases("Int32", "INT", "INT SIGNED", "INTEGER", "INTEGER SIGNED", "MEDIUMINT", "MEDIUMINT SIGNED");
        aliases("Int64", "BIGINT", "BIGINT SIGNED", "SIGNED");
        aliases("UInt8", "INT1 UNSIGNED", "TINYINT UNSIGNED");
        aliases("UInt16", "SMALLINT UNSIGNED", "YEAR");
        aliases("UInt32", "INT UNSIGNED", "INTEGER UNSIGNED", "MEDIUMINT UNSIGNED");
        aliases("UInt64", "BIGINT UNSIGNED", "BIT", "SET", "UNSIGNED");
        aliases("String", "BINARY LARGE OBJECT", "BINARY VARYING", "BLOB", "BYTEA", "CHAR", "CHAR LARGE OBJECT",
                "CHAR VARYING", "CHARACTER", "CHARACTER LARGE OBJECT", "CHARACTER VARYING", "CLOB", "LONGBLOB",
                "LONGTEXT", "MEDIUMBLOB", "MEDIUMTEXT", "NATIONAL CHAR", "NATIONAL CHAR VARYING", "NATIONAL CHARACTER",
                "NATIONAL CHARACTER LARGE OBJECT", "NATIONAL CHARACTER VARYING", "NCHAR", "NCHAR LARGE OBJECT",
                "NCHAR VARYING", "NVARCHAR", "TEXT", "TINYBLOB", "TINYTEXT", "VARBINARY", "VARCHAR", "VARCHAR2");
    }

    private static void family(String name, String canonical) {
        String lower = name.toLowerCase(Locale.ROOT);
        FAMILIES.put(lower, canonical);
        String[] words = lower.split(" ");
        for (int i = 1; i < words.length; i++) {
            MULTI_WORD_PREFIXES.add(String.join(" ", List.of(words).subList(0, i)));
        }
    }

    private static void aliases(String canonical, String... aliases) {
        for (String alias : aliases) {
            family(alias, canonical);
        }
    }

    private final String text;
    private int pos;

    private TypeParser(String text) {
        this.text = text;
    }

    static ClickHouseType parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a ClickHouse type text cannot be null");
        }
        TypeParser parser = new TypeParser(text);
        ClickHouseType type = parser.type();
        parser.skipSpaces();
        if (parser.pos < text.length()) {
            throw parser.error(parser.pos, TypeRule.SYNTAX, "unexpected '" + text.substring(parser.pos) + "' after the type");
        }
        return type;
    }

    // ---- grammar ----

    private ClickHouseType type() {
        skipSpaces();
        int start = pos;
        String family = familyName();
        skipSpaces();
        boolean arguments = peek('(');
        switch (family) {
            case "FixedString" -> {
                int length = parenthesized(this::integer);
                return build(start, () -> new ClickHouseType.FixedString(length));
            }
            case "Decimal" -> {
                return decimal(start);
            }
            case "Decimal32", "Decimal64", "Decimal128", "Decimal256" -> {
                int scale = parenthesized(this::integer);
                int precision = switch (family) {
                    case "Decimal32" -> 9;
                    case "Decimal64" -> 18;
                    case "Decimal128" -> 38;
                    default -> ClickHouseType.Decimal.MAX_PRECISION;
                };
                return build(start, () -> new ClickHouseType.Decimal(precision, scale));
            }
            case "DateTime", "DateTime32" -> {
                return arguments ? dateTimeArguments(start) : ClickHouseType.DateTime.SERVER_ZONE;
            }
            case "DateTime64" -> {
                return arguments ? dateTimeArguments(start) : new ClickHouseType.DateTime64(ClickHouseType.DateTime64.DEFAULT_PRECISION, null);
            }
            case "Time64" -> {
                int precision = arguments ? parenthesized(this::integer) : ClickHouseType.DateTime64.DEFAULT_PRECISION;
                return build(start, () -> new ClickHouseType.Time64(precision));
            }
            case "Enum", "Enum8", "Enum16" -> {
                return enumeration(start, family);
            }
            case "Array" -> {
                ClickHouseType element = parenthesized(this::type);
                return build(start, () -> new ClickHouseType.Array(element));
            }
            case "Nullable" -> {
                ClickHouseType inner = parenthesized(this::type);
                return build(start, () -> new ClickHouseType.Nullable(inner));
            }
            case "LowCardinality" -> {
                ClickHouseType inner = parenthesized(this::type);
                return build(start, () -> new ClickHouseType.LowCardinality(inner));
            }
            case "Map" -> {
                expect('(');
                ClickHouseType key = type();
                expect(',');
                ClickHouseType value = type();
                expect(')');
                return build(start, () -> new ClickHouseType.Map(key, value));
            }
            case "Tuple" -> {
                List<ClickHouseType.Tuple.Element> elements = arguments ? list(this::tupleElement) : List.of();
                return build(start, () -> new ClickHouseType.Tuple(elements));
            }
            case "Variant" -> {
                List<ClickHouseType> alternatives = list(this::type);
                return build(start, () -> new ClickHouseType.Variant(alternatives));
            }
            case "Dynamic" -> {
                Integer maxTypes = arguments ? parenthesized(() -> setting("max_types")) : null;
                return build(start, () -> new ClickHouseType.Dynamic(maxTypes));
            }
            case "JSON" -> {
                return arguments ? json(start) : ClickHouseType.Json.PLAIN;
            }
            case "AggregateFunction" -> {
                return aggregateFunction(start);
            }
            case "SimpleAggregateFunction" -> {
                expect('(');
                String function = function();
                expect(',');
                ClickHouseType argument = type();
                expect(')');
                return build(start, () -> new ClickHouseType.SimpleAggregateFunction(function, argument));
            }
            case "Nested" -> throw error(start, TypeRule.SYNTAX,
                    "Nested is not a column type: ClickHouse stores Nested(a T, ...) as Array(T) columns named n.a");
            default -> {
                ClickHouseType.Simple simple = SIMPLE.get(family);
                if (arguments) {
                    if (!acceptsIgnoredArguments(simple)) {
                        throw error(pos, TypeRule.SYNTAX, family + " cannot have arguments");
                    }
                    list(this::integer); // INT(11), VARCHAR(255), FLOAT(10): ignored, as by the server
                }
                return simple;
            }
        }
    }

    private static boolean acceptsIgnoredArguments(ClickHouseType.Simple simple) {
        return simple == ClickHouseType.Simple.STRING || simple == ClickHouseType.Simple.FLOAT32
                || simple == ClickHouseType.Simple.FLOAT64 || simple.isInteger();
    }

    /** A family name of one or more words, resolved to its canonical family. */
    private String familyName() {
        int start = pos;
        String word = word();
        if (word == null) {
            throw error(start, TypeRule.SYNTAX, atEnd() ? "a type is missing" : "a type name was expected");
        }
        String lower = word.toLowerCase(Locale.ROOT);
        String best = FAMILIES.containsKey(lower) ? lower : null;
        int bestEnd = pos;
        while (MULTI_WORD_PREFIXES.contains(lower)) {
            int save = pos;
            skipSpaces();
            String next = word();
            if (next == null) {
                pos = save;
                break;
            }
            lower = lower + " " + next.toLowerCase(Locale.ROOT);
            if (FAMILIES.containsKey(lower)) {
                best = lower;
                bestEnd = pos;
            }
        }
        if (best == null) {
            throw error(start, TypeRule.SYNTAX, "unknown type '" + word + "'");
        }
        pos = bestEnd;
        return FAMILIES.get(best);
    }

    private ClickHouseType decimal(int start) {
        int precision = 10;
        int scale = 0;
        if (peek('(')) {
            expect('(');
            precision = integer();
            if (consume(',')) {
                scale = integer();
            }
            expect(')');
        }
        int p = precision;
        int s = scale;
        return build(start, () -> new ClickHouseType.Decimal(p, s));
    }

    /** {@code ('zone')}, {@code (p)} or {@code (p, 'zone')}: a precision makes it DateTime64. */
    private ClickHouseType dateTimeArguments(int start) {
        expect('(');
        skipSpaces();
        if (peek('\'')) {
            String zone = string();
            expect(')');
            return build(start, () -> new ClickHouseType.DateTime(zone));
        }
        int precision = integer();
        String zone = null;
        if (consume(',')) {
            zone = string();
        }
        expect(')');
        String z = zone;
        return build(start, () -> new ClickHouseType.DateTime64(precision, z));
    }

    /** {@code ('a' = 1, 'b', ...)}: a missing value is the previous one plus 1 (the first is 1). */
    private ClickHouseType enumeration(int start, String family) {
        Map<String, Integer> values = new LinkedHashMap<>();
        int[] next = {1};
        list(() -> {
            skipSpaces();
            int at = pos;
            String name = string();
            int value = next[0];
            if (consume('=')) {
                value = integer();
            }
            if (values.put(name, value) != null) {
                throw error(at, TypeRule.ENUM_DUPLICATE, "Enum name '" + name + "' is given twice");
            }
            next[0] = value + 1;
            return name;
        });
        return build(start, () -> switch (family) {
            case "Enum8" -> new ClickHouseType.Enum(8, values);
            case "Enum16" -> new ClickHouseType.Enum(16, values);
            default -> ClickHouseType.Enum.of(values);
        });
    }

    /**
     * {@code name Type}, {@code `name` Type} or {@code Type}. As on the server, a word followed by
     * another word is a name: multi-word aliases ({@code DOUBLE PRECISION}) are not types here.
     */
    private ClickHouseType.Tuple.Element tupleElement() {
        skipSpaces();
        if (peek('`') || peek('"')) {
            String name = identifier();
            return new ClickHouseType.Tuple.Element(name, type());
        }
        int save = pos;
        String word = word();
        if (word == null) {
            throw error(pos, TypeRule.SYNTAX, "a tuple element was expected");
        }
        int afterWord = pos;
        skipSpaces();
        if (atEnd() || peek(',') || peek(')') || peek('(')) {
            pos = save;
            return new ClickHouseType.Tuple.Element(null, type());
        }
        pos = afterWord;
        return new ClickHouseType.Tuple.Element(word, type());
    }

    private ClickHouseType json(int start) {
        Integer[] limits = new Integer[2]; // max_dynamic_paths, max_dynamic_types
        Map<String, ClickHouseType> typed = new TreeMap<>();
        List<String> skip = new ArrayList<>();
        List<String> skipRegexp = new ArrayList<>();
        list(() -> {
            skipSpaces();
            int at = pos;
            String word = word();
            skipSpaces();
            if (word != null && peek('=')) {
                pos = at;
                switch (word.toLowerCase(Locale.ROOT)) {
                    case "max_dynamic_paths" -> limits[0] = setting("max_dynamic_paths");
                    case "max_dynamic_types" -> limits[1] = setting("max_dynamic_types");
                    default -> throw error(at, TypeRule.SYNTAX, "unknown JSON parameter '" + word + "'");
                }
            } else if (word != null && word.equalsIgnoreCase("SKIP")) {
                int afterSkip = pos;
                String regexp = word();
                skipSpaces();
                if (regexp != null && regexp.equalsIgnoreCase("REGEXP") && peek('\'')) {
                    skipRegexp.add(string());
                } else {
                    pos = afterSkip;
                    skip.add(path());
                }
            } else {
                pos = at;
                String path = path();
                if (typed.put(path, type()) != null) {
                    throw error(at, TypeRule.SYNTAX, "JSON path " + path + " is typed twice");
                }
            }
            return at;
        });
        return build(start, () -> new ClickHouseType.Json(limits[0], limits[1], typed, skip, skipRegexp));
    }

    /** {@code AggregateFunction([version, ]function[(parameters)], T...)}. */
    private ClickHouseType aggregateFunction(int start) {
        expect('(');
        skipSpaces();
        Integer version = null;
        if (!atEnd() && Character.isDigit(text.charAt(pos))) {
            version = integer();
            expect(',');
        }
        String function = function();
        List<ClickHouseType> arguments = new ArrayList<>();
        while (consume(',')) {
            arguments.add(type());
        }
        expect(')');
        Integer v = version;
        return build(start, () -> new ClickHouseType.AggregateFunction(v, function, arguments));
    }

    /** An aggregate function name with optional literal parameters, normalised: {@code quantiles(0.5, 0.9)}. */
    private String function() {
        skipSpaces();
        String name = word();
        if (name == null) {
            throw error(pos, TypeRule.SYNTAX, "an aggregate function name was expected");
        }
        skipSpaces();
        if (!peek('(')) {
            return name;
        }
        List<String> parameters = list(() -> {
            skipSpaces();
            return peek('\'') ? SqlQuoting.quoteString(string()) : number();
        });
        return name + "(" + String.join(", ", parameters) + ")";
    }

    /** A JSON path: identifiers joined by dots, each possibly quoted; returned dot-joined. */
    private String path() {
        StringBuilder path = new StringBuilder(identifier());
        while (!atEnd() && text.charAt(pos) == '.') {
            pos++;
            path.append('.').append(identifier());
        }
        return path.toString();
    }

    /** {@code name = N} for a parameter named {@code name}. */
    private int setting(String name) {
        skipSpaces();
        int at = pos;
        String word = word();
        if (word == null || !word.equalsIgnoreCase(name)) {
            throw error(at, TypeRule.SYNTAX, name + " = N was expected");
        }
        expect('=');
        return integer();
    }

    // ---- tokens ----

    private <T> T parenthesized(Supplier<T> item) {
        expect('(');
        T value = item.get();
        expect(')');
        return value;
    }

    /** {@code (item, item, ...)}, possibly empty. */
    private <T> List<T> list(Supplier<T> item) {
        expect('(');
        List<T> items = new ArrayList<>();
        if (consume(')')) {
            return items;
        }
        do {
            items.add(item.get());
        } while (consume(','));
        expect(')');
        return items;
    }

    private String word() {
        if (atEnd() || !isWordStart(text.charAt(pos))) {
            return null;
        }
        int start = pos;
        while (!atEnd() && (isWordStart(text.charAt(pos)) || Character.isDigit(text.charAt(pos)))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isWordStart(char c) {
        return c == '_' || c < 128 && Character.isLetter(c);
    }

    private String identifier() {
        skipSpaces();
        if (peek('`') || peek('"')) {
            return quoted(text.charAt(pos));
        }
        String word = word();
        if (word == null) {
            throw error(pos, TypeRule.SYNTAX, "a name was expected");
        }
        return word;
    }

    private String string() {
        skipSpaces();
        if (!peek('\'')) {
            throw error(pos, TypeRule.SYNTAX, "a string literal was expected");
        }
        return quoted('\'');
    }

    /** A literal between {@code quote}s: backslash escapes, or the quote doubled. */
    private String quoted(char quote) {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error(start, TypeRule.SYNTAX, "unterminated " + quote + "...");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                if (peek(quote)) {
                    pos++;
                    value.append(quote);
                    continue;
                }
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (atEnd()) {
                throw error(start, TypeRule.SYNTAX, "unterminated " + quote + "...");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case '0' -> value.append('\0');
                case 'a' -> value.append('\u0007');
                case 'v' -> value.append('\u000B');
                case 'e' -> value.append('\u001B');
                case 'x' -> {
                    if (pos + 2 > text.length()) {
                        throw error(pos, TypeRule.SYNTAX, "\\x needs two hex digits");
                    }
                    try {
                        value.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
                    } catch (NumberFormatException ex) {
                        throw error(pos, TypeRule.SYNTAX, "\\x needs two hex digits");
                    }
                    pos += 2;
                }
                default -> value.append(e); // \\ \' \" \` and any other escaped character stand for themselves
            }
        }
    }

    /** An integer with optional sign (spaces allowed after it, as {@code - 1}). */
    private int integer() {
        skipSpaces();
        int start = pos;
        boolean negative = false;
        if (peek('-') || peek('+')) {
            negative = text.charAt(pos++) == '-';
            skipSpaces();
        }
        int digits = pos;
        while (!atEnd() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (digits == pos) {
            throw error(start, TypeRule.SYNTAX, "a number was expected");
        }
        try {
            return Math.toIntExact(Long.parseLong((negative ? "-" : "") + text.substring(digits, pos)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(start, TypeRule.SYNTAX, "number out of range: " + text.substring(start, pos));
        }
    }

    /** A numeric literal, normalised as the server prints it: {@code 0.50} and {@code .5} give {@code 0.5}. */
    private String number() {
        skipSpaces();
        int start = pos;
        if (peek('-') || peek('+')) {
            pos++;
        }
        while (!atEnd() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                || (text.charAt(pos) == '-' || text.charAt(pos) == '+') && "eE".indexOf(text.charAt(pos - 1)) >= 0)) {
            pos++;
        }
        String literal = text.substring(start, pos);
        try {
            return new BigDecimal(literal).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            throw error(start, TypeRule.SYNTAX, "a number or string parameter was expected");
        }
    }

    private void expect(char c) {
        skipSpaces();
        if (!peek(c)) {
            throw error(pos, TypeRule.SYNTAX, "'" + c + "' was expected"
                    + (atEnd() ? " but the text ended" : ", found '" + text.charAt(pos) + "'"));
        }
        pos++;
    }

    /** Skips spaces, then {@code c} if it is next. */
    private boolean consume(char c) {
        skipSpaces();
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return !atEnd() && text.charAt(pos) == c;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Builds a type, reporting a broken rule at the type's position in the text. */
    private ClickHouseType build(int start, Supplier<ClickHouseType> constructor) {
        try {
            return constructor.get();
        } catch (InvalidTypeException e) {
            throw error(start, e.rule(), e.detail());
        }
    }

    private InvalidTypeException error(int at, TypeRule rule, String detail) {
        return new InvalidTypeException(rule, "invalid ClickHouse type \"" + text + "\" at position " + at + ": " + detail);
    }
}
