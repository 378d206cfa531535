package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.schema.AlterCommand.AddColumn;
import dev.chorm.hibernate.schema.AlterCommand.AddConstraint;
import dev.chorm.hibernate.schema.AlterCommand.AddIndex;
import dev.chorm.hibernate.schema.AlterCommand.AddProjection;
import dev.chorm.hibernate.schema.AlterCommand.CommentColumn;
import dev.chorm.hibernate.schema.AlterCommand.DropColumn;
import dev.chorm.hibernate.schema.AlterCommand.DropConstraint;
import dev.chorm.hibernate.schema.AlterCommand.DropIndex;
import dev.chorm.hibernate.schema.AlterCommand.DropProjection;
import dev.chorm.hibernate.schema.AlterCommand.MaterializeIndex;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumn;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnCodec;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnDefault;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnTtl;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnType;
import dev.chorm.hibernate.schema.AlterCommand.ModifyComment;
import dev.chorm.hibernate.schema.AlterCommand.ModifyOrderBy;
import dev.chorm.hibernate.schema.AlterCommand.ModifySetting;
import dev.chorm.hibernate.schema.AlterCommand.ModifyTtl;
import dev.chorm.hibernate.schema.AlterCommand.RemoveColumnProperty;
import dev.chorm.hibernate.schema.AlterCommand.RemoveColumnProperty.Property;
import dev.chorm.hibernate.schema.AlterCommand.RemoveTtl;
import dev.chorm.hibernate.schema.AlterCommand.RenameColumn;
import dev.chorm.hibernate.schema.AlterCommand.ResetSetting;
import dev.chorm.hibernate.schema.ColumnDefinition.DefaultKind;
import dev.chorm.hibernate.schema.IndexDefinition.IndexType;
import dev.chorm.hibernate.type.ClickHouseType;

import java.util.List;
import java.util.Map;

/** The examples the golden tests and the on-engine tests share: one list each, written once. */
final class SchemaExamples {

    private SchemaExamples() {
    }

    /** The {@code Event} model of the Python reference (seed 001), as a table definition. */
    static TableDefinition event() {
        return TableDefinition.builder("event")
                .column("id", "Int64")
                .column(ColumnDefinition.of("ip", "IPv6").withDefault("'::'"))
                .column(ColumnDefinition.of("ipv4", "IPv4").withDefault("'127.0.0.1'"))
                .column("ip_nullable", "Nullable(IPv6)")
                .column(ColumnDefinition.of("port", "UInt16").withDefault("0"))
                .column(ColumnDefinition.of("protocol", "LowCardinality(String)").withDefault("''"))
                .column(ColumnDefinition.of("content", "JSON").withDefault("'{}'"))
                .column(ColumnDefinition.of("timestamp", "DateTime64(6, 'UTC')").withDefault("now64(6)"))
                .column(ColumnDefinition.of("created_at", "DateTime64(6, 'UTC')").withDefault("now64(6)"))
                .column(ColumnDefinition.of("action", "Enum8('Pass' = 1, 'Drop' = 2, 'Alert' = 3)").withDefault("'Pass'"))
                .engine(new Engine.MergeTree())
                .primaryKey("timestamp")
                .orderBy("timestamp", "id")
                .partitionBy("toYYYYMMDD(timestamp)")
                .setting("index_granularity", 1024)
                .setting("index_granularity_bytes", 1 << 20)
                .setting("enable_mixed_granularity_parts", 1)
                .index(new IndexDefinition("ip_set_idx", "ip", IndexType.set(1000), 4))
                .index(new IndexDefinition("ipv4_bloom_idx", "ipv4", IndexType.bloomFilter(0.001), 1))
                .constraint(ConstraintDefinition.check("port_range", "port >= 0 AND port <= 65535"))
                .build();
    }

