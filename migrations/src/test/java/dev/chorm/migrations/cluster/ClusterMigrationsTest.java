package dev.chorm.migrations.cluster;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Distributed;
import dev.chorm.migrations.EntityModel;
import dev.chorm.migrations.HistoryTable;
import dev.chorm.migrations.Migrations;
import dev.chorm.migrations.RenameResolver;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden SQL of migrations for a cluster: every statement about a table goes ON CLUSTER, and the
 * history is one Replicated table for all shards. A single server refuses ON CLUSTER, so these run
 * only on a real cluster ({@link RealClusterMigrationsTest}); the same model without ON CLUSTER runs
 * on the embedded engine in {@link ClusterMigrationsOnEngineTest}.
 */
class ClusterMigrationsTest {

    @Entity
    @Table(name = "events")
    @ClickHouseTable(cluster = "analytics", orderBy = {"user_id", "id"},
            distributed = @Distributed(shardingKey = "cityHash64(user_id)"))
    static class EventV1 {
        @Id
        Long id;
        @Column(name = "user_id", nullable = false)
        long userId;
    }

    @Entity
    @Table(name = "events")
    @ClickHouseTable(cluster = "analytics", orderBy = {"user_id", "id"},
            distributed = @Distributed(shardingKey = "cityHash64(user_id)"))
    static class EventV2 {
        @Id
        Long id;
        @Column(name = "user_id", nullable = false)
        long userId;
        @Column(nullable = false)
        String page;
    }

    @Test
    void theFirstMigrationCreatesTheLocalAndDistributedTablesOnCluster(@TempDir Path dir) {
        Migrations migrations = Migrations.in(dir).onCluster("analytics");
        migrations.make(EntityModel.of(EventV1.class), RenameResolver.refuse(), "initial");
        assertThat(statements(migrations.sql(1, false))).containsExactly(
                "CREATE TABLE events ON CLUSTER analytics (id Int64, user_id Int64)"
                        + " ENGINE = Distributed('analytics', currentDatabase(), 'events_local', cityHash64(user_id))",
                "CREATE TABLE events_local ON CLUSTER analytics (id Int64, user_id Int64)"
                        + " ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}') ORDER BY (user_id, id)");
        assertThat(statements(migrations.sql(1, true))).containsExactlyInAnyOrder(
                "DROP TABLE events ON CLUSTER analytics SYNC", "DROP TABLE events_local ON CLUSTER analytics SYNC");
    }

    @Test
    void aNewAttributeAltersBothTablesOnCluster(@TempDir Path dir) {
        Migrations migrations = Migrations.in(dir).onCluster("analytics");
        migrations.make(EntityModel.of(EventV1.class), RenameResolver.refuse(), "initial");
        migrations.make(EntityModel.of(EventV2.class), RenameResolver.refuse(), "page");
        assertThat(statements(migrations.sql(2, false))).containsExactly(
                "ALTER TABLE events ON CLUSTER analytics ADD COLUMN page String AFTER id",
                "ALTER TABLE events_local ON CLUSTER analytics ADD COLUMN page String AFTER id");
        assertThat(statements(migrations.sql(2, true))).containsExactly(
                "ALTER TABLE events_local ON CLUSTER analytics DROP COLUMN page",
                "ALTER TABLE events ON CLUSTER analytics DROP COLUMN page");
    }

    @Test
    void withoutAClusterTheSameModelGetsPlainStatements(@TempDir Path dir) {
        Migrations migrations = Migrations.in(dir);
        migrations.make(EntityModel.of(EventV1.class), RenameResolver.refuse(), "initial");
        assertThat(migrations.sql(1, false)).doesNotContain("ON CLUSTER");
    }

    @Test
    void theHistoryIsOneReplicatedTableForEveryShardCreatedOnCluster() {
        assertThat(HistoryTable.createStatement("analytics").replaceAll("\\s+", " "))
                .startsWith("CREATE TABLE IF NOT EXISTS chorm_migrations ON CLUSTER analytics (")
                .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/chorm_migrations', '{shard}-{replica}', revision)")
                .contains("ORDER BY version");
        assertThat(HistoryTable.createStatement(null)).doesNotContain("ON CLUSTER").contains("ENGINE = ReplacingMergeTree(revision)");
    }

    /** A migration's statements, one line each, without comments. */
    private static List<String> statements(String sql) {
        return Arrays.stream(sql.replaceAll("(?m)^--.*$", "").split(";"))
                .map(s -> s.strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")"))
                .filter(s -> !s.isEmpty()).toList();
    }
}
