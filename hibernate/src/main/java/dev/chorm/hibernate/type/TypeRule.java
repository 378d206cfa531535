package dev.chorm.hibernate.type;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every rule a {@link ClickHouseType} obeys: the single place where they are written down and
 * checked. An {@link InvalidTypeException} names the rule it enforces.
 *
 * <p>Two strengths, as on ClickHouse 26.7 itself:
 * <ul>
 *   <li><b>Structural</b> rules ({@link #setting()} is empty) are refused by ClickHouse whatever the
 *       settings; a {@link ClickHouseType} that breaks one cannot be constructed (nor parsed).</li>
 *   <li><b>Default-settings</b> rules name the ClickHouse setting that lifts them. A type may break
 *       them (a server with that setting enabled accepts it, and {@code inspectdb} must be able to read
 *       its tables), so they are checked on demand by {@link ClickHouseType#validate(Setting...)},
 *       before a column of that type is created.</li>
 * </ul>
 * Where ClickHouse 26.7 is more lenient than one might expect, the rule follows the engine and its
 * documentation says so.
 */
public enum TypeRule {

    /**
     * {@code Nullable} cannot wrap {@code Array}, {@code Map}, {@code Nullable}, {@code LowCardinality},
     * {@code Variant}, {@code Dynamic}, {@code AggregateFunction} or the array-like geo types
     * ({@code Ring}, {@code LineString}, {@code MultiLineString}, {@code Polygon}, {@code MultiPolygon},
     * {@code Geometry}). Use {@code LowCardinality(Nullable(T))}, never {@code Nullable(LowCardinality(T))}.
     * <p>Differences from common belief, verified on 26.7: {@code Nullable(JSON)} is <em>accepted</em> by
     * the engine, so it is allowed here; {@code Nullable(Tuple(...))} is refused only by default (rule
     * {@link #NULLABLE_TUPLE}).
     */
    NULLABLE_INNER(null),

    /**
     * {@code LowCardinality} wraps only {@code String}, {@code FixedString}, {@code UUID}, numbers
     * (integers, {@code Float32/64}, {@code BFloat16}), {@code Bool}, {@code Date}, {@code Date32},
     * {@code DateTime}, {@code IPv4}, {@code IPv6}, {@code Time}, {@code Interval*}, or {@code Nullable}
     * of one of those. Never {@code Decimal}, {@code DateTime64}, {@code Enum}, composites or itself.
     */
    LOW_CARDINALITY_INNER(null),

    /**
     * By default (setting {@code allow_suspicious_low_cardinality_types = 0}) ClickHouse refuses
     * {@code LowCardinality} over any fixed-size type: all numbers, {@code Bool}, {@code Date},
     * {@code Date32}, {@code DateTime}, {@code IPv4}, {@code IPv6}, {@code Time}, {@code Interval*}. What
     * remains by default is {@code LowCardinality} of {@code String}, {@code FixedString} and
     * {@code UUID} (and their {@code Nullable}). Checked at any depth, as the engine does with
     * {@code validate_experimental_and_suspicious_types_inside_nested_types = 1}.
     */
    LOW_CARDINALITY_SUSPICIOUS("allow_suspicious_low_cardinality_types"),

    /**
     * A {@code Map} key cannot be {@code Nullable} nor {@code LowCardinality(Nullable(...))}.
     * <p>Difference from the documentation of older servers (which listed only strings, integers,
     * dates, UUID and enums): ClickHouse 26.7 accepts any other key type, including {@code Float64},
     * {@code Decimal}, {@code Array}, {@code Tuple}, {@code Map}, {@code JSON} and {@code Variant}; so do we.
     */
    MAP_KEY(null),

    /** {@code Decimal} precision is 1..76. */
    DECIMAL_PRECISION(null),

    /** {@code Decimal} scale is 0..precision. */
    DECIMAL_SCALE(null),

    /** {@code DateTime64} and {@code Time64} precision (sub-second digits) is 0..9. */
    TIME_PRECISION(null),

    /** {@code FixedString(N)} needs N &ge; 1. */
    FIXED_STRING_LENGTH(null),

    /**
     * By default (setting {@code allow_suspicious_fixed_string_types = 0}) ClickHouse refuses
     * {@code FixedString(N)} columns with N &gt; 256.
     */
    FIXED_STRING_SUSPICIOUS("allow_suspicious_fixed_string_types"),

    /** An {@code Enum} has at least one element. */
    ENUM_EMPTY(null),

    /** {@code Enum8} values lie in -128..127, {@code Enum16} values in -32768..32767. */
    ENUM_RANGE(null),

    /** {@code Enum} names are unique and so are values. */
    ENUM_DUPLICATE(null),

    /**
     * {@code Tuple} elements are either all named or all unnamed; names are non-empty, unique
     * (case-sensitively) and not {@code null} (reserved by ClickHouse for the null map of a
     * {@code Nullable(Tuple)}; {@code NULL} in upper case is accepted).
     */
    TUPLE_NAMES(null),

    /**
     * By default (setting {@code enable_nullable_tuple_type = 0}, new in 26.x) ClickHouse refuses
     * {@code Nullable(Tuple(...))} and {@code Nullable(Point)}.
     */
    NULLABLE_TUPLE("enable_nullable_tuple_type"),

    /**
     * {@code Variant} has at least one alternative, none {@code Nullable},
     * {@code LowCardinality(Nullable)}, {@code Dynamic} or {@code Variant}. (ClickHouse also refuses
     * "similar" alternatives such as {@code UInt32} and {@code UInt64} unless
     * {@code allow_suspicious_variant_types = 1}; that check is left to the server.)
     */
    VARIANT_ALTERNATIVES(null),

    /** {@code Dynamic(max_types=N)} and {@code JSON(max_dynamic_types=N)} need N in 0..254; {@code max_dynamic_paths} is &ge; 0. */
    DYNAMIC_LIMITS(null),

    /**
     * A column cannot be of type {@code Nothing}, nor {@code Nullable(Nothing)} nor an {@code Array} of
     * those (ClickHouse: "cannot be used in tables"); {@code Nothing} deeper inside a {@code Tuple} or
     * {@code Map} is accepted by 26.7. No setting lifts this rule, but it is about columns, not types:
     * {@code Nullable(Nothing)} is the type of a bare {@code NULL}, so it is checked by
     * {@link ClickHouseType#validate(Setting...)}, not by constructors.
     */
    NOTHING_COLUMN(null),

    /** The text is not a ClickHouse type at all: unknown name, missing or extra arguments. */
    SYNTAX(null);

    private final String setting;

    TypeRule(String setting) {
        this.setting = setting;
    }

    /**
     * The ClickHouse setting that lifts this rule when set to 1, if any; empty for structural rules
     * (those that constructors enforce).
     */
    public Optional<String> setting() {
        return Optional.ofNullable(setting);
    }

    /** ClickHouse settings that lift a {@linkplain TypeRule default-settings rule}. */
    public enum Setting {
        /** {@code allow_suspicious_low_cardinality_types = 1}: lifts {@link #LOW_CARDINALITY_SUSPICIOUS}. */
        ALLOW_SUSPICIOUS_LOW_CARDINALITY_TYPES(LOW_CARDINALITY_SUSPICIOUS),
        /** {@code allow_suspicious_fixed_string_types = 1}: lifts {@link #FIXED_STRING_SUSPICIOUS}. */
        ALLOW_SUSPICIOUS_FIXED_STRING_TYPES(FIXED_STRING_SUSPICIOUS),
        /** {@code enable_nullable_tuple_type = 1}: lifts {@link #NULLABLE_TUPLE}. */
        ENABLE_NULLABLE_TUPLE_TYPE(NULLABLE_TUPLE);

        private final TypeRule lifts;

        Setting(TypeRule lifts) {
            this.lifts = lifts;
        }

        /** The rule this setting lifts. */
        public TypeRule lifts() {
            return lifts;
        }

        /** The setting's name on the server, e.g. {@code allow_suspicious_low_cardinality_types}. */
        public String settingName() {
            return lifts.setting;
        }
    }

    // ---- the checks, called by the constructors of ClickHouseType and by ClickHouseType.validate ----

    static void requireType(ClickHouseType type, String what) {
        SYNTAX.check(type != null, what + " needs a type");
    }

    static void checkNullable(ClickHouseType inner) {
        requireType(inner, "Nullable");
        NULLABLE_INNER.check(canBeNullable(inner), "Nullable cannot wrap " + inner.render()
                + (inner instanceof ClickHouseType.LowCardinality ? "; write LowCardinality(Nullable(...)) instead" : ""));
    }

    static void checkLowCardinality(ClickHouseType inner) {
        requireType(inner, "LowCardinality");
        LOW_CARDINALITY_INNER.check(canBeLowCardinality(inner), "LowCardinality cannot wrap " + inner.render()
                + "; it wraps strings, FixedString, UUID, numbers, Bool, Date, Date32, DateTime, IPv4, IPv6, Time, intervals"
                + " or Nullable of those");
    }

    static void checkMapKey(ClickHouseType key) {
        requireType(key, "Map key");
        MAP_KEY.check(!key.isNullable(), "a Map key cannot be " + key.render());
    }

    static void checkTimePrecision(String type, int precision) {
        TIME_PRECISION.check(precision >= 0 && precision <= 9, type + " precision must be 0..9, got " + precision);
    }

    static String normalizeZone(String zone) {
        return zone == null || zone.isEmpty() ? null : zone;
    }

    static Map<String, Integer> checkEnum(int bits, Map<String, Integer> values) {
        SYNTAX.check(bits == 8 || bits == 16, "Enum has 8 or 16 bits, not " + bits);
        ENUM_EMPTY.check(values != null && !values.isEmpty(), "Enum" + bits + " needs at least one element");
        int min = bits == 8 ? Byte.MIN_VALUE : Short.MIN_VALUE;
        int max = bits == 8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
        Map<Integer, String> byValue = new TreeMap<>();
        values.forEach((name, value) -> {
            SYNTAX.check(name != null && value != null, "Enum" + bits + " element without name or value");
            ENUM_RANGE.check(value >= min && value <= max,
                    "Enum" + bits + " value " + value + " of '" + name + "' is outside " + min + ".." + max);
            String previous = byValue.put(value, name);
            ENUM_DUPLICATE.check(previous == null,
                    "Enum" + bits + " value " + value + " is used by both '" + previous + "' and '" + name + "'");
        });
        Map<String, Integer> sorted = new LinkedHashMap<>();
        byValue.forEach((value, name) -> sorted.put(name, value));
        return Collections.unmodifiableMap(sorted);
    }

    static void checkTupleNames(List<ClickHouseType.Tuple.Element> elements) {
        long named = elements.stream().filter(e -> e.name() != null).count();
        TUPLE_NAMES.check(named == 0 || named == elements.size(), "Tuple elements must be all named or all unnamed");
        Set<String> seen = new HashSet<>();
        for (ClickHouseType.Tuple.Element element : elements) {
            String name = element.name();
            if (name != null) {
                TUPLE_NAMES.check(!name.isEmpty(), "a Tuple element name cannot be empty");
                TUPLE_NAMES.check(!name.equals("null"), "Tuple element name 'null' is reserved by ClickHouse");
                TUPLE_NAMES.check(seen.add(name), "Tuple element name '" + name + "' is used twice");
            }
        }
    }

    static void checkVariant(List<ClickHouseType> alternatives) {
        VARIANT_ALTERNATIVES.check(alternatives != null && !alternatives.isEmpty(), "Variant needs at least one alternative");
        for (ClickHouseType alternative : alternatives) {
            requireType(alternative, "Variant alternative");
            VARIANT_ALTERNATIVES.check(!alternative.isNullable()
                            && !(alternative instanceof ClickHouseType.Dynamic)
                            && !(alternative instanceof ClickHouseType.Variant),
                    "Variant cannot hold " + alternative.render());
        }
    }

    static void checkJsonLimits(Integer maxDynamicPaths, Integer maxDynamicTypes) {
        DYNAMIC_LIMITS.check(maxDynamicTypes == null || (maxDynamicTypes >= 0 && maxDynamicTypes <= 254),
                "max_dynamic_types / max_types must be 0..254, got " + maxDynamicTypes);
        DYNAMIC_LIMITS.check(maxDynamicPaths == null || maxDynamicPaths >= 0,
                "max_dynamic_paths must not be negative, got " + maxDynamicPaths);
    }

    /** The default-settings rules, over the whole type tree; the structural ones hold already. */
    static void validateColumn(ClickHouseType type, Set<Setting> enabled) {
        ClickHouseType core = type;
        while (core instanceof ClickHouseType.Nullable || core instanceof ClickHouseType.Array) {
            core = core instanceof ClickHouseType.Nullable n ? n.inner() : ((ClickHouseType.Array) core).element();
        }
        NOTHING_COLUMN.check(core != ClickHouseType.Simple.NOTHING, "a column cannot be of type " + type.render());
        validateNested(type, enabled);
    }

    private static void validateNested(ClickHouseType type, Set<Setting> enabled) {
        if (type instanceof ClickHouseType.LowCardinality lc && !enabled.contains(Setting.ALLOW_SUSPICIOUS_LOW_CARDINALITY_TYPES)) {
            ClickHouseType base = lc.inner().unwrapNullable();
            LOW_CARDINALITY_SUSPICIOUS.check(base == ClickHouseType.Simple.STRING || base == ClickHouseType.Simple.UUID
                            || base instanceof ClickHouseType.FixedString,
                    type.render() + " is refused by default (fixed-size type); set allow_suspicious_low_cardinality_types = 1"
                            + " or use the plain type");
        }
        if (type instanceof ClickHouseType.FixedString fs && !enabled.contains(Setting.ALLOW_SUSPICIOUS_FIXED_STRING_TYPES)) {
            FIXED_STRING_SUSPICIOUS.check(fs.length() <= 256,
                    type.render() + " is refused by default (more than 256 bytes); set allow_suspicious_fixed_string_types = 1 or use String");
        }
        if (type instanceof ClickHouseType.Nullable n && !enabled.contains(Setting.ENABLE_NULLABLE_TUPLE_TYPE)) {
            NULLABLE_TUPLE.check(!(n.inner() instanceof ClickHouseType.Tuple) && n.inner() != ClickHouseType.Simple.POINT,
                    type.render() + " is refused by default; set enable_nullable_tuple_type = 1");
        }
        children(type).forEach(child -> validateNested(child, enabled));
    }

    private static List<ClickHouseType> children(ClickHouseType type) {
        if (type instanceof ClickHouseType.Array a) {
            return List.of(a.element());
        } else if (type instanceof ClickHouseType.Nullable n) {
            return List.of(n.inner());
        } else if (type instanceof ClickHouseType.LowCardinality lc) {
            return List.of(lc.inner());
        } else if (type instanceof ClickHouseType.Map m) {
            return List.of(m.key(), m.value());
        } else if (type instanceof ClickHouseType.Tuple t) {
            return t.elements().stream().map(ClickHouseType.Tuple.Element::type).toList();
        } else if (type instanceof ClickHouseType.Json j) {
            return List.copyOf(j.typedPaths().values());
        } else if (type instanceof ClickHouseType.Variant v) {
            return v.alternatives();
        } else if (type instanceof ClickHouseType.AggregateFunction f) {
            return f.arguments();
        } else if (type instanceof ClickHouseType.SimpleAggregateFunction f) {
            return List.of(f.argument());
        }
        return List.of();
    }

    private static boolean canBeNullable(ClickHouseType inner) {
        if (inner instanceof ClickHouseType.Simple simple) {
            return switch (simple) {
                case RING, LINE_STRING, MULTI_LINE_STRING, POLYGON, MULTI_POLYGON, GEOMETRY -> false;
                default -> true;
            };
        }
        return !(inner instanceof ClickHouseType.Array || inner instanceof ClickHouseType.Map
                || inner instanceof ClickHouseType.Nullable || inner instanceof ClickHouseType.LowCardinality
                || inner instanceof ClickHouseType.Variant || inner instanceof ClickHouseType.Dynamic
                || inner instanceof ClickHouseType.AggregateFunction);
    }

    private static boolean canBeLowCardinality(ClickHouseType inner) {
        ClickHouseType base = inner instanceof ClickHouseType.Nullable n ? n.inner() : inner;
        if (base instanceof ClickHouseType.Simple simple) {
            return switch (simple) {
                case NOTHING, POINT, RING, LINE_STRING, MULTI_LINE_STRING, POLYGON, MULTI_POLYGON, GEOMETRY -> false;
                default -> true;
            };
        }
        return base instanceof ClickHouseType.FixedString || base instanceof ClickHouseType.DateTime;
    }

    InvalidTypeException violation(String detail) {
        return new InvalidTypeException(this, detail);
    }

    void check(boolean condition, String detail) {
        if (!condition) {
            throw violation(detail);
        }
    }
}