    static final String EVENT_DDL = """
            CREATE TABLE event
            (
                id Int64,
                ip IPv6 DEFAULT '::',
                ipv4 IPv4 DEFAULT '127.0.0.1',
                ip_nullable Nullable(IPv6),
                port UInt16 DEFAULT 0,
                protocol LowCardinality(String) DEFAULT '',
                content JSON DEFAULT '{}',
                timestamp DateTime64(6, 'UTC') DEFAULT now64(6),
                created_at DateTime64(6, 'UTC') DEFAULT now64(6),
                action Enum8('Pass' = 1, 'Drop' = 2, 'Alert' = 3) DEFAULT 'Pass',
                INDEX ip_set_idx ip TYPE set(1000) GRANULARITY 4,
                INDEX ipv4_bloom_idx ipv4 TYPE bloom_filter(0.001) GRANULARITY 1,
                CONSTRAINT port_range CHECK port >= 0 AND port <= 65535
            )
            ENGINE = MergeTree
            PARTITION BY toYYYYMMDD(timestamp)
            PRIMARY KEY timestamp
            ORDER BY (timestamp, id)
            SETTINGS index_granularity = 1024, index_granularity_bytes = 1048576, enable_mixed_granularity_parts = 1""";

    /**
     * An engine, how it renders, its family flags, and whether the embedded engine can create it
     * (Replicated needs Keeper, Distributed a cluster, Graphite a rollup configuration).
     */
    record EngineExample(Engine engine, String rendered, boolean mergeTree, boolean supportsFinal, boolean creatable) {
        @Override
        public String toString() {
            return rendered;
        }
    }

    static List<EngineExample> engines() {
        return List.of(
                new EngineExample(new Engine.MergeTree(), "MergeTree", true, false, true),
                new EngineExample(new Engine.ReplacingMergeTree(), "ReplacingMergeTree", true, true, true),
                new EngineExample(new Engine.ReplacingMergeTree("version"), "ReplacingMergeTree(version)", true, true, true),
                new EngineExample(new Engine.ReplacingMergeTree("version", "is_deleted"), "ReplacingMergeTree(version, is_deleted)", true, true, true),
                new EngineExample(new Engine.SummingMergeTree(), "SummingMergeTree", true, true, true),
                new EngineExample(new Engine.SummingMergeTree("amount"), "SummingMergeTree(amount)", true, true, true),
                new EngineExample(new Engine.SummingMergeTree("amount", "version"), "SummingMergeTree((amount, version))", true, true, true),
                new EngineExample(new Engine.AggregatingMergeTree(), "AggregatingMergeTree", true, true, true),
                new EngineExample(new Engine.CollapsingMergeTree("sign"), "CollapsingMergeTree(sign)", true, true, true),
                new EngineExample(new Engine.VersionedCollapsingMergeTree("sign", "version"),
                        "VersionedCollapsingMergeTree(sign, version)", true, true, true),
                new EngineExample(new Engine.GraphiteMergeTree("graphite_rollup"), "GraphiteMergeTree('graphite_rollup')", true, false, false),
                new EngineExample(new Engine.MergeTree().replicated(),
                        "ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')", true, false, false),
                new EngineExample(new Engine.ReplacingMergeTree("version").replicated("/clickhouse/tables/events/{shard}", "r1"),
                        "ReplicatedReplacingMergeTree('/clickhouse/tables/events/{shard}', 'r1', version)", true, true, false),
                new EngineExample(new Engine.CollapsingMergeTree("sign").replicated(null, null),
                        "ReplicatedCollapsingMergeTree(sign)", true, true, false),
                new EngineExample(new Engine.AggregatingMergeTree().replicated(null, null), "ReplicatedAggregatingMergeTree", true, true, false),
                new EngineExample(new Engine.Memory(), "Memory", false, false, true),
                new EngineExample(new Engine.Log(), "Log", false, false, true),
                new EngineExample(new Engine.TinyLog(), "TinyLog", false, false, true),
                new EngineExample(new Engine.StripeLog(), "StripeLog", false, false, true),
                new EngineExample(new Engine.Null(), "Null", false, false, true),
                new EngineExample(new Engine.Distributed("analytics", "shop", "events_local", "rand()"),
                        "Distributed('analytics', 'shop', 'events_local', rand())", false, false, false),
                new EngineExample(new Engine.Distributed("analytics", null, "events_local"),
                        "Distributed('analytics', currentDatabase(), 'events_local')", false, false, false),
                new EngineExample(new Engine.Distributed("analytics", "shop", "events_local", "cityHash64(id)", "hot"),
                        "Distributed('analytics', 'shop', 'events_local', cityHash64(id), 'hot')", false, false, false));
    }

