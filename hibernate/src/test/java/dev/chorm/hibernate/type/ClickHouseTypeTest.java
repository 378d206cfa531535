package dev.chorm.hibernate.type;

import dev.chorm.hibernate.type.ClickHouseType.Array;
import dev.chorm.hibernate.type.ClickHouseType.DateTime64;
import dev.chorm.hibernate.type.ClickHouseType.LowCardinality;
import dev.chorm.hibernate.type.ClickHouseType.Nullable;
import dev.chorm.hibernate.type.ClickHouseType.Simple;
import dev.chorm.hibernate.type.ClickHouseType.Tuple;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@ClickHouseTest
class ClickHouseTypeTest {

    /** Type texts exactly as ClickHouse 26.7 prints them, each a valid column type with default settings. */
    static final List<String> CANONICAL = List.of(
            "Int8", "Int16", "Int32", "Int64", "Int128", "Int256",
            "UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256",
            "Float32", "Float64", "BFloat16", "Bool", "String", "UUID", "Date", "Date32", "IPv4", "IPv6",
            "Time", "Time64(0)", "Time64(3)", "Time64(9)",
            "DateTime", "DateTime('UTC')", "DateTime('Europe/Paris')",
            "DateTime64(3)", "DateTime64(0, 'UTC')", "DateTime64(6, 'UTC')", "DateTime64(9)", "DateTime64(3, 'Etc/GMT+3')",
            "Decimal(1, 0)", "Decimal(9, 3)", "Decimal(10, 2)", "Decimal(18, 4)", "Decimal(38, 10)", "Decimal(76, 20)",
            "Decimal(76, 76)",
            "FixedString(1)", "FixedString(16)", "FixedString(255)", "FixedString(256)",
            "Enum8('a' = 1, 'b' = 2)", "Enum8('c' = -2, 'a\\'b' = 1)", "Enum8('a' = -128, 'z' = 127)",
            "Enum16('b' = -1000, 'a' = 1000)", "Enum16('a' = -32768, 'b' = 32767)",
            "Enum8('Pass' = 1, 'Drop' = 2, 'Alert' = 3)", "Enum8('x\\ny' = 1, 't\\tab' = 2, 'é' = 3, 'q\"' = 4)",
            "Enum8('\\\\\\'' = 1)", "Enum8('' = 1)", "Enum8('\\0' = 1, '\\r\\b\\f' = 2)",
            "Array(String)", "Array(Array(UInt8))", "Array(Nullable(Int32))", "Array(LowCardinality(String))",
            "Array(LowCardinality(Nullable(String)))",
            "Nullable(String)", "Nullable(UInt64)", "Nullable(Decimal(10, 2))", "Nullable(DateTime64(6, 'UTC'))",
            "Nullable(Enum8('a' = 1))", "Nullable(IPv6)", "Nullable(Bool)", "Nullable(UUID)", "Nullable(FixedString(3))",
            "Nullable(JSON)", "Nullable(Time)", "Nullable(IntervalDay)",
            "LowCardinality(String)", "LowCardinality(FixedString(2))", "LowCardinality(UUID)",
            "LowCardinality(Nullable(String))", "LowCardinality(Nullable(UUID))", "LowCardinality(Nullable(FixedString(3)))",
            "Tuple()", "Tuple(String)", "Tuple(UInt8, String)", "Tuple(a String, b UInt8)",
            "Tuple(`a b` String, `1x` UInt8)", "Tuple(`select` String, `FROM` UInt8, `NULL` UInt8, `Values` UInt8)",
            "Tuple(A String, a UInt8)", "Tuple(`a.b` String)", "Tuple(`a\\`b` UInt8, `c\\\\d` UInt8, `e'f` UInt8)",
            "Tuple(skip UInt8, key String, value String, index UInt8)", "Tuple(`é` UInt8, `a\\nb` UInt8)",
            "Tuple(a Nullable(String), b Array(Tuple(c UInt8)))", "Tuple(a Nothing)",
            "Map(String, UInt64)", "Map(String, Nullable(UInt8))", "Map(LowCardinality(String), Array(String))",
            "Map(UUID, Map(String, String))", "Map(Float64, UInt8)", "Map(Decimal(10, 2), UInt8)", "Map(Array(UInt8), UInt8)",
            "Map(Enum8('a' = 1), UInt8)", "Map(DateTime64(3), UInt8)", "Map(IPv4, UInt8)", "Map(JSON, UInt8)",
            "Map(String, Array(Nothing))", "Map(LowCardinality(String), LowCardinality(Nullable(String)))",
            "JSON", "JSON(max_dynamic_paths=0)",
            "JSON(max_dynamic_types=3, max_dynamic_paths=10, `a.b` UInt32, c String, SKIP x, SKIP REGEXP 'y.*')",
            "JSON(`a b.c` UInt8)", "JSON(a LowCardinality(String), SKIP `z.w`)",
            "JSON(`SKIP` UInt8, `Skip.a` String, max_dynamic_types UInt8, regexp UInt8, skipx UInt8)",
            "JSON(SKIP a, SKIP `a.b`, SKIP `b.c`)", "JSON(SKIP REGEXP 'a', SKIP REGEXP 'b')", "JSON(`a.b` Nullable(String))",
            "Variant(String, UInt64)", "Variant(Array(UInt8), Map(String, String), String, Tuple(UInt8), UInt8)",
            "Variant(LowCardinality(String), UInt8)", "Variant(JSON, String)",
            "Dynamic", "Dynamic(max_types=0)", "Dynamic(max_types=10)",
            "AggregateFunction(uniq, UInt64)", "AggregateFunction(quantiles(0.5, 0.9), UInt64)",
            "AggregateFunction(argMax, String, DateTime)", "AggregateFunction(count)",
            "AggregateFunction(1, sumMap, Array(UInt8), Array(UInt64))", "AggregateFunction(topK(10), String)",
            "AggregateFunction(sequenceMatch('(?1)(?2)'), DateTime, UInt8, UInt8)",
            "SimpleAggregateFunction(sum, UInt64)", "SimpleAggregateFunction(anyLast, Nullable(String))",
            "Nullable(SimpleAggregateFunction(sum, UInt64))",
            "Point", "Ring", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "Geometry",
            "IntervalNanosecond", "IntervalDay", "IntervalYear");

