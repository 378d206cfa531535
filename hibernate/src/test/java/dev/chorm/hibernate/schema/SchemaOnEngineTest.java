package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.schema.AlterCommand.AddColumn;
import dev.chorm.hibernate.schema.AlterCommand.DropColumn;
import dev.chorm.hibernate.schema.AlterCommand.RenameColumn;
import dev.chorm.hibernate.schema.SchemaExamples.ColumnExample;
import dev.chorm.hibernate.schema.SchemaExamples.EngineExample;
import dev.chorm.hibernate.type.EngineSql;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DDL the renderer writes, run on ClickHouse 26.7: every statement must be accepted and mean what the model says. */
@ClickHouseTest
class SchemaOnEngineTest {

    /** Mutations finish before the ALTER returns, so the next step sees them. */
    private static final Map<String, String> SYNC = Map.of("mutations_sync", "2", "alter_sync", "2");

    static Stream<EngineExample> creatableEngines() {
        return SchemaExamples.engines().stream().filter(EngineExample::creatable);
    }

    static Stream<EngineExample> engineNeedingAServerSetup() {
        return SchemaExamples.engines().stream().filter(e -> !e.creatable());
    }

    private static String showCreate(TestDatabase db, String table) {
        return EngineSql.value(db, "SHOW CREATE TABLE " + DdlRenderer.quoteIdentifier(table));
    }

    private static List<List<String>> columns(TestDatabase db, String table) {
        return EngineSql.rows(db, "SELECT name, type, default_kind, default_expression, comment FROM system.columns WHERE database = '"
                + db.name() + "' AND table = '" + table.replace("\\", "\\\\").replace("'", "\\'") + "' ORDER BY position");
    }

    @Nested
    class TheReferenceEventModel {

        @Test
        void isCreatedWithEveryPartOfTheModel(TestDatabase db) {
            TableDefinition event = SchemaExamples.event();
            db.execute(DdlRenderer.createTable(event, false));

            assertThat(showCreate(db, "event")).contains(
                    "ENGINE = MergeTree",
                    "PARTITION BY toYYYYMMDD(timestamp)",
                    "PRIMARY KEY timestamp",
                    "ORDER BY (timestamp, id)",
                    "SETTINGS index_granularity = 1024, index_granularity_bytes = 1048576, enable_mixed_granularity_parts = 1",
                    "INDEX ip_set_idx ip TYPE set(1000) GRANULARITY 4",
                    "INDEX ipv4_bloom_idx ipv4 TYPE bloom_filter(0.001) GRANULARITY 1",
                    "CONSTRAINT port_range CHECK (port >= 0) AND (port <= 65535)");
            assertThat(columns(db, "event")).containsExactlyElementsOf(event.columns().stream()
                    .map(c -> List.of(c.name(), c.type().render(), c.defaultKind() == null ? "" : c.defaultKind().name(),
                            c.defaultExpression() == null ? "" : c.defaultExpression(), ""))
                    .toList());
        }

        @Test
        void takesRowsWithItsDefaults(TestDatabase db) {
            TableDefinition events = SchemaExamples.event().toBuilder().name("event_rows").build();
            db.execute(DdlRenderer.createTable(events, true));
            db.execute(DdlRenderer.createTable(events, true));
            db.execute("INSERT INTO event_rows (id, port) VALUES (1, 8080)");

            assertThat(EngineSql.rows(db, "SELECT id, toString(ip), toString(ipv4), port, protocol, toString(content), action FROM event_rows"))
                    .containsExactly(List.of("1", "::", "127.0.0.1", "8080", "", "{}", "Pass"));
        }
    }

