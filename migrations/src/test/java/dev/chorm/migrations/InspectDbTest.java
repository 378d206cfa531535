package dev.chorm.migrations;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inspectdb}: entity sources for live tables, whose model is the live schema again; and the drift check. */
@ClickHouseTest
class InspectDbTest {

    @Test
    void entitiesWrittenForLiveTablesGiveBackTheSameSchema(TestDatabase db, @TempDir Path sources) throws Exception {
        db.execute("""
                CREATE TABLE page_views
                (
                    id UInt64,
                    at DateTime64(3, 'UTC') CODEC(Delta(8), ZSTD(1)),
                    url LowCardinality(String) COMMENT 'the page',
                    referrer Nullable(String),
                    price Decimal(18, 2) DEFAULT 0,
                    active Bool,
                    day Date32,
                    visitor UUID,
                    INDEX url_idx url TYPE bloom_filter(0.01) GRANULARITY 2,
                    CONSTRAINT price_positive CHECK price >= 0
                )
                ENGINE = ReplacingMergeTree(id)
                PARTITION BY toYYYYMM(at)
                PRIMARY KEY at
                ORDER BY (at, id)
                TTL toDateTime(at) + toIntervalYear(1)
                SETTINGS index_granularity = 1024
                COMMENT 'every page view'""");
        db.execute("CREATE TABLE lookup (code String, label String) ENGINE = Memory");

        try (Connection connection = db.openConnection()) {
            SchemaState all = LiveSchema.read(connection, null);
            SchemaState live = SchemaState.of(List.of(all.table("lookup").orElseThrow(), all.table("page_views").orElseThrow()));

            SchemaState model = InspectedEntities.modelOf(live, sources, "inspected");

            assertThat(Files.readString(sources.resolve("inspected/PageViews.java"))).contains(
                    "@ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = \"id\")",
                    "@SkippingIndex(name = \"url_idx\", expression = \"url\", type = \"bloom_filter(0.01)\", granularity = 2)",
                    "@Codec({\"Delta(8)\", \"ZSTD(1)\"})", "LocalDateTime at;", "@Check(name = \"price_positive\"");
            assertThat(model.tables()).containsOnlyKeys("lookup", "page_views");
            assertThat(LiveSchema.drift(live, model)).isEmpty(); // inspectdb, then makemigrations: no change
        }
    }

    @Test
    void theDriftCheckNamesWhatTheDatabaseLacks(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE drifting (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
        SchemaState model = SchemaState.of(List.of(dev.chorm.hibernate.schema.TableDefinition.builder("drifting")
                .column("id", "UInt64").column("name", "String").column("extra", "Int32")
                .engine(new dev.chorm.hibernate.schema.Engine.MergeTree()).orderBy("id").build()));
        try (Connection connection = db.openConnection()) {
            SchemaState live = SchemaState.of(LiveSchema.read(connection, null).table("drifting").stream().toList());
            assertThat(LiveSchema.drift(live, model)).extracting(Operation::describe).containsExactly("Add column drifting.extra Int32");
        }
    }
}