    /** Other spellings the server accepts, and the canonical text it prints for them. */
    static Stream<Arguments> aliases() {
        return Stream.of(
                arguments("INT", "Int32"), arguments("INTEGER", "Int32"), arguments("int", "Int32"),
                arguments("INT(11)", "Int32"), arguments("TINYINT", "Int8"), arguments("SMALLINT", "Int16"),
                arguments("BIGINT", "Int64"), arguments("BIGINT UNSIGNED", "UInt64"), arguments("int unsigned", "UInt32"),
                arguments("TINYINT UNSIGNED", "UInt8"), arguments("SIGNED", "Int64"), arguments("UNSIGNED", "UInt64"),
                arguments("YEAR", "UInt16"), arguments("SET", "UInt64"), arguments("BIT", "UInt64"),
                arguments("UInt8(3)", "UInt8"), arguments("TEXT", "String"), arguments("VARCHAR", "String"),
                arguments("VARCHAR(255)", "String"), arguments("String(10)", "String"), arguments("CHAR(10)", "String"),
                arguments("CHARACTER VARYING", "String"), arguments("NATIONAL CHARACTER LARGE OBJECT", "String"),
                arguments("BLOB", "String"), arguments("BOOLEAN", "Bool"), arguments("bool", "Bool"),
                arguments("DOUBLE", "Float64"), arguments("DOUBLE PRECISION", "Float64"), arguments("double   precision", "Float64"),
                arguments("DOUBLE(10,2)", "Float64"), arguments("FLOAT", "Float32"), arguments("FLOAT(10)", "Float32"),
                arguments("REAL", "Float32"), arguments("INET4", "IPv4"), arguments("INET6", "IPv6"),
                arguments("BINARY(16)", "FixedString(16)"), arguments("NUMERIC(10,2)", "Decimal(10, 2)"),
                arguments("DEC(5,1)", "Decimal(5, 1)"), arguments("Decimal", "Decimal(10, 0)"), arguments("Decimal(5)", "Decimal(5, 0)"),
                arguments("Decimal( 10 , 2 )", "Decimal(10, 2)"), arguments("Decimal32(3)", "Decimal(9, 3)"),
                arguments("Decimal64(4)", "Decimal(18, 4)"), arguments("Decimal128(10)", "Decimal(38, 10)"),
                arguments("Decimal256(20)", "Decimal(76, 20)"), arguments("TIMESTAMP", "DateTime"),
                arguments("TIMESTAMP('UTC')", "DateTime('UTC')"), arguments("TIMESTAMP(6, 'UTC')", "DateTime64(6, 'UTC')"),
                arguments("DateTime(3)", "DateTime64(3)"), arguments("DateTime32", "DateTime"),
                arguments("DateTime32('UTC')", "DateTime('UTC')"), arguments("DateTime('')", "DateTime"),
                arguments("datetime('UTC')", "DateTime('UTC')"), arguments("DATETIME64(3)", "DateTime64(3)"),
                arguments("DateTime64", "DateTime64(3)"), arguments("DateTime64( 3 , 'UTC' )", "DateTime64(3, 'UTC')"),
                arguments("Time64", "Time64(3)"),
                arguments("Enum('a', 'b')", "Enum8('a' = 1, 'b' = 2)"), arguments("Enum('a' = 1, 'b' = 300)", "Enum16('a' = 1, 'b' = 300)"),
                arguments("Enum('a' = 5, 'b')", "Enum8('a' = 5, 'b' = 6)"), arguments("ENUM('a'=1)", "Enum8('a' = 1)"),
                arguments("enum8('a'=1)", "Enum8('a' = 1)"), arguments("Enum8('b'=2,'a'=1)", "Enum8('a' = 1, 'b' = 2)"),
                arguments("Enum8('a''b' = 1)", "Enum8('a\\'b' = 1)"), arguments("Enum8('\\x41' = 1)", "Enum8('A' = 1)"),
                arguments("Enum8('a' = - 1)", "Enum8('a' = -1)"), arguments("Enum8('a' = +1)", "Enum8('a' = 1)"),
                arguments("Enum16('a'=1)", "Enum16('a' = 1)"),
                arguments("Nullable( String )", "Nullable(String)"), arguments("  Array ( UInt8 ) ", "Array(UInt8)"),
                arguments("Map( String , UInt8 )", "Map(String, UInt8)"), arguments("json", "JSON"), arguments("Tuple", "Tuple()"),
                arguments("Tuple(int UInt8, double Float64)", "Tuple(int UInt8, double Float64)"),
                arguments("Tuple(`skip` UInt8)", "Tuple(skip UInt8)"),
                arguments("Variant(UInt64, String)", "Variant(String, UInt64)"), arguments("Variant(String, String)", "Variant(String)"),
                arguments("JSON(b String, a UInt8)", "JSON(a UInt8, b String)"),
                arguments("JSON(max_dynamic_paths = 0)", "JSON(max_dynamic_paths=0)"),
                arguments("JSON(`a b`.c UInt8)", "JSON(`a b.c` UInt8)"),
                arguments("JSON(SKIP b.c, SKIP a, SKIP `a.b`)", "JSON(SKIP a, SKIP `a.b`, SKIP `b.c`)"),
                arguments("Dynamic(max_types = 3)", "Dynamic(max_types=3)"),
                arguments("AggregateFunction(quantiles(0.50, .9), UInt64)", "AggregateFunction(quantiles(0.5, 0.9), UInt64)"));
    }