    /** A table over {@code engine} with the columns every example engine names. */
    static TableDefinition tableWith(String name, Engine engine) {
        TableDefinition.Builder table = TableDefinition.builder(name)
                .column("id", "UInt64")
                .column("version", "UInt32")
                .column("is_deleted", "UInt8")
                .column("sign", "Int8")
                .column("amount", "UInt64")
                .engine(engine);
        return (engine.isMergeTreeFamily() ? table.orderBy("id") : table).build();
    }

    /** A column option, how it renders. Every example fits in one table ordered by {@code id} with a column {@code at}. */
    record ColumnExample(ColumnDefinition column, String rendered) {
        @Override
        public String toString() {
            return rendered;
        }
    }

    static List<ColumnExample> columns() {
        ColumnDefinition at = ColumnDefinition.of("at", "DateTime");
        return List.of(
                new ColumnExample(ColumnDefinition.of("id", "UInt64"), "id UInt64"),
                new ColumnExample(at, "at DateTime"),
                new ColumnExample(ColumnDefinition.of("created", "DateTime64(3, 'UTC')").withDefault("now64(3)"),
                        "created DateTime64(3, 'UTC') DEFAULT now64(3)"),
                new ColumnExample(ColumnDefinition.of("day", "Date").withDefault(DefaultKind.MATERIALIZED, "toDate(at)"),
                        "day Date MATERIALIZED toDate(at)"),
                new ColumnExample(ColumnDefinition.of("hour", "UInt8").withDefault(DefaultKind.ALIAS, "toHour(at)"),
                        "hour UInt8 ALIAS toHour(at)"),
                new ColumnExample(ColumnDefinition.of("raw", "String").withDefault(DefaultKind.EPHEMERAL, null), "raw String EPHEMERAL"),
                new ColumnExample(ColumnDefinition.of("raw_len", "UInt64").withDefault(DefaultKind.EPHEMERAL, "0"), "raw_len UInt64 EPHEMERAL 0"),
                new ColumnExample(ColumnDefinition.of("note", "String").withComment("it's free text"),
                        "note String COMMENT 'it\\'s free text'"),
                new ColumnExample(ColumnDefinition.of("amount", "UInt32").withCodecs("Delta(4)", "ZSTD(1)"),
                        "amount UInt32 CODEC(Delta(4), ZSTD(1))"),
                new ColumnExample(ColumnDefinition.of("secret", "String").withTtl("at + INTERVAL 1 DAY"),
                        "secret String TTL at + INTERVAL 1 DAY"),
                new ColumnExample(ColumnDefinition.of("everything", "LowCardinality(Nullable(String))")
                        .withDefault("'none'").withComment("all options").withCodecs("ZSTD(3)").withTtl("at + INTERVAL 1 MONTH"),
                        "everything LowCardinality(Nullable(String)) DEFAULT 'none' COMMENT 'all options' CODEC(ZSTD(3)) TTL at + INTERVAL 1 MONTH"),
                new ColumnExample(ColumnDefinition.of("index", "UInt8"), "`index` UInt8"),
                new ColumnExample(ColumnDefinition.of("from", "UInt8"), "`from` UInt8"),
                new ColumnExample(ColumnDefinition.of("timestamp", "UInt8"), "timestamp UInt8"),
                new ColumnExample(ColumnDefinition.of("a b", "UInt8"), "`a b` UInt8"),
                new ColumnExample(ColumnDefinition.of("tick`tock", "UInt8"), "`tick\\`tock` UInt8"),
                new ColumnExample(ColumnDefinition.of("back\\slash", "UInt8"), "`back\\\\slash` UInt8"),
                new ColumnExample(ColumnDefinition.of("1st", "UInt8"), "`1st` UInt8"),
                new ColumnExample(ColumnDefinition.of("été", "UInt8"), "`été` UInt8"));
    }