    @Nested
    class Engines {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.hibernate.schema.SchemaOnEngineTest#creatableEngines")
        void everyEngineIsCreated(EngineExample example, TestDatabase db) {
            String name = "engine_" + example.engine().name().toLowerCase() + "_" + Math.abs(example.rendered().hashCode());
            db.execute(DdlRenderer.createTable(SchemaExamples.tableWith(name, example.engine()), false));
            db.execute("INSERT INTO " + name + " (id, version, is_deleted, sign, amount) VALUES (1, 1, 0, 1, 10), (1, 1, 0, -1, 10)");

            assertThat(EngineSql.value(db, "SELECT engine FROM system.tables WHERE database = '" + db.name() + "' AND name = '" + name + "'"))
                    .isEqualTo(example.engine().name());
            // the server writes the Null engine as `Null`
            assertThat(showCreate(db, name).lines()).contains(example.engine() instanceof Engine.Null
                    ? "ENGINE = `Null`" : "ENGINE = " + example.rendered());
            if (example.supportsFinal()) {
                // the two rows share the sorting key (and cancel out where a sign says so): FINAL collapses them
                assertThat(Integer.parseInt(EngineSql.value(db, "SELECT count() FROM " + name + " FINAL"))).isLessThan(2);
            }
        }

        /**
         * Replicated engines need ClickHouse Keeper, Distributed a cluster, GraphiteMergeTree a rollup
         * section in the server's configuration; the embedded engine has none of them (26.7 answers
         * "Can't create replicated table without ZooKeeper", "Requested cluster ... not found", "No
         * 'graphite_rollup' element in configuration file"). They are checked by the golden tests; here
         * we check that the server's only objection is the missing setup.
         */
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.hibernate.schema.SchemaOnEngineTest#engineNeedingAServerSetup")
        void enginesNeedingAServerSetupFailOnlyForWantOfIt(EngineExample example, TestDatabase db) {
            String name = "setup_" + Math.abs(example.rendered().hashCode());
            String ddl = DdlRenderer.createTable(SchemaExamples.tableWith(name, example.engine()), false);

            assertThat(EngineSql.tryExecute(db, ddl)).as(ddl).hasValueSatisfying(error -> assertThat(error).containsAnyOf(
                    "without ZooKeeper", "Macro 'uuid' in engine arguments", "No macro", "Requested cluster", "Unknown storage policy", "graphite_rollup"));
        }
    }

    @Nested
    class Columns {

        @Test
        void everyColumnOptionIsAccepted(TestDatabase db) {
            List<ColumnDefinition> columns = SchemaExamples.columns().stream().map(ColumnExample::column).toList();
            TableDefinition table = TableDefinition.builder("every_column_option").columns(columns)
                    .engine(new Engine.MergeTree()).orderBy("id").build();
            db.execute(DdlRenderer.createTable(table, false));

            // an EPHEMERAL column without expression is recorded with the type's default value
            assertThat(columns(db, table.name())).containsExactlyElementsOf(columns.stream()
                    .map(c -> List.of(c.name(), c.type().render(), c.defaultKind() == null ? "" : c.defaultKind().name(),
                            c.defaultExpression() != null ? c.defaultExpression()
                                    : c.defaultKind() == null ? "" : "defaultValueOfTypeName('" + c.type().render() + "')",
                            c.comment() == null ? "" : c.comment()))
                    .toList());
            assertThat(EngineSql.value(db, "SELECT compression_codec FROM system.columns WHERE database = '" + db.name()
                    + "' AND table = 'every_column_option' AND name = 'amount'")).isEqualTo("CODEC(Delta(4), ZSTD(1))");
            assertThat(showCreate(db, table.name())).contains("`secret` String TTL at + toIntervalDay(1)");
        }

        @Test
        void awkwardNamesSurviveCreateAlterAndDrop(TestDatabase db) {
            TableRef table = TableRef.of("select");
            db.execute(DdlRenderer.createTable(TableDefinition.builder(table.name())
                    .column("index", "UInt8").column("from", "String").column("tick`tock", "UInt8").column("back\\slash", "UInt8")
                    .engine(new Engine.ReplacingMergeTree("tick`tock")).orderBy(DdlRenderer.quoteIdentifier("index")).build(), false));
            db.execute(DdlRenderer.alterTable(table, new AddColumn(ColumnDefinition.of("a b", "UInt8"), false, "from"),
                    new RenameColumn("back\\slash", "été")));
            db.execute(DdlRenderer.alterTable(table, new DropColumn("from", false)));

            assertThat(columns(db, "select")).extracting(row -> row.get(0)).containsExactly("index", "a b", "tick`tock", "été");
            db.execute(DdlRenderer.dropTable(table, false, true));
        }
    }

    @Nested
    class Alters {