    /** Spellings only we accept (the server wants the exact case of these names). */
    static Stream<Arguments> ourLeniency() {
        return Stream.of(
                arguments("nullable(String)", "Nullable(String)"), arguments("LOWCARDINALITY(String)", "LowCardinality(String)"),
                arguments("lowcardinality(nullable(string))", "LowCardinality(Nullable(String))"),
                arguments("string", "String"), arguments("uint8", "UInt8"), arguments("uuid", "UUID"), arguments("ipv4", "IPv4"));
    }

    /** Every type of the Python reference's catalogue (seed 002), as its fields write them. */
    static Stream<Arguments> referenceCatalogue() {
        return Stream.of(
                arguments("Int64", "Int64"), arguments("FixedString(255)", "FixedString(255)"), arguments("String", "String"),
                arguments("Date32", "Date32"), arguments("DateTime64(6, 'UTC')", "DateTime64(6, 'UTC')"),
                arguments("Int8", "Int8"), arguments("Int16", "Int16"), arguments("Int32", "Int32"), arguments("Int128", "Int128"),
                arguments("Int256", "Int256"), arguments("UInt8", "UInt8"), arguments("UInt16", "UInt16"), arguments("UInt32", "UInt32"),
                arguments("UInt64", "UInt64"), arguments("UInt128", "UInt128"), arguments("UInt256", "UInt256"),
                arguments("Float32", "Float32"), arguments("Float64", "Float64"), arguments("Decimal(10, 2)", "Decimal(10, 2)"),
                arguments("UUID", "UUID"), arguments("IPv4", "IPv4"), arguments("IPv6", "IPv6"), arguments("Bool", "Bool"),
                arguments("Date", "Date"), arguments("DateTime", "DateTime"), arguments("DateTime64(6)", "DateTime64(6)"),
                arguments("Enum('PASS' = 1, 'DROP' = 2)", "Enum8('PASS' = 1, 'DROP' = 2)"),
                arguments("Enum8('banana' = 1, 'pear' = 2, 'apple' = 3)", "Enum8('banana' = 1, 'pear' = 2, 'apple' = 3)"),
                arguments("Enum16('a' = -32768, 'b' = 32767)", "Enum16('a' = -32768, 'b' = 32767)"),
                arguments("Nullable(IPv6)", "Nullable(IPv6)"), arguments("LowCardinality(String)", "LowCardinality(String)"),
                arguments("LowCardinality(Nullable(String))", "LowCardinality(Nullable(String))"),
                arguments("Array(Array(Array(UInt32)))", "Array(Array(Array(UInt32)))"),
                arguments("Tuple(Int8, String, IPv6)", "Tuple(Int8, String, IPv6)"),
                arguments("Tuple(int Int8, str String, ip IPv6)", "Tuple(int Int8, str String, ip IPv6)"),
                arguments("Map(LowCardinality(String), IPv6)", "Map(LowCardinality(String), IPv6)"),
                arguments("Map(Int8, String)", "Map(Int8, String)"), arguments("Map(UInt256, String)", "Map(UInt256, String)"),
                arguments("Map(Bool, String)", "Map(Bool, String)"), arguments("Map(FixedString(4), String)", "Map(FixedString(4), String)"),
                arguments("Map(UUID, String)", "Map(UUID, String)"), arguments("Map(Date, String)", "Map(Date, String)"),
                arguments("Map(Date32, String)", "Map(Date32, String)"), arguments("Map(DateTime, String)", "Map(DateTime, String)"),
                arguments("Map(DateTime64(6), String)", "Map(DateTime64(6), String)"),
                arguments("Map(Enum8('a' = 1), String)", "Map(Enum8('a' = 1), String)"),
                arguments("Map(Enum16('a' = 1), String)", "Map(Enum16('a' = 1), String)"),
                arguments("Map(IPv4, String)", "Map(IPv4, String)"), arguments("Map(IPv6, String)", "Map(IPv6, String)"),
                arguments("JSON", "JSON"));
    }

