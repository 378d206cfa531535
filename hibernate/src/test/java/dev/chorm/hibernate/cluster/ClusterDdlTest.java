package dev.chorm.hibernate.cluster;

import dev.chorm.hibernate.ClusterProperties;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden DDL: what schema export writes for tables on a cluster. No single server runs these
 * statements (the embedded engine refuses ON CLUSTER); {@link RealClusterTest} runs them on a cluster.
 */
class ClusterDdlTest {

    @Test
    void aDistributedEntityBecomesAReplicatedLocalTableOnClusterAndADistributedTableOverIt() {
        List<String> create = script("create", Map.of(), ClusterEntities.Event.class);
        assertThat(create).containsExactly(
                "CREATE TABLE events_local ON CLUSTER analytics (at DateTime64(6, 'UTC'), id Int64, user_id Int64, page String)"
                        + " ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')"
                        + " PARTITION BY toYYYYMM(at) ORDER BY (user_id, id)",
                "CREATE TABLE events ON CLUSTER analytics (at DateTime64(6, 'UTC'), id Int64, user_id Int64, page String)"
                        + " ENGINE = Distributed('analytics', currentDatabase(), 'events_local', cityHash64(user_id))");
    }

    @Test
    void droppingADistributedEntityDropsTheDistributedTableBeforeTheLocalOne() {
        List<String> drop = script("drop", Map.of(), ClusterEntities.Event.class);
        assertThat(drop).containsExactly(
                "DROP TABLE IF EXISTS events ON CLUSTER analytics",
                "DROP TABLE IF EXISTS events_local ON CLUSTER analytics");
    }

    @Test
    void aClusteredEntityWithoutDistributedIsOneReplicatedTableOnCluster() {
        List<String> create = script("create", Map.of(), ClusterEntities.User.class);
        assertThat(create).containsExactly(
                "CREATE TABLE users ON CLUSTER analytics (id Int64, version Int64, name String)"
                        + " ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', version)"
                        + " ORDER BY id");
    }

    @Test
    void thePropertyPutsEveryEntityOnTheClusterAndTheAnnotationOverridesIt() {
        List<String> create = script("create", Map.of(ClusterProperties.CLUSTER, "main"),
                ClusterEntities.Counter.class, ClusterEntities.User.class);
        assertThat(create).containsExactlyInAnyOrder(
                "CREATE TABLE counters ON CLUSTER main (hits Int64, id Int64)"
                        + " ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}') ORDER BY id",
                "CREATE TABLE users ON CLUSTER analytics (id Int64, version Int64, name String)"
                        + " ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', version)"
                        + " ORDER BY id");
    }

    @Test
    void keeperPathAndReplicaNameAreOverridable() {
        List<String> create = script("create", Map.of(ClusterProperties.CLUSTER, "main",
                        ClusterProperties.KEEPER_PATH, "/clickhouse/tables/{database}/{table}/{shard}",
                        ClusterProperties.REPLICA, "{replica}-{shard}"),
                ClusterEntities.Counter.class);
        assertThat(create).containsExactly("CREATE TABLE counters ON CLUSTER main (hits Int64, id Int64)"
                + " ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/{table}/{shard}', '{replica}-{shard}') ORDER BY id");
    }

    @Test
    void replicationCanBeTurnedOffForClustersWithoutKeeper() {
        List<String> create = script("create", Map.of(ClusterProperties.CLUSTER, "main", ClusterProperties.REPLICATED, "false"),
                ClusterEntities.Counter.class);
        assertThat(create).containsExactly("CREATE TABLE counters ON CLUSTER main (hits Int64, id Int64) ENGINE = MergeTree ORDER BY id");
    }

