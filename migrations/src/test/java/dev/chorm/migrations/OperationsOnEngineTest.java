package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.SchemaIntrospector;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation on the engine: a table with rows is migrated from one definition to another; the
 * live table read back must equal the target with every row kept, then the reverse migration must
 * bring back the original definition, and re-applying must work again.
 */
@ClickHouseTest
class OperationsOnEngineTest {

    private static TableDefinition.Builder base(String name) {
        return TableDefinition.builder(name)
                .column(ColumnDefinition.of("id", "UInt64"))
                .column(ColumnDefinition.of("at", "DateTime('UTC')"))
                .column(ColumnDefinition.of("name", "String"))
                .column(ColumnDefinition.of("amount", "UInt32"))
                .engine(new Engine.MergeTree())
                .orderBy("id");
    }

    private static Arguments change(String what, String table, UnaryOperator<TableDefinition.Builder> before,
                                    UnaryOperator<TableDefinition.Builder> after, Map<String, String> renames, String expectedSql) {
        return Arguments.of(Named.of(what, before.apply(base(table)).build()), after.apply(base(table)).build(), renames, expectedSql);
    }

    private static List<ColumnDefinition> replace(TableDefinition.Builder b, String table, String column, ColumnDefinition with) {
        TableDefinition t = b.build();
        return t.columns().stream().map(c -> c.name().equals(column) ? with : c).toList();
    }