    /** Texts that break a structural rule: refused by us and by the engine, whatever the settings. */
    static Stream<Arguments> brokenRules() {
        return Stream.of(
                arguments("Nullable(Array(String))", TypeRule.NULLABLE_INNER),
                arguments("Nullable(Map(String, String))", TypeRule.NULLABLE_INNER),
                arguments("Nullable(Nullable(String))", TypeRule.NULLABLE_INNER),
                arguments("Nullable(LowCardinality(String))", TypeRule.NULLABLE_INNER),
                arguments("Nullable(Variant(String, UInt8))", TypeRule.NULLABLE_INNER),
                arguments("Nullable(Dynamic)", TypeRule.NULLABLE_INNER),
                arguments("Nullable(AggregateFunction(uniq, UInt64))", TypeRule.NULLABLE_INNER),
                arguments("Nullable(Ring)", TypeRule.NULLABLE_INNER),
                arguments("LowCardinality(Decimal(10, 2))", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(DateTime64(3))", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(Enum8('a' = 1))", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(Array(String))", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(LowCardinality(String))", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(JSON)", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(Tuple(String))", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(Point)", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(Nothing)", TypeRule.LOW_CARDINALITY_INNER),
                arguments("LowCardinality(Nullable(Nothing))", TypeRule.LOW_CARDINALITY_INNER),
                arguments("Map(Nullable(String), UInt8)", TypeRule.MAP_KEY),
                arguments("Map(LowCardinality(Nullable(String)), UInt8)", TypeRule.MAP_KEY),
                arguments("Map(Nullable(Nothing), UInt8)", TypeRule.MAP_KEY),
                arguments("Decimal(77, 1)", TypeRule.DECIMAL_PRECISION),
                arguments("Decimal(0, 0)", TypeRule.DECIMAL_PRECISION),
                arguments("Decimal(5, 6)", TypeRule.DECIMAL_SCALE),
                arguments("Decimal32(10)", TypeRule.DECIMAL_SCALE),
                arguments("DateTime64(10)", TypeRule.TIME_PRECISION),
                arguments("Time64(10)", TypeRule.TIME_PRECISION),
                arguments("FixedString(0)", TypeRule.FIXED_STRING_LENGTH),
                arguments("Enum8()", TypeRule.ENUM_EMPTY),
                arguments("Enum8('a' = 128)", TypeRule.ENUM_RANGE),
                arguments("Enum8('a' = -129)", TypeRule.ENUM_RANGE),
                arguments("Enum16('a' = 32768)", TypeRule.ENUM_RANGE),
                arguments("Enum8('a' = 1, 'a' = 2)", TypeRule.ENUM_DUPLICATE),
                arguments("Enum8('a' = 1, 'b' = 1)", TypeRule.ENUM_DUPLICATE),
                arguments("Tuple(a String, UInt8)", TypeRule.TUPLE_NAMES),
                arguments("Tuple(a String, a UInt8)", TypeRule.TUPLE_NAMES),
                arguments("Tuple(null UInt8)", TypeRule.TUPLE_NAMES),
                arguments("Variant()", TypeRule.VARIANT_ALTERNATIVES),
                arguments("Variant(Nullable(String), UInt8)", TypeRule.VARIANT_ALTERNATIVES),
                arguments("Variant(Dynamic, String)", TypeRule.VARIANT_ALTERNATIVES),
                arguments("Variant(Variant(String, UInt8), Int8)", TypeRule.VARIANT_ALTERNATIVES),
                arguments("Dynamic(max_types=255)", TypeRule.DYNAMIC_LIMITS),
                arguments("JSON(max_dynamic_types=255)", TypeRule.DYNAMIC_LIMITS),
                arguments("JSON(a UInt8, a String)", TypeRule.SYNTAX),
                arguments("Enum8('a' = 1.5)", TypeRule.SYNTAX),
                arguments("UUID(1)", TypeRule.SYNTAX),
                arguments("FixedString", TypeRule.SYNTAX),
                arguments("Object('json')", TypeRule.SYNTAX),
                arguments("Strin", TypeRule.SYNTAX));
    }

