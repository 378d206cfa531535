package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.schema.AlterCommand.AddColumn;
import dev.chorm.hibernate.schema.AlterCommand.DropColumn;
import dev.chorm.hibernate.schema.IndexDefinition.IndexType;
import dev.chorm.hibernate.schema.SchemaExamples.AlterStep;
import dev.chorm.hibernate.schema.SchemaExamples.ColumnExample;
import dev.chorm.hibernate.schema.SchemaExamples.EngineExample;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden tests: the exact text of every statement, engine, column option and ALTER command. */
class DdlRendererTest {

    static List<EngineExample> engines() {
        return SchemaExamples.engines();
    }

    static List<ColumnExample> columns() {
        return SchemaExamples.columns();
    }

    static List<AlterStep> alterSteps() {
        return SchemaExamples.alterSteps();
    }

    @Nested
    class CreateTable {

        @Test
        void rendersTheReferenceEventModel() {
            assertThat(DdlRenderer.createTable(SchemaExamples.event(), false)).isEqualTo(SchemaExamples.EVENT_DDL);
        }

        @Test
        void rendersEveryClauseInTheServersOrder() {
            TableDefinition table = TableDefinition.builder("visits")
                    .database("web")
                    .column("id", "UInt64")
                    .column("at", "DateTime")
                    .column("path", "String")
                    .engine(new Engine.ReplacingMergeTree())
                    .orderBy("toStartOfHour(at)", "intHash32(id)", "id")
                    .primaryKey("toStartOfHour(at)", "intHash32(id)")
                    .partitionBy("toYYYYMM(at)")
                    .sampleBy("intHash32(id)")
                    .ttl("at + INTERVAL 1 YEAR", "at + INTERVAL 1 MONTH DELETE WHERE path = ''")
                    .setting("index_granularity", 8192)
                    .setting("storage_policy", "default")
                    .comment("page visits")
                    .index(new IndexDefinition("path_tokens", "path", IndexType.tokenBloomFilter(512, 3, 0), 4))
                    .constraint(ConstraintDefinition.assume("recent", "at > '2000-01-01'"))
                    .projection(new ProjectionDefinition("by_path", "SELECT path, count() GROUP BY path"))
                    .onCluster("main")
                    .build();

            assertThat(DdlRenderer.createTable(table, true)).isEqualTo("""
                    CREATE TABLE IF NOT EXISTS web.visits ON CLUSTER main
                    (
                        id UInt64,
                        at DateTime,
                        path String,
                        INDEX path_tokens path TYPE tokenbf_v1(512, 3, 0) GRANULARITY 4,
                        CONSTRAINT recent ASSUME at > '2000-01-01',
                        PROJECTION by_path (SELECT path, count() GROUP BY path)
                    )
                    ENGINE = ReplacingMergeTree
                    PARTITION BY toYYYYMM(at)
                    PRIMARY KEY (toStartOfHour(at), intHash32(id))
                    ORDER BY (toStartOfHour(at), intHash32(id), id)
                    SAMPLE BY intHash32(id)
                    TTL at + INTERVAL 1 YEAR, at + INTERVAL 1 MONTH DELETE WHERE path = ''
                    SETTINGS index_granularity = 8192, storage_policy = 'default'
                    COMMENT 'page visits'""");
        }