    static Stream<Arguments> changes() {
        UnaryOperator<TableDefinition.Builder> same = b -> b;
        return Stream.of(
                change("add a column with default, codec, TTL and comment", "add_column", same,
                        b -> b.column(ColumnDefinition.of("score", "Float64").withDefault("amount * 2")
                                .withCodecs("ZSTD(3)").withTtl("at + toIntervalDay(30)").withComment("derived")),
                        Map.of(), "ADD COLUMN score Float64 DEFAULT amount * 2 COMMENT 'derived' CODEC(ZSTD(3)) TTL at + toIntervalDay(30) AFTER amount"),
                change("drop a column", "drop_column", same,
                        b -> b.columns(b.build().columns().subList(0, 3)), Map.of(), "DROP COLUMN amount"),
                change("rename a column", "rename_column", same,
                        b -> b.columns(replace(b, "", "name", ColumnDefinition.of("title", "String"))),
                        Map.of("rename_column.name", "title"), "RENAME COLUMN name TO title"),
                change("change a type", "change_type", same,
                        b -> b.columns(replace(b, "", "amount", ColumnDefinition.of("amount", "UInt64"))), Map.of(),
                        "MODIFY COLUMN amount UInt64"),
                change("narrow a type, every value checked first", "narrow_type", same,
                        b -> b.columns(replace(b, "", "amount", ColumnDefinition.of("amount", "UInt16"))), Map.of(),
                        "SELECT throwIf(countIf(amount IS NOT NULL AND accurateCastOrNull(amount, 'UInt16') IS NULL) > 0"),
                change("turn a string into numbers, every value checked first", "string_to_number", same,
                        b -> b.columns(replace(b, "", "name", ColumnDefinition.of("name", "Int64"))), Map.of(),
                        "MODIFY COLUMN name Int64"),
                change("make a column nullable", "make_nullable", same,
                        b -> b.columns(replace(b, "", "name", ColumnDefinition.of("name", "Nullable(String)"))), Map.of(),
                        "MODIFY COLUMN name Nullable(String)"),
                change("change default, codec and TTL", "change_details",
                        b -> b.columns(replace(b, "", "amount", ColumnDefinition.of("amount", "UInt32").withDefault("1"))),
                        b -> b.columns(replace(b, "", "amount", ColumnDefinition.of("amount", "UInt32").withDefault("2")
                                .withCodecs("ZSTD(1)").withTtl("at + toIntervalDay(1)"))), Map.of(),
                        "MODIFY COLUMN amount UInt32 DEFAULT 2 CODEC(ZSTD(1)) TTL at + toIntervalDay(1)"),
                change("remove default, codec, TTL and comment", "remove_details",
                        b -> b.columns(replace(b, "", "amount", ColumnDefinition.of("amount", "UInt32").withDefault("2")
                                .withCodecs("ZSTD(1)").withTtl("at + toIntervalDay(1)").withComment("c"))),
                        same, Map.of(), "MODIFY COLUMN amount REMOVE DEFAULT"),
                change("comment a column", "comment_column", same,
                        b -> b.columns(replace(b, "", "name", ColumnDefinition.of("name", "String").withComment("the name"))), Map.of(),
                        "COMMENT COLUMN name 'the name'"),
                change("add an index", "add_index", same,
                        b -> b.index(new IndexDefinition("name_idx", "name", IndexDefinition.IndexType.set(100), 2)), Map.of(),
                        "MATERIALIZE INDEX name_idx"),
                change("drop an index", "drop_index",
                        b -> b.index(new IndexDefinition("name_idx", "name", IndexDefinition.IndexType.minmax(), 1)), same, Map.of(),
                        "DROP INDEX name_idx"),
                change("change an index", "change_index",
                        b -> b.index(new IndexDefinition("name_idx", "name", IndexDefinition.IndexType.minmax(), 1)),
                        b -> b.index(new IndexDefinition("name_idx", "name", IndexDefinition.IndexType.bloomFilter(0.05), 1)), Map.of(),
                        "ADD INDEX name_idx name TYPE bloom_filter(0.05) GRANULARITY 1"),
                change("add and drop constraints", "constraints",
                        b -> b.constraint(ConstraintDefinition.check("old_check", "amount < 1000000")),
                        b -> b.constraint(ConstraintDefinition.check("amount_small", "amount < 1000")), Map.of(),
                        "ADD CONSTRAINT amount_small CHECK amount < 1000"),
                change("change settings", "settings", b -> b.setting("merge_with_ttl_timeout", 3600),
                        b -> b.setting("min_bytes_for_wide_part", 0), Map.of(), "RESET SETTING merge_with_ttl_timeout"),
                change("set the table TTL", "table_ttl", same, b -> b.ttl("at + toIntervalYear(1)"), Map.of(),
                        "MODIFY TTL at + toIntervalYear(1)"),
                change("comment the table", "table_comment", same, b -> b.comment("all events"), Map.of(),
                        "MODIFY COMMENT 'all events'"),
                change("extend the ORDER BY with a new column", "extend_order_by", b -> b.primaryKey("id"),
                        b -> b.column(ColumnDefinition.of("kind", "UInt8")).orderBy("id", "kind").primaryKey("id"), Map.of(),
                        "ADD COLUMN kind UInt8 AFTER amount,\n    MODIFY ORDER BY (id, kind)"),
                change("change the engine (rebuild)", "rebuild_engine", same,
                        b -> b.engine(new Engine.ReplacingMergeTree("amount")), Map.of(), "ENGINE = ReplacingMergeTree(amount)"),
                change("change the ORDER BY (rebuild)", "rebuild_order_by", same, b -> b.orderBy("name", "id"), Map.of(),
                        "EXCHANGE TABLES rebuild_order_by AND rebuild_order_by__chorm_rebuild"),
                change("change the partition key (rebuild)", "rebuild_partition", same, b -> b.partitionBy("toYYYYMM(at)"), Map.of(),
                        "PARTITION BY toYYYYMM(at)"),
                change("change the primary key (rebuild)", "rebuild_primary_key", b -> b.orderBy("id", "name"),
                        b -> b.orderBy("id", "name").primaryKey("id"), Map.of(), "PRIMARY KEY id"),
                change("change a key column's type (rebuild)", "rebuild_key_type", same,
                        b -> b.columns(replace(b, "", "id", ColumnDefinition.of("id", "Int64"))), Map.of(), "id Int64"),
                change("rename a column while changing the engine (rebuild)", "rebuild_rename", same,
                        b -> b.columns(replace(b, "", "name", ColumnDefinition.of("title", "String")))
                                .engine(new Engine.ReplacingMergeTree()),
                        Map.of("rebuild_rename.name", "title"), "SELECT id, at, name, amount"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void migratesForwardAndBackKeepingTheRows(TableDefinition before, TableDefinition after, Map<String, String> renames,
                                              String expectedSql, TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS " + HistoryTable.NAME + " SYNC"); // each case is a project of its own
        Path directory = Files.createTempDirectory("chorm-migrations");
        Migrations migrations = Migrations.in(directory);
        RenameResolver resolver = RenameResolver.given(renames, true);
        migrations.make(SchemaState.of(List.of(before)), resolver, null).orElseThrow();
        try (Connection connection = db.openConnection()) {
            migrations.migrate(connection, MigrateOptions.defaults(), line -> { });
            db.execute("INSERT INTO " + before.name() + " (id, at, " + (before.column("name").isPresent() ? "name" : "title")
                    + ", amount) SELECT number, toDateTime('2026-11-22 10:00:00', 'UTC') + number, toString(number), number FROM numbers(100)");

            Path file = migrations.make(SchemaState.of(List.of(after)), resolver, null).orElseThrow();
            assertThat(Files.readString(file)).contains(expectedSql);
            migrations.migrate(connection, MigrateOptions.defaults(), line -> { });
            assertLive(connection, db, after);

            migrations.migrate(connection, MigrateOptions.defaults().target(1), line -> { });
            assertLive(connection, db, before);

            migrations.migrate(connection, MigrateOptions.defaults(), line -> { });
            assertLive(connection, db, after);
        }
    }

    private static void assertLive(Connection connection, TestDatabase db, TableDefinition expected) throws Exception {
        TableDefinition live = SchemaIntrospector.table(connection, db.name(), expected.name()).orElseThrow();
        assertThat(new Autodetector(RenameResolver.given(Map.of(), true)).diff(SchemaState.of(List.of(live)), SchemaState.of(List.of(expected))))
                .as("live %s differs from the expected definition", expected.name()).isEmpty();
        assertThat(db.queryLong("SELECT count() FROM " + expected.name())).isEqualTo(100);
        assertThat(db.queryLong("SELECT sum(id) FROM " + expected.name())).isEqualTo(4950);
    }
}
