package dev.chorm.migrations.cluster;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Distributed;
import dev.chorm.migrations.EntityModel;
import dev.chorm.migrations.MigrateOptions;
import dev.chorm.migrations.MigrationExecutor;
import dev.chorm.migrations.Migrations;
import dev.chorm.migrations.RenameResolver;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrations on a real cluster named by {@code CHORM_CLUSTER_URLS} (and {@code CHORM_CLUSTER_NAME},
 * which must be {@code chorm}, the cluster the entity names: the one {@code cluster/start.sh}
 * starts); skipped, saying why, otherwise. The test database is created ON CLUSTER by the test
 * extension ({@code CHORM_TEST_URL} = the first server, {@code CHORM_TEST_CLUSTER=chorm}, as
 * {@code cluster/start.sh --env} exports them). Migrated through the first server, checked through every one.
 */
@ClickHouseTest
@EnabledIfEnvironmentVariable(named = "CHORM_CLUSTER_URLS", matches = ".*\\S.*", disabledReason = "no real cluster: set"
        + " CHORM_CLUSTER_URLS (e.g. from cluster/start.sh --env) to run the cluster tests; the embedded engine refuses ON CLUSTER")
class RealClusterMigrationsTest {

    @Entity
    @Table(name = "visits")
    @ClickHouseTable(cluster = "chorm", orderBy = {"user_id", "id"},
            distributed = @Distributed(shardingKey = "cityHash64(user_id)"))
    static class Visit {
        @Id
        Long id;
        @Column(name = "user_id", nullable = false)
        long userId;
    }

    @Test
    void aMigrationAppliedThroughOneServerIsInTheOneHistoryEveryServerReads(TestDatabase db, @TempDir Path dir) throws Exception {
        String name = System.getenv().getOrDefault("CHORM_CLUSTER_NAME", "chorm");
        Assumptions.assumeTrue(name.equals("chorm"), "the test entity names cluster 'chorm', not " + name);
        List<String> servers = Arrays.stream(System.getenv("CHORM_CLUSTER_URLS").split(",")).map(String::strip).toList();
        String database = db.name();
        for (String server : servers) {
            assertThat(query(server, "default", "SELECT count() FROM system.databases WHERE name = '" + database + "'"))
                    .as("test database %s on %s: point the test extension at the cluster with CHORM_TEST_URL=%s"
                            + " CHORM_TEST_CLUSTER=chorm", database, server, servers.get(0))
                    .isEqualTo("1");
        }
        Migrations migrations = Migrations.in(dir).onCluster("chorm");
        migrations.make(EntityModel.of(Visit.class), RenameResolver.refuse(), "initial");
        try (Connection first = connect(servers.get(0), database)) {
            MigrationExecutor.Result result = migrations.migrate(first, MigrateOptions.defaults(), line -> { });
            assertThat(result.applied()).hasSize(1);
        }
        for (String server : servers) {
            assertThat(query(server, database, "SELECT status FROM chorm_migrations FINAL WHERE version = 1"))
                    .as(server).isEqualTo("applied");
            assertThat(query(server, database, "SELECT engine FROM system.tables WHERE database = currentDatabase()"
                    + " AND name = 'visits_local'")).as(server).isEqualTo("ReplicatedMergeTree");
        }
        try (Connection last = connect(servers.get(servers.size() - 1), database)) {
            assertThat(migrations.migrate(last, MigrateOptions.defaults(), line -> { }).applied())
                    .as("the last server sees the migration as applied").isEmpty();
        }
    }

    private static Connection connect(String http, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:clickhouse:" + http.substring(http.indexOf("//")) + "/" + database,
                System.getenv().getOrDefault("CHORM_CLUSTER_USER", "default"), System.getenv().getOrDefault("CHORM_CLUSTER_PASSWORD", ""));
    }

    private static String query(String http, String database, String sql) throws SQLException {
        try (Connection connection = connect(http, database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