    /** The table the ALTER steps run against, in order. */
    static TableDefinition alterTarget() {
        return TableDefinition.builder("alter_target")
                .column("id", "UInt64")
                .column("at", "DateTime")
                .column("name", "String")
                .column("amount", "UInt32")
                .column("note", "String")
                .engine(new Engine.MergeTree())
                .orderBy("id")
                .build();
    }

    /** ALTER commands, each applicable after the ones before it, with the statement they render to. */
    record AlterStep(List<AlterCommand> commands, String rendered) {
        AlterStep(AlterCommand command, String rendered) {
            this(List.of(command), rendered);
        }

        @Override
        public String toString() {
            return rendered;
        }
    }

    static List<AlterStep> alterSteps() {
        String t = "ALTER TABLE alter_target ";
        return List.of(
                new AlterStep(new AddColumn(ColumnDefinition.of("city", "LowCardinality(String)").withDefault("'unknown'")
                        .withComment("where").withCodecs("ZSTD(1)").withTtl("at + INTERVAL 1 YEAR"), false, "name"),
                        t + "ADD COLUMN city LowCardinality(String) DEFAULT 'unknown' COMMENT 'where' CODEC(ZSTD(1)) TTL at + INTERVAL 1 YEAR AFTER name"),
                new AlterStep(new AddColumn(ColumnDefinition.of("extra", "UInt8"), true, null), t + "ADD COLUMN IF NOT EXISTS extra UInt8"),
                new AlterStep(new ModifyColumnType("amount", ClickHouseType.parse("UInt64")), t + "MODIFY COLUMN amount UInt64"),
                new AlterStep(new ModifyColumn(ColumnDefinition.of("note", "Nullable(String)").withDefault("'n/a'").withComment("free text")),
                        t + "MODIFY COLUMN note Nullable(String) DEFAULT 'n/a' COMMENT 'free text'"),
                new AlterStep(new ModifyColumnDefault("extra", DefaultKind.DEFAULT, "1"), t + "MODIFY COLUMN extra DEFAULT 1"),
                new AlterStep(new RemoveColumnProperty("extra", Property.DEFAULT), t + "MODIFY COLUMN extra REMOVE DEFAULT"),
                new AlterStep(new ModifyColumnDefault("extra", DefaultKind.MATERIALIZED, "toUInt8(amount % 2)"),
                        t + "MODIFY COLUMN extra MATERIALIZED toUInt8(amount % 2)"),
                new AlterStep(new RemoveColumnProperty("extra", Property.MATERIALIZED), t + "MODIFY COLUMN extra REMOVE MATERIALIZED"),
                new AlterStep(new ModifyColumnCodec("name", List.of("ZSTD(3)")), t + "MODIFY COLUMN name CODEC(ZSTD(3))"),
                new AlterStep(new RemoveColumnProperty("name", Property.CODEC), t + "MODIFY COLUMN name REMOVE CODEC"),
                new AlterStep(new ModifyColumnTtl("note", "at + INTERVAL 1 MONTH"), t + "MODIFY COLUMN note TTL at + INTERVAL 1 MONTH"),
                new AlterStep(new RemoveColumnProperty("note", Property.TTL), t + "MODIFY COLUMN note REMOVE TTL"),
                new AlterStep(new CommentColumn("name", "the customer's name"), t + "COMMENT COLUMN name 'the customer\\'s name'"),
                new AlterStep(new RemoveColumnProperty("name", Property.COMMENT), t + "MODIFY COLUMN name REMOVE COMMENT"),
                new AlterStep(new RenameColumn("note", "remark"), t + "RENAME COLUMN note TO remark"),
                new AlterStep(new DropColumn("remark", false), t + "DROP COLUMN remark"),
                new AlterStep(new DropColumn("never_there", true), t + "DROP COLUMN IF EXISTS never_there"),
                new AlterStep(new AddIndex(new IndexDefinition("name_bloom", "name", IndexType.bloomFilter(0.01), 2), false),
                        t + "ADD INDEX name_bloom name TYPE bloom_filter(0.01) GRANULARITY 2"),
                new AlterStep(new AddIndex(new IndexDefinition("name_tokens", "lower(name)", IndexType.tokenBloomFilter(256, 2, 0)), true),
                        t + "ADD INDEX IF NOT EXISTS name_tokens lower(name) TYPE tokenbf_v1(256, 2, 0)"),
                new AlterStep(new AddIndex(new IndexDefinition("name_ngrams", "name", IndexType.ngramBloomFilter(3, 256, 2, 0), 1), false),
                        t + "ADD INDEX name_ngrams name TYPE ngrambf_v1(3, 256, 2, 0) GRANULARITY 1"),
                new AlterStep(new AddIndex(new IndexDefinition("amount_range", "amount", IndexType.minmax()), false),
                        t + "ADD INDEX amount_range amount TYPE minmax"),
                new AlterStep(new AddIndex(new IndexDefinition("city_set", "city", IndexType.set(0), 4), false),
                        t + "ADD INDEX city_set city TYPE set(0) GRANULARITY 4"),
                new AlterStep(new AddIndex(new IndexDefinition("name_text", "name", IndexType.text("splitByNonAlpha")), false),
                        t + "ADD INDEX name_text name TYPE text(tokenizer = splitByNonAlpha)"),
                new AlterStep(new MaterializeIndex("name_bloom"), t + "MATERIALIZE INDEX name_bloom"),
                new AlterStep(new MaterializeIndex("name_tokens", "tuple()"), t + "MATERIALIZE INDEX name_tokens IN PARTITION tuple()"),
                new AlterStep(new AlterCommand.DropIndex("name_tokens", true), t + "DROP INDEX IF EXISTS name_tokens"),
                new AlterStep(new DropIndex("name_bloom", false), t + "DROP INDEX name_bloom"),
                new AlterStep(new AddConstraint(ConstraintDefinition.check("amount_sane", "amount < 1000000"), false),
                        t + "ADD CONSTRAINT amount_sane CHECK amount < 1000000"),
                new AlterStep(new AddConstraint(ConstraintDefinition.assume("id_positive", "id > 0"), true),
                        t + "ADD CONSTRAINT IF NOT EXISTS id_positive ASSUME id > 0"),
                new AlterStep(new DropConstraint("amount_sane", false), t + "DROP CONSTRAINT amount_sane"),
                new AlterStep(new DropConstraint("never_there", true), t + "DROP CONSTRAINT IF EXISTS never_there"),
                new AlterStep(new AddProjection(new ProjectionDefinition("by_name", "SELECT name, count() GROUP BY name"), false),
                        t + "ADD PROJECTION by_name (SELECT name, count() GROUP BY name)"),
                new AlterStep(new DropProjection("by_name", true), t + "DROP PROJECTION IF EXISTS by_name"),
                new AlterStep(List.of(new AddColumn(ColumnDefinition.of("rank", "UInt8"), false, "id"), new ModifyOrderBy(List.of("id", "rank"))),
                        t.strip() + "\n    ADD COLUMN rank UInt8 AFTER id,\n    MODIFY ORDER BY (id, rank)"),
                new AlterStep(new ModifyTtl(List.of("at + INTERVAL 5 YEAR")), t + "MODIFY TTL at + INTERVAL 5 YEAR"),
                new AlterStep(new ModifyTtl(List.of("at + INTERVAL 1 YEAR TO VOLUME 'default'", "at + INTERVAL 5 YEAR DELETE")),
                        t + "MODIFY TTL at + INTERVAL 1 YEAR TO VOLUME 'default', at + INTERVAL 5 YEAR DELETE"),
                new AlterStep(new RemoveTtl(), t + "REMOVE TTL"),
                new AlterStep(new ModifySetting(Map.of("merge_with_ttl_timeout", "3600")), t + "MODIFY SETTING merge_with_ttl_timeout = 3600"),
                new AlterStep(new ResetSetting(List.of("merge_with_ttl_timeout")), t + "RESET SETTING merge_with_ttl_timeout"),
                new AlterStep(new ModifyComment("orders, one row each"), t + "MODIFY COMMENT 'orders, one row each'"));
    }
}
