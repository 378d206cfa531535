package dev.chorm.hibernate.type;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A ClickHouse data type: an immutable value, parsed from and rendered to ClickHouse's own text
 * form. This is chorm's one type catalogue: DDL, migrations, introspection and validation all use it.
 *
 * <pre>{@code
 * ClickHouseType t = ClickHouseType.parse("Array(LowCardinality(Nullable(String)))");
 * t.render();                                   // "Array(LowCardinality(Nullable(String)))"
 * ClickHouseType.parse("BIGINT");               // Simple.INT64, rendered "Int64"
 * new ClickHouseType.Nullable(Simple.STRING);   // "Nullable(String)"
 * }</pre>
 *
 * <p>{@link #render()} (and {@code toString()}) gives the canonical text, identical to what ClickHouse
 * 26.7 prints in {@code system.columns.type} or {@code toTypeName()}; {@code parse(render(t))} equals
 * {@code t}. Values are normalised the way the server normalises them: {@code Decimal32(3)} is
 * {@code Decimal(9, 3)}, enum elements are ordered by value, {@code Variant} alternatives and
 * {@code JSON} paths are sorted.
 *
 * <p>Constructors enforce the {@linkplain TypeRule structural rules} (an invalid type cannot exist);
 * {@link #validate(TypeRule.Setting...)} checks the rules the server applies with default settings
 * before a column of the type is created.
 */
public sealed interface ClickHouseType {

    /**
     * Parses ClickHouse's text form of a type, as {@code system.columns.type} or {@code toTypeName}
     * print it, or as written in DDL: SQL aliases ({@code INT}, {@code BIGINT UNSIGNED},
     * {@code VARCHAR(255)}, {@code DOUBLE PRECISION}, {@code BOOLEAN}, ...) map to their canonical
     * type, spacing is free and type names are matched in any case (the server itself insists on the
     * exact case of {@code Nullable}, {@code String}, {@code UInt8}...).
     *
     * @throws InvalidTypeException naming the text, the position and the rule ({@link TypeRule#SYNTAX}
     *         for text that is not a type) when the text is not a valid type
     */
    static ClickHouseType parse(String text) {
        return TypeParser.parse(text);
    }

    /** The canonical text of this type, exactly as ClickHouse prints it. */
    String render();

    /**
     * Checks the rules ClickHouse applies, with default settings, to a column of this type (see
     * {@link TypeRule}): suspicious {@code LowCardinality}, long {@code FixedString},
     * {@code Nullable(Tuple)}, {@code Nothing} columns. Nested types are checked too.
     *
     * @param enabled settings enabled on the server, which lift the rules they name
     * @return this type
     * @throws InvalidTypeException for the first rule broken
     */
    default ClickHouseType validate(TypeRule.Setting... enabled) {
        EnumSet<TypeRule.Setting> settings = EnumSet.noneOf(TypeRule.Setting.class);
        Collections.addAll(settings, enabled);
        TypeRule.validateColumn(this, settings);
        return this;
    }

    /** Whether a column of this type accepts NULL: {@code Nullable(T)} or {@code LowCardinality(Nullable(T))}. */
    default boolean isNullable() {
        return unwrapLowCardinality() instanceof Nullable;
    }

    /** This type without its {@code Nullable}, wherever it is: {@code LowCardinality(Nullable(String))} gives {@code LowCardinality(String)}. */
    default ClickHouseType unwrapNullable() {
        if (this instanceof Nullable nullable) {
            return nullable.inner();
        }
        if (this instanceof LowCardinality lc && lc.inner() instanceof Nullable nullable) {
            return new LowCardinality(nullable.inner());
        }
        return this;
    }

    /**
     * This type accepting NULL, with {@code Nullable} in the place ClickHouse wants it:
     * {@code LowCardinality(String)} gives {@code LowCardinality(Nullable(String))}.
     *
     * @throws InvalidTypeException ({@link TypeRule#NULLABLE_INNER}) for types that cannot be Nullable
     */
    default ClickHouseType withNullable() {
        if (isNullable()) {
            return this;
        }
        if (this instanceof LowCardinality lc) {
            return new LowCardinality(new Nullable(lc.inner()));
        }
        return new Nullable(this);
    }

    /** Whether this is {@code LowCardinality(...)}. */
    default boolean isLowCardinality() {
        return this instanceof LowCardinality;
    }

    /** This type without its {@code LowCardinality} wrapper. */
    default ClickHouseType unwrapLowCardinality() {
        return this instanceof LowCardinality lc ? lc.inner() : this;
    }

    /**
     * This type dictionary-encoded: {@code LowCardinality(T)}.
     *
     * @throws InvalidTypeException ({@link TypeRule#LOW_CARDINALITY_INNER}) for types that cannot be
     */
    default ClickHouseType withLowCardinality() {
        return this instanceof LowCardinality ? this : new LowCardinality(this);
    }

    /** The type under {@code LowCardinality} and {@code Nullable}: {@code String} for {@code LowCardinality(Nullable(String))}. */
    default ClickHouseType baseType() {
        return unwrapLowCardinality().unwrapNullable();
    }

    /** The range of values of an integer {@link #baseType() base type} ({@code Int8}..{@code UInt256}); empty for other types. */
    default Optional<IntegerRange> integerRange() {
        return baseType() instanceof Simple simple ? Optional.ofNullable(simple.range) : Optional.empty();
    }

    /** The types without parameters. */
    enum Simple implements ClickHouseType {
        INT8("Int8", IntegerRange.signed(8)),
        INT16("Int16", IntegerRange.signed(16)),
        INT32("Int32", IntegerRange.signed(32)),
        INT64("Int64", IntegerRange.signed(64)),
        INT128("Int128", IntegerRange.signed(128)),
        INT256("Int256", IntegerRange.signed(256)),
        UINT8("UInt8", IntegerRange.unsigned(8)),
        UINT16("UInt16", IntegerRange.unsigned(16)),
        UINT32("UInt32", IntegerRange.unsigned(32)),
        UINT64("UInt64", IntegerRange.unsigned(64)),
        UINT128("UInt128", IntegerRange.unsigned(128)),
        UINT256("UInt256", IntegerRange.unsigned(256)),
        FLOAT32("Float32"),
        FLOAT64("Float64"),
        BFLOAT16("BFloat16"),
        BOOL("Bool"),
        STRING("String"),
        UUID("UUID"),
        DATE("Date"),
        DATE32("Date32"),
        IPV4("IPv4"),
        IPV6("IPv6"),
        /** Time of day (ClickHouse 25.6+), seconds precision; see {@link Time64}. */
        TIME("Time"),
        /** The type of an empty array's element or of a bare NULL ({@code Nullable(Nothing)}); not a column type. */
        NOTHING("Nothing"),
        POINT("Point"),
        RING("Ring"),
        LINE_STRING("LineString"),
        MULTI_LINE_STRING("MultiLineString"),
        POLYGON("Polygon"),
        MULTI_POLYGON("MultiPolygon"),
        GEOMETRY("Geometry"),
        INTERVAL_NANOSECOND("IntervalNanosecond"),
        INTERVAL_MICROSECOND("IntervalMicrosecond"),
        INTERVAL_MILLISECOND("IntervalMillisecond"),
        INTERVAL_SECOND("IntervalSecond"),
        INTERVAL_MINUTE("IntervalMinute"),
        INTERVAL_HOUR("IntervalHour"),
        INTERVAL_DAY("IntervalDay"),
        INTERVAL_WEEK("IntervalWeek"),
        INTERVAL_MONTH("IntervalMonth"),
        INTERVAL_QUARTER("IntervalQuarter"),
        INTERVAL_YEAR("IntervalYear");

        private final String typeName;
        private final IntegerRange range;

        Simple(String typeName) {
            this(typeName, null);
        }

        Simple(String typeName, IntegerRange range) {
            this.typeName = typeName;
            this.range = range;
        }

        /** Whether this is one of {@code Int8}..{@code Int256}, {@code UInt8}..{@code UInt256}. */
        public boolean isInteger() {
            return range != null;
        }

        @Override
        public String render() {
            return typeName;
        }

        @Override
        public String toString() {
            return typeName;
        }
    }

    /** {@code FixedString(N)}: exactly N bytes. */
    record FixedString(int length) implements ClickHouseType {
        public FixedString {
            TypeRule.FIXED_STRING_LENGTH.check(length >= 1, "FixedString length must be at least 1, got " + length);
        }

        @Override
        public String render() {
            return "FixedString(" + length + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /**
     * {@code Decimal(P, S)}. {@code Decimal32(S)}, {@code Decimal64(S)}, {@code Decimal128(S)} and
     * {@code Decimal256(S)} are {@code Decimal(9|18|38|76, S)}, as the server prints them.
     */
    record Decimal(int precision, int scale) implements ClickHouseType {
        /** The largest precision, that of {@code Decimal256}. */
        public static final int MAX_PRECISION = 76;

        public Decimal {
            TypeRule.DECIMAL_PRECISION.check(precision >= 1 && precision <= MAX_PRECISION,
                    "Decimal precision must be 1.." + MAX_PRECISION + ", got " + precision);
            TypeRule.DECIMAL_SCALE.check(scale >= 0 && scale <= precision,
                    "Decimal scale must be 0..precision (" + precision + "), got " + scale);
        }

        @Override
        public String render() {
            return "Decimal(" + precision + ", " + scale + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code DateTime} or {@code DateTime('zone')}; {@code timezone} is null when the server's zone applies. */
    record DateTime(String timezone) implements ClickHouseType {
        /** {@code DateTime} without a zone of its own. */
        public static final DateTime SERVER_ZONE = new DateTime(null);

        public DateTime {
            timezone = TypeRule.normalizeZone(timezone);
        }

        @Override
        public String render() {
            return timezone == null ? "DateTime" : "DateTime(" + SqlQuoting.quoteString(timezone) + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code DateTime64(precision[, 'zone'])}; {@code timezone} is null when the server's zone applies. */
    record DateTime64(int precision, String timezone) implements ClickHouseType {
        /** The precision of {@code DateTime64} written without one. */
        public static final int DEFAULT_PRECISION = 3;

        public DateTime64 {
            TypeRule.checkTimePrecision("DateTime64", precision);
            timezone = TypeRule.normalizeZone(timezone);
        }

        @Override
        public String render() {
            return "DateTime64(" + precision + (timezone == null ? "" : ", " + SqlQuoting.quoteString(timezone)) + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code Time64(precision)}: time of day with sub-second digits (ClickHouse 25.6+). */
    record Time64(int precision) implements ClickHouseType {
        public Time64 {
            TypeRule.checkTimePrecision("Time64", precision);
        }

        @Override
        public String render() {
            return "Time64(" + precision + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /**
     * {@code Enum8(...)} ({@code bits} 8) or {@code Enum16(...)} ({@code bits} 16): names mapped to
     * values, kept in value order as the server prints them.
     */
    record Enum(int bits, java.util.Map<String, Integer> values) implements ClickHouseType {
        public Enum {
            values = TypeRule.checkEnum(bits, values);
        }

        /** {@code Enum8} or {@code Enum16}, whichever the server picks for an {@code Enum(...)} with these values. */
        public static Enum of(java.util.Map<String, Integer> values) {
            boolean fits8 = values.values().stream().allMatch(v -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE);
            return new Enum(fits8 ? 8 : 16, values);
        }

        @Override
        public String render() {
            return "Enum" + bits + values.entrySet().stream()
                    .map(e -> SqlQuoting.quoteString(e.getKey()) + " = " + e.getValue())
                    .collect(Collectors.joining(", ", "(", ")"));
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code Array(T)}. */
    record Array(ClickHouseType element) implements ClickHouseType {
        public Array {
            TypeRule.requireType(element, "Array element");
        }

        @Override
        public String render() {
            return "Array(" + element.render() + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code Tuple(T, U, ...)} or named {@code Tuple(a T, b U, ...)}; {@code Tuple()} is valid. */
    record Tuple(List<Element> elements) implements ClickHouseType {
        /** One element; {@code name} is null in an unnamed tuple. */
        public record Element(String name, ClickHouseType type) {
            public Element {
                TypeRule.requireType(type, "Tuple element");
            }
        }

        public Tuple {
            elements = List.copyOf(elements);
            TypeRule.checkTupleNames(elements);
        }

        /** An unnamed tuple of these types. */
        public static Tuple of(ClickHouseType... types) {
            List<Element> elements = new ArrayList<>();
            for (ClickHouseType type : types) {
                elements.add(new Element(null, type));
            }
            return new Tuple(elements);
        }

        /** Whether the elements have names. */
        public boolean isNamed() {
            return !elements.isEmpty() && elements.get(0).name() != null;
        }

        @Override
        public String render() {
            return elements.stream()
                    .map(e -> e.name() == null ? e.type().render() : SqlQuoting.typeIdentifier(e.name()) + " " + e.type().render())
                    .collect(Collectors.joining(", ", "Tuple(", ")"));
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code Map(K, V)}. */
    record Map(ClickHouseType key, ClickHouseType value) implements ClickHouseType {
        public Map {
            TypeRule.requireType(value, "Map value");
            TypeRule.checkMapKey(key);
        }

        @Override
        public String render() {
            return "Map(" + key.render() + ", " + value.render() + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code Nullable(T)}: T or NULL. */
    record Nullable(ClickHouseType inner) implements ClickHouseType {
        public Nullable {
            TypeRule.checkNullable(inner);
        }

        @Override
        public String render() {
            return "Nullable(" + inner.render() + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code LowCardinality(T)}: dictionary-encoded T. */
    record LowCardinality(ClickHouseType inner) implements ClickHouseType {
        public LowCardinality {
            TypeRule.checkLowCardinality(inner);
        }

        @Override
        public String render() {
            return "LowCardinality(" + inner.render() + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /**
     * {@code JSON}, with optional limits, typed paths ({@code JSON(a.b UInt32)}), skipped paths
     * ({@code SKIP x}) and skipped path patterns ({@code SKIP REGEXP 'x.*'}). Paths are dot-separated
     * strings ({@code "a.b"}); the server sorts them and so do we. Null limits use the server's defaults.
     */
    record Json(Integer maxDynamicPaths, Integer maxDynamicTypes, java.util.Map<String, ClickHouseType> typedPaths,
                List<String> skipPaths, List<String> skipRegexps) implements ClickHouseType {
        /** Plain {@code JSON}. */
        public static final Json PLAIN = new Json(null, null, java.util.Map.of(), List.of(), List.of());

        public Json {
            TypeRule.checkJsonLimits(maxDynamicPaths, maxDynamicTypes);
            typedPaths = Collections.unmodifiableMap(new TreeMap<>(typedPaths));
            typedPaths.values().forEach(t -> TypeRule.requireType(t, "JSON typed path"));
            skipPaths = List.copyOf(new TreeSet<>(skipPaths));
            skipRegexps = List.copyOf(new TreeSet<>(skipRegexps));
        }

        @Override
        public String render() {
            List<String> parts = new ArrayList<>();
            if (maxDynamicTypes != null) {
                parts.add("max_dynamic_types=" + maxDynamicTypes);
            }
            if (maxDynamicPaths != null) {
                parts.add("max_dynamic_paths=" + maxDynamicPaths);
            }
            typedPaths.forEach((path, type) -> parts.add(SqlQuoting.jsonPath(path) + " " + type.render()));
            skipPaths.forEach(path -> parts.add("SKIP " + SqlQuoting.jsonPath(path)));
            skipRegexps.forEach(regexp -> parts.add("SKIP REGEXP " + SqlQuoting.quoteString(regexp)));
            return parts.isEmpty() ? "JSON" : "JSON(" + String.join(", ", parts) + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code Variant(T, U, ...)}: one of the alternatives, kept sorted and distinct as the server does. */
    record Variant(List<ClickHouseType> alternatives) implements ClickHouseType {
        public Variant {
            TypeRule.checkVariant(alternatives);
            TreeMap<String, ClickHouseType> sorted = new TreeMap<>();
            alternatives.forEach(t -> sorted.put(t.render(), t));
            alternatives = List.copyOf(sorted.values());
        }

        @Override
        public String render() {
            return alternatives.stream().map(ClickHouseType::render).collect(Collectors.joining(", ", "Variant(", ")"));
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** {@code Dynamic} or {@code Dynamic(max_types=N)}; {@code maxTypes} is null for the default. */
    record Dynamic(Integer maxTypes) implements ClickHouseType {
        public Dynamic {
            TypeRule.checkJsonLimits(null, maxTypes);
        }

        @Override
        public String render() {
            return maxTypes == null ? "Dynamic" : "Dynamic(max_types=" + maxTypes + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /**
     * {@code AggregateFunction([version, ]function, T...)}: the state of an aggregate function, as
     * stored by {@code AggregatingMergeTree}. {@code function} is the function with its parameters,
     * e.g. {@code quantiles(0.5, 0.9)}; {@code version} is the state's version the server adds for some
     * functions ({@code sumMap}: 1), or null.
     *
     * <p>The server resolves aliases ({@code sumMappedArrays} becomes {@code sumMap}) and adds state
     * versions itself, so a type written by hand may come back from the server in another (equivalent)
     * text; a type parsed from the server's text renders it unchanged.
     */
    record AggregateFunction(Integer version, String function, List<ClickHouseType> arguments) implements ClickHouseType {
        public AggregateFunction {
            TypeRule.SYNTAX.check(function != null && !function.isBlank(), "AggregateFunction needs a function");
            arguments = List.copyOf(arguments);
        }

        @Override
        public String render() {
            StringBuilder text = new StringBuilder("AggregateFunction(");
            if (version != null) {
                text.append(version).append(", ");
            }
            text.append(function);
            arguments.forEach(a -> text.append(", ").append(a.render()));
            return text.append(')').toString();
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /**
     * {@code SimpleAggregateFunction(function, T)}: a T that {@code AggregatingMergeTree} merges with
     * {@code function} ({@code sum}, {@code max}, {@code anyLast}, ...).
     */
    record SimpleAggregateFunction(String function, ClickHouseType argument) implements ClickHouseType {
        public SimpleAggregateFunction {
            TypeRule.SYNTAX.check(function != null && !function.isBlank(), "SimpleAggregateFunction needs a function");
            TypeRule.requireType(argument, "SimpleAggregateFunction argument");
        }

        @Override
        public String render() {
            return "SimpleAggregateFunction(" + function + ", " + argument.render() + ")";
        }

        @Override
        public String toString() {
            return render();
        }
    }
}