        @Test
        void rendersTheSmallestTables() {
            assertThat(DdlRenderer.createTable(TableDefinition.builder("kv").column("k", "String")
                    .engine(new Engine.Memory()).build(), false)).isEqualTo("""
                    CREATE TABLE kv
                    (
                        k String
                    )
                    ENGINE = Memory""");
            assertThat(DdlRenderer.createTable(TableDefinition.builder("heap").column("k", "String")
                    .engine(new Engine.MergeTree()).orderBy("tuple()").build(), false)).endsWith("ENGINE = MergeTree\nORDER BY tuple()");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.hibernate.schema.DdlRendererTest#engines")
        void rendersEveryEngine(EngineExample example) {
            String ddl = DdlRenderer.createTable(SchemaExamples.tableWith("t", example.engine()), false);

            assertThat(example.engine().render()).isEqualTo(example.rendered());
            if (example.mergeTree()) {
                assertThat(ddl).endsWith("\n)\nENGINE = " + example.rendered() + "\nORDER BY id");
            } else {
                assertThat(ddl).endsWith("\n)\nENGINE = " + example.rendered());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.hibernate.schema.DdlRendererTest#engines")
        void everyEngineKnowsItsFamily(EngineExample example) {
            assertThat(example.engine().isMergeTreeFamily()).isEqualTo(example.mergeTree());
            assertThat(example.engine().supportsFinal()).isEqualTo(example.supportsFinal());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.hibernate.schema.DdlRendererTest#columns")
        void rendersEveryColumnOption(ColumnExample example) {
            assertThat(DdlRenderer.columnDefinition(example.column())).isEqualTo(example.rendered());
        }

        @Test
        void rendersEveryIndexType() {
            assertThat(List.of(IndexType.minmax(), IndexType.set(100), IndexType.bloomFilter(), IndexType.bloomFilter(0.0001),
                    IndexType.ngramBloomFilter(4, 1024, 3, 7), IndexType.tokenBloomFilter(256, 2, 0), IndexType.text("ngrams(3)"),
                    new IndexType("vector_similarity", List.of("'hnsw'", "'L2Distance'", "3"))))
                    .extracting(IndexType::render)
                    .containsExactly("minmax", "set(100)", "bloom_filter", "bloom_filter(0.0001)", "ngrambf_v1(4, 1024, 3, 7)",
                            "tokenbf_v1(256, 2, 0)", "text(tokenizer = ngrams(3))", "vector_similarity('hnsw', 'L2Distance', 3)");
        }
    }

    @Nested
    class OtherStatements {

        private final TableRef events = TableRef.of("shop", "events");
        private final TableRef clustered = events.onCluster("main");

        @Test
        void dropTable() {
            assertThat(DdlRenderer.dropTable(events, false, false)).isEqualTo("DROP TABLE shop.events");
            assertThat(DdlRenderer.dropTable(clustered, true, true)).isEqualTo("DROP TABLE IF EXISTS shop.events ON CLUSTER main SYNC");
        }

        @Test
        void truncateTable() {
            assertThat(DdlRenderer.truncateTable(TableRef.of("events"), false)).isEqualTo("TRUNCATE TABLE events");
            assertThat(DdlRenderer.truncateTable(clustered, true)).isEqualTo("TRUNCATE TABLE IF EXISTS shop.events ON CLUSTER main");
        }

        @Test
        void renameTable() {
            assertThat(DdlRenderer.renameTable(clustered, "events_old")).isEqualTo("RENAME TABLE shop.events TO shop.events_old ON CLUSTER main");
        }

        @Test
        void alterWithOneCommandFitsOnALineAndSeveralTakeOneLineEach() {
            assertThat(DdlRenderer.alterTable(clustered, new DropColumn("a", false)))
                    .isEqualTo("ALTER TABLE shop.events ON CLUSTER main DROP COLUMN a");
            assertThat(DdlRenderer.alterTable(events, new AddColumn(ColumnDefinition.of("b", "UInt8")), new DropColumn("a", true)))
                    .isEqualTo("ALTER TABLE shop.events\n    ADD COLUMN b UInt8,\n    DROP COLUMN IF EXISTS a");
            assertThatThrownBy(() -> DdlRenderer.alterTable(events, List.of())).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.hibernate.schema.DdlRendererTest#alterSteps")
        void rendersEveryAlterCommand(AlterStep step) {
            assertThat(DdlRenderer.alterTable(SchemaExamples.alterTarget().ref(), step.commands())).isEqualTo(step.rendered());
        }

        @Test
        void theTablesClusterGoesIntoEveryStatement() {
            TableDefinition table = SchemaExamples.alterTarget().toBuilder().onCluster("main").build();

            assertThat(DdlRenderer.createTable(table, false)).startsWith("CREATE TABLE alter_target ON CLUSTER main\n(");
            assertThat(DdlRenderer.alterTable(table.ref(), new DropColumn("note", false)))
                    .isEqualTo("ALTER TABLE alter_target ON CLUSTER main DROP COLUMN note");
            assertThat(DdlRenderer.dropTable(table.ref(), false, false)).isEqualTo("DROP TABLE alter_target ON CLUSTER main");
        }
    }

    @Nested
    class Identifiers {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "events       | events",
                "_tmp_1       | _tmp_1",
                "Timestamp    | Timestamp",
                "key          | key",
                "index        | `index`",
                "SELECT       | `SELECT`",
                "null         | `null`",
                "Order        | `Order`",
                "projection   | `projection`",
                "2fa          | `2fa`",
                "with space   | `with space`",
                "dash-ed      | `dash-ed`",
                "a.b          | `a.b`",
                "tick`tock    | `tick\\`tock`",
                "back\\slash  | `back\\\\slash`",
                "été          | `été`"})
        void areQuotedOnlyWhenNeeded(String name, String quoted) {
            assertThat(DdlRenderer.quoteIdentifier(name)).isEqualTo(quoted);
        }

        @Test
        void qualifiedNamesQuoteEachPart() {
            assertThat(DdlRenderer.qualifiedName(TableRef.of("my db", "order"))).isEqualTo("`my db`.`order`");
            assertThat(DdlRenderer.qualifiedName(TableRef.of("orders"))).isEqualTo("orders");
        }

        @Test
        void anEmptyNameIsRefused() {
            assertThatThrownBy(() -> DdlRenderer.quoteIdentifier("")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