        @TestFactory
        Stream<DynamicTest> everyAlterCommandIsAcceptedOnATableWithRows(TestDatabase db) {
            TableDefinition target = SchemaExamples.alterTarget();
            db.execute(DdlRenderer.createTable(target, false));
            db.execute("INSERT INTO alter_target VALUES (1, now(), 'ann', 10, 'first'), (2, now(), 'bob', 20, 'second'), (3, now(), 'cy', 30, '')");

            Stream<DynamicTest> steps = SchemaExamples.alterSteps().stream().map(step -> DynamicTest.dynamicTest(step.rendered(), () -> {
                String sql = DdlRenderer.alterTable(target.ref(), step.commands());
                assertThat(EngineSql.tryExecute(db, sql, SYNC)).as(sql).isEmpty();
            }));
            Stream<DynamicTest> outcome = Stream.of(DynamicTest.dynamicTest("the rows are all there, with the columns and comment the steps made", () -> {
                assertThat(EngineSql.value(db, "SELECT count() FROM alter_target")).isEqualTo("3");
                assertThat(columns(db, "alter_target")).extracting(row -> row.get(0) + " " + row.get(1))
                        .containsExactly("id UInt64", "rank UInt8", "at DateTime", "name String", "city LowCardinality(String)",
                                "amount UInt64", "extra UInt8");
                assertThat(showCreate(db, "alter_target")).contains("ORDER BY (id, rank)", "COMMENT 'orders, one row each'",
                        "INDEX name_ngrams name TYPE ngrambf_v1(3, 256, 2, 0) GRANULARITY 1", "CONSTRAINT id_positive ASSUME id > 0")
                        .doesNotContain("name_bloom", "amount_sane", "PROJECTION", "TTL at + toIntervalYear(5)");
            }));
            return Stream.concat(steps, outcome);
        }
    }

    /** Where ClickHouse 26.7 accepts more than the model: the model's rule is documented on {@link TableRule}. */
    @Nested
    class WhereTheEngineIsMoreLenient {

        @Test
        void theServerDefaultsAMissingOrderByToTupleButTheModelWantsItSaid(TestDatabase db) {
            db.execute("CREATE TABLE no_order_by (id UInt64) ENGINE = MergeTree");

            assertThat(showCreate(db, "no_order_by")).contains("ORDER BY tuple()");
            assertThatThrownBy(() -> TableDefinition.builder("no_order_by").column("id", "UInt64").engine(new Engine.MergeTree()).build())
                    .isInstanceOfSatisfying(InvalidTableException.class, e -> assertThat(e.rule()).isEqualTo(TableRule.ORDER_BY_REQUIRED));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Int32", "Int8", "Date32", "Bool", "DateTime64(3)"})
        void versionColumnsNeedNotBeUnsigned(String type, TestDatabase db) {
            TableDefinition table = TableDefinition.builder("version_" + type.replaceAll("\\W", "_")).column("id", "UInt64").column("v", type)
                    .engine(new Engine.ReplacingMergeTree("v")).orderBy("id").build();

            db.execute(DdlRenderer.createTable(table, false));
        }
    }

    @Nested
    class TableStatements {

        @Test
        void truncateRenameAndDrop(TestDatabase db) {
            TableDefinition table = SchemaExamples.tableWith("scratch", new Engine.MergeTree());
            db.execute(DdlRenderer.createTable(table, false));
            db.execute("INSERT INTO scratch (id) VALUES (1), (2)");

            db.execute(DdlRenderer.truncateTable(table.ref(), false));
            assertThat(EngineSql.value(db, "SELECT count() FROM scratch")).isEqualTo("0");

            db.execute(DdlRenderer.renameTable(table.ref(), "scratch_old"));
            db.execute(DdlRenderer.truncateTable(table.ref(), true));
            db.execute(DdlRenderer.dropTable(TableRef.of(db.name(), "scratch_old"), false, true));
            db.execute(DdlRenderer.dropTable(table.ref(), true, false));

            assertThat(EngineSql.value(db, "SELECT count() FROM system.tables WHERE database = '" + db.name()
                    + "' AND name LIKE 'scratch%'")).isEqualTo("0");
        }
    }
}
