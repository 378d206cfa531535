package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.schema.IndexDefinition.IndexType;
import dev.chorm.hibernate.type.TypeRule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The model: building, deriving, and the {@link TableRule}s checked when a table is built. */
class TableDefinitionTest {

    private static TableDefinition.Builder orders(Engine engine) {
        return TableDefinition.builder("orders")
                .column("id", "UInt64")
                .column("at", "DateTime")
                .column("version", "UInt32")
                .column("sign", "Int8")
                .column("amount", "UInt64")
                .engine(engine);
    }

    private static TableDefinition.Builder mergeTree() {
        return orders(new Engine.MergeTree()).orderBy("id");
    }

    private static void assertBreaks(TableRule rule, String message, UnaryOperator<TableDefinition.Builder> change, TableDefinition.Builder base) {
        assertThatThrownBy(() -> change.apply(base).build())
                .isInstanceOfSatisfying(InvalidTableException.class, e -> assertThat(e.rule()).isEqualTo(rule))
                .hasMessageStartingWith("table orders: ")
                .hasMessageContaining(message)
                .hasMessageEndingWith("[rule " + rule + "]");
    }

    @Nested
    class Model {

        @Test
        void isImmutableAndDerivable() {
            TableDefinition table = SchemaExamples.event();
            TableDefinition renamed = table.toBuilder().name("event_v2").database("archive").build();

            assertThat(renamed.ref()).isEqualTo(TableRef.of("archive", "event_v2"));
            assertThat(renamed.columns()).isEqualTo(table.columns());
            assertThat(renamed.toBuilder().build()).isEqualTo(renamed);
            assertThatThrownBy(() -> table.columns().add(ColumnDefinition.of("x", "UInt8"))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> table.settings().put("x", "1")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void keepsSettingsInOrderAsSqlLiterals() {
            TableDefinition table = mergeTree().setting("b", 2).setting("a", "x'y").settingLiteral("c", "0.5").build();

            assertThat(table.settings()).containsExactly(Map.entry("b", "2"), Map.entry("a", "'x\\'y'"),
                    Map.entry("c", "0.5"));
        }

        @Test
        void findsColumnsByName() {
            TableDefinition table = SchemaExamples.event();

            assertThat(table.column("port").orElseThrow().type().render()).isEqualTo("UInt16");
            assertThat(table.column("nope")).isEmpty();
        }

        @Test
        void columnsAreDerivedWithWithers() {
            ColumnDefinition column = ColumnDefinition.of("a", "UInt8").withDefault("1").withComment("c").withCodecs("LZ4").withTtl("t");

            assertThat(column.withName("b").name()).isEqualTo("b");
            assertThat(column.withType(column.type().withNullable()).type().render()).isEqualTo("Nullable(UInt8)");
            assertThat(column.withDefault(null, null).defaultKind()).isNull();
            assertThat(column.codecs()).containsExactly("LZ4");
        }

        @Test
        void aColumnDefaultNeedsBothAKindAndAnExpressionExceptEphemeral() {
            assertThatThrownBy(() -> ColumnDefinition.of("a", "UInt8").withDefault(ColumnDefinition.DefaultKind.ALIAS, null))
                    .hasMessage("column a: ALIAS needs an expression");
            assertThatThrownBy(() -> ColumnDefinition.of("a", "UInt8").withDefault(null, "1"))
                    .hasMessageContaining("column a: a default expression needs a kind");
            assertThatNoException().isThrownBy(() -> ColumnDefinition.of("a", "UInt8").withDefault(ColumnDefinition.DefaultKind.EPHEMERAL, null));
        }

        @Test
        void enginesRefuseIncompleteArguments() {
            assertThatThrownBy(() -> new Engine.ReplacingMergeTree(null, "deleted")).hasMessageContaining("needs a version column");
            assertThatThrownBy(() -> new Engine.MergeTree().replicated("/path", null)).hasMessageContaining("both a Keeper path and a replica name");
            assertThatThrownBy(() -> new Engine.Replicated(new Engine.MergeTree().replicated(), null, null)).hasMessageContaining("twice");
            assertThatThrownBy(() -> new Engine.Distributed("c", null, "t", null, "policy")).hasMessageContaining("sharding key");
            assertThatThrownBy(() -> new IndexDefinition("i", "x", IndexType.minmax(), 0)).hasMessageContaining("granularity must be at least 1");
        }
    }

    @Nested
    class Rules {

        @Test
        void aTableHasColumns() {
            assertThatThrownBy(() -> TableDefinition.builder("orders").engine(new Engine.Memory()).build())
                    .isInstanceOfSatisfying(InvalidTableException.class, e -> assertThat(e.rule()).isEqualTo(TableRule.NO_COLUMNS));
        }

        static Stream<Arguments> duplicates() {
            return Stream.<Arguments>of(
                    arguments("column id is defined twice", (UnaryOperator<TableDefinition.Builder>) b -> b.column("id", "String")),
                    arguments("index i is defined twice", (UnaryOperator<TableDefinition.Builder>) b -> b
                            .index(new IndexDefinition("i", "id", IndexType.minmax())).index(new IndexDefinition("i", "at", IndexType.minmax()))),
                    arguments("constraint c is defined twice", (UnaryOperator<TableDefinition.Builder>) b -> b
                            .constraint(ConstraintDefinition.check("c", "id > 0")).constraint(ConstraintDefinition.assume("c", "id < 9"))),
                    arguments("projection p is defined twice", (UnaryOperator<TableDefinition.Builder>) b -> b
                            .projection(new ProjectionDefinition("p", "SELECT id ORDER BY at"))
                            .projection(new ProjectionDefinition("p", "SELECT at ORDER BY id"))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("duplicates")
        void namesAreUnique(String message, UnaryOperator<TableDefinition.Builder> change) {
            assertBreaks(TableRule.DUPLICATE_NAME, message, change, mergeTree());
        }

        static Stream<Engine> mergeTreeFamily() {
            return SchemaExamples.engines().stream().map(SchemaExamples.EngineExample::engine).filter(Engine::isMergeTreeFamily);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("mergeTreeFamily")
        void theMergeTreeFamilyNeedsOrderBy(Engine engine) {
            assertBreaks(TableRule.ORDER_BY_REQUIRED, engine.name() + " needs ORDER BY (orderBy(\"tuple()\") for no sorting key)",
                    b -> b.column("is_deleted", "UInt8"), orders(engine));
        }

        static Stream<Arguments> mergeTreeClauses() {
            return Stream.<Arguments>of(
                    arguments("ORDER BY", (UnaryOperator<TableDefinition.Builder>) b -> b.orderBy("id")),
                    arguments("PARTITION BY", (UnaryOperator<TableDefinition.Builder>) b -> b.partitionBy("toYYYYMM(at)")),
                    arguments("PRIMARY KEY", (UnaryOperator<TableDefinition.Builder>) b -> b.primaryKey("id")),
                    arguments("SAMPLE BY", (UnaryOperator<TableDefinition.Builder>) b -> b.sampleBy("id")),
                    arguments("TTL", (UnaryOperator<TableDefinition.Builder>) b -> b.ttl("at + INTERVAL 1 DAY")),
                    arguments("data-skipping indexes", (UnaryOperator<TableDefinition.Builder>) b -> b.index(new IndexDefinition("i", "id", IndexType.minmax()))),
                    arguments("projections", (UnaryOperator<TableDefinition.Builder>) b -> b.projection(new ProjectionDefinition("p", "SELECT id ORDER BY at"))),
                    arguments("column TTL (column note)", (UnaryOperator<TableDefinition.Builder>) b -> b
                            .column(ColumnDefinition.of("note", "String").withTtl("at + INTERVAL 1 DAY"))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("mergeTreeClauses")
        void otherEnginesRefuseMergeTreeClauses(String clause, UnaryOperator<TableDefinition.Builder> change) {
            for (Engine engine : List.of(new Engine.Memory(), new Engine.Log(), new Engine.Null(), new Engine.Distributed("c", null, "t"))) {
                assertBreaks(TableRule.MERGE_TREE_ONLY, "engine " + engine.name() + " does not support " + clause, change, orders(engine));
            }
        }

        @Test
        void otherEnginesAcceptConstraintsCommentsAndSettings() {
            assertThatNoException().isThrownBy(() -> orders(new Engine.Memory()).constraint(ConstraintDefinition.check("c", "id > 0"))
                    .comment("in memory").setting("max_rows_to_keep", 1000).build());
        }

        @Test
        void thePrimaryKeyIsAPrefixOfTheSortingKey() {
            assertBreaks(TableRule.PRIMARY_KEY_PREFIX, "PRIMARY KEY [at] must be a prefix of ORDER BY [id, at]",
                    b -> b.orderBy("id", "at").primaryKey("at"), mergeTree());
            assertBreaks(TableRule.PRIMARY_KEY_PREFIX, "must be a prefix", b -> b.orderBy("id").primaryKey("id", "at"), mergeTree());
            assertThatNoException().isThrownBy(() -> mergeTree().orderBy("id", "toDate(at)").primaryKey("id", "toDate( at )").build());
        }

        @Test
        void aBareNameInAKeyIsAColumnOfTheTable() {
            assertBreaks(TableRule.KEY_COLUMN, "ORDER BY names column no_such_column, which the table does not have",
                    b -> b.orderBy("id", "no_such_column"), mergeTree());
            assertBreaks(TableRule.KEY_COLUMN, "PARTITION BY names column day, which", b -> b.partitionBy("`day`"), mergeTree());
            assertBreaks(TableRule.KEY_COLUMN, "SAMPLE BY names column idd", b -> b.sampleBy("idd"), mergeTree());
            assertThatNoException().isThrownBy(() -> mergeTree().orderBy("`id`", "toDate(at)").partitionBy("toYYYYMM(at)").build());
        }

        @Test
        void theSampleExpressionIsPartOfThePrimaryKey() {
            assertBreaks(TableRule.SAMPLE_BY_KEY, "SAMPLE BY intHash32(id) must be one of the primary key's expressions [at]",
                    b -> b.orderBy("at", "intHash32(id)").primaryKey("at").sampleBy("intHash32(id)"), mergeTree());
            assertThatNoException().isThrownBy(() -> mergeTree().orderBy("at", "intHash32(id)").sampleBy("intHash32(id)").build());
        }

        static Stream<Arguments> badEngineColumns() {
            return Stream.of(
                    arguments(new Engine.ReplacingMergeTree("revision"), "the version column revision of ReplacingMergeTree does not exist"),
                    arguments(new Engine.ReplacingMergeTree("amount", "sign"), "the is_deleted column sign of ReplacingMergeTree must be UInt8, not Int8"),
                    arguments(new Engine.ReplacingMergeTree("note"), "the version column note of ReplacingMergeTree must be an integer, Bool, Date, "
                            + "Date32, DateTime or DateTime64 (not Nullable), not String"),
                    arguments(new Engine.ReplacingMergeTree("maybe"), "must be an integer, Bool, Date, Date32, DateTime or DateTime64 (not Nullable), "
                            + "not Nullable(UInt32)"),
                    arguments(new Engine.CollapsingMergeTree("amount"), "the sign column amount of CollapsingMergeTree must be Int8, not UInt64"),
                    arguments(new Engine.VersionedCollapsingMergeTree("sign", "note"), "the version column note of VersionedCollapsingMergeTree"),
                    arguments(new Engine.VersionedCollapsingMergeTree("version", "amount"), "the sign column version of VersionedCollapsingMergeTree must be Int8"),
                    arguments(new Engine.SummingMergeTree("total"), "the summed column total of SummingMergeTree does not exist"),
                    arguments(new Engine.SummingMergeTree("id"), "column id is both summed by SummingMergeTree and in the sorting key"),
                    arguments(new Engine.CollapsingMergeTree("at").replicated(), "the sign column at of CollapsingMergeTree must be Int8"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badEngineColumns")
        void columnsNamedByTheEngineExistAndSuitIt(Engine engine, String message) {
            assertBreaks(TableRule.ENGINE_COLUMN, message,
                    b -> b.column("note", "String").column("maybe", "Nullable(UInt32)").orderBy("id"), orders(engine));
        }

        @ParameterizedTest
        @ValueSource(strings = {"UInt8", "UInt64", "Int32", "Int256", "Bool", "Date", "Date32", "DateTime", "DateTime('UTC')", "DateTime64(6)"})
        void versionColumnsMayBeIntegersBoolsDatesAndTimes(String type) {
            assertThatNoException().isThrownBy(() -> orders(new Engine.ReplacingMergeTree("v")).column("v", type).orderBy("id").build());
        }

        @Test
        void isDeletedMayBeBool() {
            assertThatNoException().isThrownBy(() -> orders(new Engine.ReplacingMergeTree("version", "gone")).column("gone", "Bool").orderBy("id").build());
        }

        @Test
        void columnTypesAreCheckedAgainstTheServersDefaultsOnDemand() {
            TableDefinition table = mergeTree().column("level", "LowCardinality(UInt8)").build();

            assertThatThrownBy(table::validateColumnTypes)
                    .isInstanceOfSatisfying(InvalidTableException.class, e -> assertThat(e.rule()).isEqualTo(TableRule.COLUMN_TYPE))
                    .hasMessageStartingWith("table orders: column level: LowCardinality(UInt8) is refused by default")
                    .hasMessageContaining("LOW_CARDINALITY_SUSPICIOUS");
            assertThat(table.validateColumnTypes(TypeRule.Setting.ALLOW_SUSPICIOUS_LOW_CARDINALITY_TYPES)).isSameAs(table);
        }
    }
}
