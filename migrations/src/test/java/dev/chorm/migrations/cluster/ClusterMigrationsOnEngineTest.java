package dev.chorm.migrations.cluster;

import dev.chorm.hibernate.ClusterProperties;
import dev.chorm.migrations.EntityModel;
import dev.chorm.migrations.MigrateOptions;
import dev.chorm.migrations.Migrations;
import dev.chorm.migrations.RenameResolver;
import dev.chorm.migrations.SchemaState;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Distributed model migrated on the embedded engine with the cluster {@code analytics} defined on
 * it (one shard: the engine). The engine refuses {@code ON CLUSTER}, so the model is read as for a
 * one-server cluster ({@code chorm.cluster.replicated_database=true}, {@code chorm.cluster.replicated=false})
 * and the migrations are written without {@code onCluster}: the local MergeTree table and the
 * Distributed table over it are created, altered together, and take rows through the Distributed table.
 */
@ClickHouseTest(cluster = "analytics")
class ClusterMigrationsOnEngineTest {

    private static final Map<String, String> ONE_SERVER_CLUSTER = Map.of(
            ClusterProperties.REPLICATED_DATABASE, "true", ClusterProperties.REPLICATED, "false");

    private static SchemaState model(Class<?> entity) {
        return EntityModel.of(List.of(entity), ClusterMigrationsOnEngineTest.class.getClassLoader(), ONE_SERVER_CLUSTER);
    }

    @Test
    void makemigrationsAndMigrateCreateAndAlterTheLocalAndDistributedTables(TestDatabase db, @TempDir Path dir) throws Exception {
        Migrations migrations = Migrations.in(dir);
        migrations.make(model(ClusterMigrationsTest.EventV1.class), RenameResolver.refuse(), "initial");
        assertThat(migrations.sql(1, false)).doesNotContain("ON CLUSTER")
                .contains("ENGINE = Distributed('analytics', currentDatabase(), 'events_local', cityHash64(user_id))")
                .contains("ENGINE = MergeTree");
        try (Connection connection = db.openConnection()) {
            migrations.migrate(connection, MigrateOptions.defaults(), line -> { });
        }
        assertThat(engine(db, "events")).isEqualTo("Distributed");
        assertThat(engine(db, "events_local")).isEqualTo("MergeTree");
        db.execute("INSERT INTO events (id, user_id) SETTINGS distributed_foreground_insert = 1 VALUES (1, 10), (2, 20)");
        assertThat(db.queryLong("SELECT count() FROM events_local")).isEqualTo(2);

        migrations.make(model(ClusterMigrationsTest.EventV2.class), RenameResolver.refuse(), "page");
        assertThat(migrations.sql(2, false)).contains("ALTER TABLE events ADD COLUMN page String", "ALTER TABLE events_local ADD COLUMN page String");
        try (Connection connection = db.openConnection()) {
            migrations.migrate(connection, MigrateOptions.defaults(), line -> { });
        }
        db.execute("INSERT INTO events (id, user_id, page) SETTINGS distributed_foreground_insert = 1 VALUES (3, 30, '/new')");
        assertThat(db.queryLong("SELECT count() FROM events WHERE page = '/new'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count() FROM events_local WHERE page = ''")).as("rows before the migration kept").isEqualTo(2);

        try (Connection connection = db.openConnection()) {
            migrations.migrate(connection, MigrateOptions.defaults().target(1), line -> { });
        }
        assertThat(db.queryLong("SELECT count() FROM system.columns WHERE database = currentDatabase() AND name = 'page'")).isZero();
        assertThat(db.queryLong("SELECT count() FROM events")).isEqualTo(3);
    }

    private static String engineQuery(String table) {
        return "SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'";
    }

    private static String engine(TestDatabase db, String table) throws Exception {
        try (Connection connection = db.openConnection(); var statement = connection.createStatement();
             var rs = statement.executeQuery(engineQuery(table))) {
            assertThat(rs.next()).as("table " + table + " exists").isTrue();
            return rs.getString(1);
        }
    }
}
