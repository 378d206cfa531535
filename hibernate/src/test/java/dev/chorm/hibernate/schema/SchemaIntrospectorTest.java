package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.schema.ColumnDefinition.DefaultKind;
import dev.chorm.hibernate.schema.IndexDefinition.IndexType;
import dev.chorm.hibernate.schema.SchemaExamples.EngineExample;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Live tables read back into the schema model: what was created is what is read. */
@ClickHouseTest
class SchemaIntrospectorTest {

    static Stream<EngineExample> creatableEngines() {
        return SchemaExamples.engines().stream().filter(EngineExample::creatable);
    }

    private static TableDefinition read(TestDatabase db, String table) throws SQLException {
        try (Connection connection = db.openConnection()) {
            return SchemaIntrospector.table(connection, db.name(), table).orElseThrow();
        }
    }

    /** The definition as the introspector gives it: with the database it lives in. */
    private static TableDefinition in(TestDatabase db, TableDefinition table) {
        return table.toBuilder().database(db.name()).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creatableEngines")
    void readsEveryEngineTheEmbeddedServerCanCreate(EngineExample example, TestDatabase db) throws SQLException {
        String name = "engine_" + Integer.toHexString(example.rendered().hashCode());
        TableDefinition table = SchemaExamples.tableWith(name, example.engine());
        db.execute(DdlRenderer.createTable(table, false));

        assertThat(read(db, name)).isEqualTo(in(db, table));
    }

    @Test
    void readsEveryTableClauseBackAsCreated(TestDatabase db) throws SQLException {
        // expressions written in the server's canonical form, so that equality is exact
        TableDefinition event = TableDefinition.builder("event_full")
                .column("id", "UInt64")
                .column(ColumnDefinition.of("ts", "DateTime64(3, 'UTC')").withComment("when it happened")
                        .withCodecs("Delta(8)", "ZSTD(1)"))
                .column(ColumnDefinition.of("ip", "IPv6").withTtl("toDateTime(ts) + toIntervalDay(1)"))
                .column(ColumnDefinition.of("name", "Nullable(String)").withDefault("'it\\'s'"))
                .column(ColumnDefinition.of("upper_name", "String").withDefault(DefaultKind.MATERIALIZED, "upper(ifNull(name, ''))"))
                .column(ColumnDefinition.of("label", "String").withDefault(DefaultKind.ALIAS, "concat('#', toString(id))"))
                .column(ColumnDefinition.of("raw", "String").withDefault(DefaultKind.EPHEMERAL, null))
                .column("version", "UInt32")
                .engine(new Engine.ReplacingMergeTree("version"))
                .partitionBy("toYYYYMM(ts)")
                .primaryKey("ts", "id")
                .orderBy("ts", "id", "version")
                .sampleBy("id")
                .ttl("toDateTime(ts) + toIntervalYear(1)", "toDateTime(ts) + toIntervalYear(2) WHERE id = 1")
                .settingLiteral("index_granularity", "1024")
                .setting("deduplicate_merge_projection_mode", "drop")
                .comment("every clause")
                .index(new IndexDefinition("ip_set", "ip", IndexType.set(100), 4))
                .index(new IndexDefinition("name_bloom", "lower(name)", IndexType.bloomFilter(0.01), 1))
                .constraint(ConstraintDefinition.check("positive_id", "id > 0"))
                .constraint(ConstraintDefinition.assume("recent", "ts > '2000-01-01'"))
                .projection(new ProjectionDefinition("by_id", "SELECT id ORDER BY id"))
                .build();
        db.execute(DdlRenderer.createTable(event, false));

        assertThat(read(db, "event_full")).isEqualTo(in(db, event));
    }

    @Test
    void givesExpressionsInTheServersCanonicalForm(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE canonical (id UInt64, at DateTime TTL at + INTERVAL 1 DAY, n UInt32 CODEC(Delta, ZSTD))"
                + " ENGINE = MergeTree ORDER BY id TTL at + INTERVAL 1 YEAR");

        TableDefinition table = read(db, "canonical");

        assertThat(table.ttl()).containsExactly("at + toIntervalYear(1)");
        assertThat(table.column("at").orElseThrow().ttl()).isEqualTo("at + toIntervalDay(1)");
        assertThat(table.column("n").orElseThrow().codecs()).containsExactly("Delta(4)", "ZSTD(1)");
        assertThat(table.settings()).as("the server's implicit index_granularity = 8192 is left out").isEmpty();
    }

    @Test
    void listsTheTablesOfOneDatabaseAndLeavesOutViews(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE b_table (id UInt64) ENGINE = MergeTree ORDER BY id");
        db.execute("CREATE TABLE a_table (id UInt64) ENGINE = Memory");
        db.execute("CREATE VIEW c_view AS SELECT id FROM b_table");

        try (Connection connection = db.openConnection()) {
            List<TableDefinition> tables = SchemaIntrospector.tables(connection, db.name());

            assertThat(tables).extracting(TableDefinition::name).contains("a_table", "b_table").doesNotContain("c_view")
                    .isSorted();
            assertThat(SchemaIntrospector.table(connection, db.name(), "no_such_table")).isEmpty();
            assertThatThrownBy(() -> SchemaIntrospector.table(connection, db.name(), "c_view"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("c_view").hasMessageContaining("View");
        }
    }
}
