package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.ProjectionDefinition;
import dev.chorm.hibernate.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state snapshot: every part of the schema model survives a round trip, byte for byte. */
class StateCodecTest {

    static SchemaState richState() {
        List<TableDefinition> tables = new ArrayList<>();
        tables.add(TableDefinition.builder("events")
                .column(ColumnDefinition.of("id", "UInt64").withComment("the \"id\"\nline two"))
                .column(ColumnDefinition.of("at", "DateTime64(3, 'UTC')").withCodecs("Delta(8)", "ZSTD(1)").withTtl("at + toIntervalDay(1)"))
                .column(ColumnDefinition.of("tags", "Array(LowCardinality(String))").withDefault("[]"))
                .column(ColumnDefinition.of("total", "Decimal(18, 2)").withDefault(ColumnDefinition.DefaultKind.MATERIALIZED, "1"))
                .column(ColumnDefinition.of("ver", "UInt32"))
                .engine(new Engine.ReplacingMergeTree("ver").replicated())
                .orderBy("at", "id").primaryKey("at").partitionBy("toYYYYMM(at)").sampleBy("at")
                .ttl("at + toIntervalYear(1)").setting("index_granularity", 1024).setting("storage_policy", "default")
                .comment("événements")
                .index(new IndexDefinition("tags_idx", "tags", IndexDefinition.IndexType.bloomFilter(0.01), 2))
                .index(new IndexDefinition("at_idx", "at", IndexDefinition.IndexType.minmax()))
                .constraint(ConstraintDefinition.check("id_positive", "id > 0"))
                .constraint(ConstraintDefinition.assume("ver_small", "ver < 100"))
                .projection(new ProjectionDefinition("by_id", "SELECT * ORDER BY id"))
                .build());
        tables.add(TableDefinition.builder("sums").column("k", "String").column("v", "Int64")
                .engine(new Engine.SummingMergeTree("v")).orderBy("k").build());
        tables.add(TableDefinition.builder("collapsing").column("k", "String").column("sign", "Int8").column("ver", "UInt8")
                .engine(new Engine.VersionedCollapsingMergeTree("sign", "ver")).orderBy("k").build());
        tables.add(TableDefinition.builder("lookup").column("k", "String").engine(new Engine.Memory()).build());
        tables.add(TableDefinition.builder("logs").column("k", "String").engine(new Engine.StripeLog()).build());
        tables.add(TableDefinition.builder("dist").column("k", "String")
                .engine(new Engine.Distributed("c", null, "logs", "rand()")).build());
        return SchemaState.of(tables);
    }

    @Test
    void everyPartOfTheModelSurvivesARoundTrip() {
        SchemaState state = richState();
        String json = StateCodec.write(state);

        SchemaState read = StateCodec.read(json);
        assertThat(read).isEqualTo(state);
        assertThat(StateCodec.write(read)).isEqualTo(json); // deterministic: same state, same bytes
        assertThat(new Autodetector(RenameResolver.refuse()).diff(state, read)).isEmpty();
    }

    @Test
    void theSnapshotIsReadableJsonSortedByTable() {
        String json = StateCodec.write(richState());
        assertThat(json).startsWith("{\n  \"format\": 1,\n  \"tables\": [\n");
        assertThat(json.indexOf("\"name\": \"collapsing\"")).isLessThan(json.indexOf("\"name\": \"events\""));
        assertThat(json).contains("\"type\": \"Array(LowCardinality(String))\"", "\"orderBy\": [\"at\", \"id\"]");
    }

    @Test
    void anUnknownFormatOrABrokenTableIsNamed() {
        assertThatThrownBy(() -> StateCodec.read("{\"format\": 9, \"tables\": []}")).hasMessageContaining("unsupported migration state format 9");
        assertThatThrownBy(() -> StateCodec.read("{\"format\": 1, \"tables\": [{\"name\": \"t\", \"columns\": "
                + "[{\"name\": \"x\", \"type\": \"NoSuchType\"}], \"engine\": {\"name\": \"Memory\"}}]}"))
                .hasMessageContaining("table t");
    }
}