    /** Valid types that ClickHouse refuses as columns with default settings; the setting (if any) that lifts the rule. */
    static Stream<Arguments> refusedByDefault() {
        return Stream.of(
                arguments("LowCardinality(UInt8)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(Nullable(Int8))", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(Float64)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(Bool)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(Date)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(Date32)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(DateTime('UTC'))", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(IPv6)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("LowCardinality(Time)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("Map(LowCardinality(UInt8), UInt8)", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("Tuple(LowCardinality(UInt8))", TypeRule.LOW_CARDINALITY_SUSPICIOUS),
                arguments("FixedString(257)", TypeRule.FIXED_STRING_SUSPICIOUS),
                arguments("Array(FixedString(300))", TypeRule.FIXED_STRING_SUSPICIOUS),
                arguments("Nullable(Tuple(String))", TypeRule.NULLABLE_TUPLE),
                arguments("Nullable(Point)", TypeRule.NULLABLE_TUPLE),
                arguments("Map(String, Nullable(Tuple(UInt8)))", TypeRule.NULLABLE_TUPLE),
                arguments("Nothing", TypeRule.NOTHING_COLUMN),
                arguments("Nullable(Nothing)", TypeRule.NOTHING_COLUMN),
                arguments("Array(Nothing)", TypeRule.NOTHING_COLUMN),
                arguments("Array(Array(Nothing))", TypeRule.NOTHING_COLUMN),
                arguments("Array(Nullable(Nothing))", TypeRule.NOTHING_COLUMN));
    }

    static Stream<String> canonical() {
        return CANONICAL.stream();
    }

    @Nested
    class Parsing {

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#canonical")
        void rendersTheServersTextBackUnchanged(String text) {
            ClickHouseType type = ClickHouseType.parse(text);

            assertThat(type.render()).isEqualTo(text);
            assertThat(type).hasToString(text);
            assertThat(ClickHouseType.parse(type.render())).isEqualTo(type);
        }

        @ParameterizedTest
        @MethodSource({"dev.chorm.hibernate.type.ClickHouseTypeTest#aliases",
                "dev.chorm.hibernate.type.ClickHouseTypeTest#ourLeniency"})
        void mapsAliasesAndSpellingsToTheCanonicalType(String text, String canonical) {
            assertThat(ClickHouseType.parse(text).render()).isEqualTo(canonical);
            assertThat(ClickHouseType.parse(text)).isEqualTo(ClickHouseType.parse(canonical));
        }

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#referenceCatalogue")
        void readsEveryTypeOfThePythonReferenceCatalogue(String text, String canonical) {
            ClickHouseType type = ClickHouseType.parse(text);

            assertThat(type.render()).isEqualTo(canonical);
            assertThat(type.validate()).isSameAs(type);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
                "Array(Strin)         | 6  | unknown type 'Strin'",
                "Array(               | 6  | a type is missing",
                "\"\"                   | 0  | a type is missing",
                "Array(String         | 12 | ')' was expected but the text ended",
                "Map(String)          | 10 | ',' was expected, found ')'",
                "String String        | 7  | unexpected 'String' after the type",
                "UUID(1)              | 4  | UUID cannot have arguments",
                "DateTime('UTC        | 9  | unterminated '",
                "Tuple(a String,)     | 15 | a tuple element was expected",
                "Decimal(10, 2, 3)    | 13 | ')' was expected, found ','",
                "Nested(a String)     | 0  | Nested is not a column type",
                "Enum8('a' = x)       | 12 | a number was expected",
                "Object('json')       | 0  | unknown type 'Object'",
                "Tuple(DOUBLE PRECISION) | 13 | unknown type 'PRECISION'"})
        void reportsBadTextWithItsPosition(String text, int position, String problem) {
            assertThatThrownBy(() -> ClickHouseType.parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .isInstanceOf(InvalidTypeException.class)
                    .hasMessageContaining("\"" + text + "\"")
                    .hasMessageContaining("at position " + position + ": " + problem)
                    .hasMessageContaining("[rule SYNTAX]");
        }
    }

    @Nested
    class Rules {

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#brokenRules")
        void refusesTypesBreakingAStructuralRule(String text, TypeRule rule) {
            assertThatThrownBy(() -> ClickHouseType.parse(text))
                    .isInstanceOfSatisfying(InvalidTypeException.class, e -> assertThat(e.rule()).isEqualTo(rule))
                    .hasMessageContaining("[rule " + rule.name() + "]");
        }

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#refusedByDefault")
        void validateRefusesWhatTheServerRefusesWithDefaultSettings(String text, TypeRule rule) {
            ClickHouseType type = ClickHouseType.parse(text);

            assertThatThrownBy(type::validate)
                    .isInstanceOfSatisfying(InvalidTypeException.class, e -> assertThat(e.rule()).isEqualTo(rule))
                    .hasMessageContaining(rule.name())
                    .hasMessageContaining(rule.setting().orElse(""));
        }

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#refusedByDefault")
        void theSettingNamedByTheRuleLiftsIt(String text, TypeRule rule) {
            ClickHouseType type = ClickHouseType.parse(text);
            TypeRule.Setting[] all = TypeRule.Setting.values();

            if (rule.setting().isPresent()) {
                assertThat(type.validate(all)).isSameAs(type);
            } else {
                assertThatThrownBy(() -> type.validate(all)).isInstanceOf(InvalidTypeException.class);
            }
        }

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#canonical")
        void everyCanonicalTypeIsAValidColumnType(String text) {
            ClickHouseType type = ClickHouseType.parse(text);
            assertThat(type.validate()).isSameAs(type);
        }

        @Test
        void constructorsEnforceTheSameRulesAsTheParser() {
            assertThatThrownBy(() -> new Nullable(new Array(Simple.STRING)))
                    .isInstanceOfSatisfying(InvalidTypeException.class, e -> assertThat(e.rule()).isEqualTo(TypeRule.NULLABLE_INNER))
                    .hasMessage("Nullable cannot wrap Array(String) [rule NULLABLE_INNER]");
            assertThatThrownBy(() -> new ClickHouseType.Decimal(10, 11))
                    .hasMessage("Decimal scale must be 0..precision (10), got 11 [rule DECIMAL_SCALE]");
            assertThatThrownBy(() -> new ClickHouseType.Enum(8, Map.of("a", 200)))
                    .hasMessage("Enum8 value 200 of 'a' is outside -128..127 [rule ENUM_RANGE]");
            assertThatThrownBy(() -> new ClickHouseType.Map(new Nullable(Simple.STRING), Simple.STRING))
                    .hasMessage("a Map key cannot be Nullable(String) [rule MAP_KEY]");
            assertThatThrownBy(() -> new DateTime64(12, null))
                    .hasMessage("DateTime64 precision must be 0..9, got 12 [rule TIME_PRECISION]");
        }

        @Test
        void everyRuleIsCovered() {
            List<TypeRule> tested = new ArrayList<>();
            brokenRules().forEach(a -> tested.add((TypeRule) a.get()[1]));
            refusedByDefault().forEach(a -> tested.add((TypeRule) a.get()[1]));

            assertThat(tested).containsAll(List.of(TypeRule.values()));
        }

        @Test
        void settingsNameTheRulesTheyLift() {
            for (TypeRule.Setting setting : TypeRule.Setting.values()) {
                assertThat(setting.lifts().setting()).contains(setting.settingName());
            }
        }
    }

    @Nested
    class Values {

        @Test
        void buildsTypesFromParts() {
            Map<String, Integer> fruit = new LinkedHashMap<>();
            fruit.put("pear", 2);
            fruit.put("banana", 1);

            assertThat(new ClickHouseType.Enum(8, fruit).render()).isEqualTo("Enum8('banana' = 1, 'pear' = 2)");
            assertThat(ClickHouseType.Enum.of(Map.of("big", 1000)).render()).isEqualTo("Enum16('big' = 1000)");
            assertThat(new Array(new LowCardinality(new Nullable(Simple.STRING))))
                    .isEqualTo(ClickHouseType.parse("Array(LowCardinality(Nullable(String)))"));
            assertThat(Tuple.of(Simple.UINT8, Simple.STRING).render()).isEqualTo("Tuple(UInt8, String)");
            assertThat(new Tuple(List.of(new Tuple.Element("from", Simple.STRING))).render()).isEqualTo("Tuple(`from` String)");
            assertThat(new DateTime64(6, "UTC").render()).isEqualTo("DateTime64(6, 'UTC')");
            assertThat(new ClickHouseType.Json(null, 8, Map.of("b", Simple.STRING, "a.x", Simple.INT64), List.of("z"), List.of()).render())
                    .isEqualTo("JSON(max_dynamic_types=8, `a.x` Int64, b String, SKIP z)");
        }

        @Test
        void equalTypesAreEqualHoweverTheyWereWritten() {
            assertThat(ClickHouseType.parse("Enum8('b' = 2, 'a' = 1)")).isEqualTo(ClickHouseType.parse("Enum('a', 'b')"));
            assertThat(ClickHouseType.parse("Variant(UInt8, String)")).isEqualTo(ClickHouseType.parse("Variant(String, UInt8)"));
            assertThat(ClickHouseType.parse("Decimal64(2)")).isEqualTo(new ClickHouseType.Decimal(18, 2))
                    .hasSameHashCodeAs(new ClickHouseType.Decimal(18, 2));
        }

        @Test
        void nullableIsAddedAndRemovedWhereClickHouseWantsIt() {
            ClickHouseType lc = ClickHouseType.parse("LowCardinality(String)");

            assertThat(lc.isNullable()).isFalse();
            assertThat(lc.withNullable().render()).isEqualTo("LowCardinality(Nullable(String))");
            assertThat(lc.withNullable().isNullable()).isTrue();
            assertThat(lc.withNullable().unwrapNullable()).isEqualTo(lc);
            assertThat(Simple.INT32.withNullable().render()).isEqualTo("Nullable(Int32)");
            assertThat(Simple.INT32.withNullable().withNullable()).isEqualTo(Simple.INT32.withNullable());
            assertThat(Simple.INT32.unwrapNullable()).isEqualTo(Simple.INT32);
            assertThatThrownBy(() -> ClickHouseType.parse("Array(String)").withNullable())
                    .isInstanceOfSatisfying(InvalidTypeException.class, e -> assertThat(e.rule()).isEqualTo(TypeRule.NULLABLE_INNER));
        }

        @Test
        void lowCardinalityAndTheBaseType() {
            ClickHouseType type = ClickHouseType.parse("LowCardinality(Nullable(FixedString(8)))");

            assertThat(type.isLowCardinality()).isTrue();
            assertThat(type.unwrapLowCardinality().render()).isEqualTo("Nullable(FixedString(8))");
            assertThat(type.baseType()).isEqualTo(new ClickHouseType.FixedString(8));
            assertThat(Simple.STRING.withNullable().withLowCardinality().render()).isEqualTo("LowCardinality(Nullable(String))");
            assertThat(type.withLowCardinality()).isSameAs(type);
            assertThat(Simple.UUID.baseType()).isSameAs(Simple.UUID);
        }

        @ParameterizedTest
        @CsvSource({
                "Int8, -128, 127",
                "UInt8, 0, 255",
                "Int16, -32768, 32767",
                "UInt16, 0, 65535",
                "Int32, -2147483648, 2147483647",
                "UInt32, 0, 4294967295",
                "Int64, -9223372036854775808, 9223372036854775807",
                "UInt64, 0, 18446744073709551615",
                "Int128, -170141183460469231731687303715884105728, 170141183460469231731687303715884105727",
                "UInt128, 0, 340282366920938463463374607431768211455",
                "Int256, -57896044618658097711785492504343953926634992332820282019728792003956564819968, 57896044618658097711785492504343953926634992332820282019728792003956564819967",
                "UInt256, 0, 115792089237316195423570985008687907853269984665640564039457584007913129639935",
                "'Nullable(UInt16)', 0, 65535"})
        void integerTypesKnowTheirRange(String text, BigInteger min, BigInteger max) {
            IntegerRange range = ClickHouseType.parse(text).integerRange().orElseThrow();

            assertThat(range.min()).isEqualTo(min);
            assertThat(range.max()).isEqualTo(max);
            assertThat(range.contains(min)).isTrue();
            assertThat(range.contains(max.add(BigInteger.ONE))).isFalse();
            assertThat(range.contains(min.subtract(BigInteger.ONE))).isFalse();
        }

        @Test
        void otherTypesHaveNoIntegerRange() {
            assertThat(Simple.FLOAT64.integerRange()).isEmpty();
            assertThat(Simple.BOOL.integerRange()).isEmpty();
            assertThat(ClickHouseType.parse("Decimal(10, 0)").integerRange()).isEmpty();
            assertThat(Simple.UINT8.integerRange().orElseThrow().contains(-1)).isFalse();
            assertThat(Simple.UINT8.isInteger()).isTrue();
            assertThat(Simple.STRING.isInteger()).isFalse();
        }
    }

    /** The catalogue checked against ClickHouse 26.7 itself. */
    @Nested
    class OnTheEngine {

        @Test
        void ourCanonicalTextIsWhatTheServerPrints(TestDatabase db) {
            assertServerPrints(db, "canonical", CANONICAL.stream().map(ClickHouseType::parse).map(ClickHouseType::render).toList(), CANONICAL);
        }

        @Test
        void aliasesMeanTheSameTypeToTheServer(TestDatabase db) {
            List<String> written = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            aliases().forEach(a -> {
                written.add((String) a.get()[0]);
                expected.add(ClickHouseType.parse((String) a.get()[0]).render());
            });
            assertServerPrints(db, "aliases", written, expected);
        }

        @Test
        void everyTypeOfTheReferenceCatalogueIsCreated(TestDatabase db) {
            List<String> written = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            referenceCatalogue().forEach(a -> {
                written.add((String) a.get()[0]);
                expected.add((String) a.get()[1]);
            });
            assertServerPrints(db, "reference", written, expected);
        }

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#brokenRules")
        void theServerRefusesWhatTheStructuralRulesRefuse(String text, TypeRule rule, TestDatabase db) {
            String create = "CREATE TABLE refused (c " + text + ") ENGINE = Memory";
            assertThat(EngineSql.tryExecute(db, create, allSettingsEnabled())).as(create).isPresent();
        }

        @ParameterizedTest
        @MethodSource("dev.chorm.hibernate.type.ClickHouseTypeTest#refusedByDefault")
        void theServerRefusesWhatValidateRefusesAndTheSettingLiftsIt(String text, TypeRule rule, TestDatabase db) {
            String table = "by_default_" + Math.abs(text.hashCode());
            String create = "CREATE TABLE " + table + " (c " + text + ") ENGINE = Memory";

            assertThat(EngineSql.tryExecute(db, create)).as(create).isPresent();
            if (rule.setting().isPresent()) {
                assertThat(EngineSql.tryExecute(db, create, Map.of(rule.setting().get(), "1"))).as(create).isEmpty();
                assertThat(EngineSql.value(db, "SELECT type FROM system.columns WHERE database = '" + db.name()
                        + "' AND table = '" + table + "'")).isEqualTo(text);
            }
        }

        /**
         * Where ClickHouse 26.7 is more lenient than the reference catalogue (seed 002) or older servers
         * (Nullable JSON, LowCardinality(Nullable(UUID)), any non-Nullable Map key, Nothing inside a Tuple
         * or Map), the rules follow the engine: we accept exactly what it accepts.
         */
        @ParameterizedTest
        @ValueSource(strings = {"Nullable(JSON)", "LowCardinality(Nullable(UUID))", "Map(Float64, UInt8)", "Map(Array(UInt8), UInt8)",
                "Map(JSON, UInt8)", "Map(Tuple(UInt8, String), UInt8)", "Map(Nothing, UInt8)", "Tuple(Nothing)", "Tuple(`NULL` UInt8)",
                "FixedString(256)", "Nullable(SimpleAggregateFunction(sum, UInt64))"})
        void acceptsWhatTheEngineAcceptsWhereItIsMoreLenientThanExpected(String text, TestDatabase db) {
            ClickHouseType type = ClickHouseType.parse(text).validate();
            String table = "lenient_" + Math.abs(text.hashCode());

            assertThat(EngineSql.tryExecute(db, "CREATE TABLE " + table + " (c " + type.render() + ") ENGINE = Memory")).isEmpty();
            assertThat(EngineSql.value(db, "SELECT type FROM system.columns WHERE database = '" + db.name()
                    + "' AND table = '" + table + "'")).isEqualTo(type.render());
        }

        private void assertServerPrints(TestDatabase db, String table, List<String> written, List<String> expected) {
            StringBuilder create = new StringBuilder("CREATE TABLE " + table + " (");
            for (int i = 0; i < written.size(); i++) {
                create.append(i == 0 ? "" : ", ").append("c").append(i).append(' ').append(written.get(i));
            }
            db.execute(create.append(") ENGINE = Memory").toString());

            List<String> printed = EngineSql.rows(db, "SELECT type FROM system.columns WHERE database = '" + db.name()
                    + "' AND table = '" + table + "' ORDER BY position").stream().map(row -> row.get(0)).toList();

            assertThat(printed).containsExactlyElementsOf(expected);
            for (String text : printed) {
                assertThat(ClickHouseType.parse(text).render()).isEqualTo(text);
            }
        }

        private Map<String, String> allSettingsEnabled() {
            Map<String, String> settings = new LinkedHashMap<>();
            for (TypeRule.Setting setting : TypeRule.Setting.values()) {
                settings.put(setting.settingName(), "1");
            }
            return settings;
        }
    }
}