    @Test
    void inAReplicatedDatabaseDdlGoesWithoutOnClusterAndEnginesWithoutKeeperPaths() {
        Map<String, Object> replicatedDatabase = Map.of(ClusterProperties.REPLICATED_DATABASE, "true");
        assertThat(script("create", replicatedDatabase, ClusterEntities.Event.class)).containsExactly(
                "CREATE TABLE events_local (at DateTime64(6, 'UTC'), id Int64, user_id Int64, page String)"
                        + " ENGINE = ReplicatedMergeTree PARTITION BY toYYYYMM(at) ORDER BY (user_id, id)",
                "CREATE TABLE events (at DateTime64(6, 'UTC'), id Int64, user_id Int64, page String)"
                        + " ENGINE = Distributed('analytics', currentDatabase(), 'events_local', cityHash64(user_id))");
        assertThat(script("drop", replicatedDatabase, ClusterEntities.Event.class)).containsExactly(
                "DROP TABLE IF EXISTS events", "DROP TABLE IF EXISTS events_local");
    }

    @Test
    void aOneServerClusterGetsPlainMergeTreeUnderTheDistributedTableWithoutOnCluster() {
        Map<String, Object> oneServer = Map.of(ClusterProperties.REPLICATED_DATABASE, "true", ClusterProperties.REPLICATED, "false");
        assertThat(script("create", oneServer, ClusterEntities.Event.class, ClusterEntities.User.class)).containsExactlyInAnyOrder(
                "CREATE TABLE events_local (at DateTime64(6, 'UTC'), id Int64, user_id Int64, page String)"
                        + " ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY (user_id, id)",
                "CREATE TABLE events (at DateTime64(6, 'UTC'), id Int64, user_id Int64, page String)"
                        + " ENGINE = Distributed('analytics', currentDatabase(), 'events_local', cityHash64(user_id))",
                "CREATE TABLE users (id Int64, version Int64, name String) ENGINE = ReplacingMergeTree(version) ORDER BY id");
    }

    @Test
    void aDistributedEntityWithoutAClusterIsRefusedNamingTheEntityAndTheFix() {
        assertThatThrownBy(() -> script("create", Map.of(), ClusterEntities.Orphan.class))
                .hasStackTraceContaining("orphans")
                .hasStackTraceContaining("@Distributed needs a cluster")
                .hasStackTraceContaining(ClusterProperties.CLUSTER);
    }

    @Test
    void aDistributedEntityWithABlankShardingKeyIsRefused() {
        assertThatThrownBy(() -> script("create", Map.of(), ClusterEntities.Keyless.class))
                .hasStackTraceContaining("Keyless")
                .hasStackTraceContaining("shardingKey");
    }

    /** The statements schema generation writes as a script ({@code create} or {@code drop}), without a server. */
    static List<String> script(String action, Map<String, ?> properties, Class<?>... entities) {
        StringWriter create = new StringWriter();
        StringWriter drop = new StringWriter();
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("golden")
                .property("hibernate.dialect", "dev.chorm.hibernate.ClickHouseDialect")
                .property("jakarta.persistence.database-product-name", "ClickHouse")
                .property("jakarta.persistence.database-product-version", "26.7")
                .property("jakarta.persistence.database-major-version", "26")
                .property("jakarta.persistence.database-minor-version", "7")
                .property("hibernate.boot.allow_jdbc_metadata_access", false)
                .property("hibernate.hbm2ddl.delimiter", ";")
                .property("jakarta.persistence.schema-generation.scripts.action", "drop-and-create")
                .property("jakarta.persistence.schema-generation.scripts.create-target", create)
                .property("jakarta.persistence.schema-generation.scripts.drop-target", drop);
        properties.forEach(configuration::property);
        for (Class<?> entity : entities) {
            configuration.managedClass(entity);
        }
        try (EntityManagerFactory ignored = configuration.createEntityManagerFactory()) {
            String text = action.equals("create") ? create.toString() : drop.toString();
            return Arrays.stream(text.split(";")).map(s -> s.strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")"))
                    .filter(s -> !s.isEmpty()).toList();
        }
    }
}
