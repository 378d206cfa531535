package dev.chorm.hibernate.cluster;

import dev.chorm.hibernate.ClusterProperties;
import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Distributed;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clustered model on a real cluster (2 shards x 2 replicas: {@code cluster/start.sh}); skipped,
 * saying why, without {@code CHORM_CLUSTER_URLS}. The test database is created ON CLUSTER by the
 * test extension ({@code CHORM_TEST_URL}, {@code CHORM_TEST_CLUSTER}). Written through the first
 * server, read through every one. The test methods build on each other, in order.
 */
@ClickHouseTest
@EnabledIfEnvironmentVariable(named = "CHORM_CLUSTER_URLS", matches = ".*\\S.*", disabledReason = RealCluster.SKIPPED)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterTest {

    /** Sharded by user over the cluster of {@code chorm.cluster}. */
    @Entity
    @Table(name = "visits")
    @ClickHouseTable(orderBy = {"user_id", "id"}, distributed = @Distributed(shardingKey = "cityHash64(user_id)"))
    static class Visit {
        @Id
        Long id;
        @Column(name = "user_id", nullable = false)
        long userId;
        @Column(nullable = false)
        String page;

        protected Visit() {
        }

        Visit(long id, long userId, String page) {
            this.id = id;
            this.userId = userId;
            this.page = page;
        }
    }

    private RealCluster cluster;
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) throws Exception {
        cluster = RealCluster.in(db);
        factory = new HibernatePersistenceConfiguration("real-cluster")
                .jdbcUrl(cluster.jdbcUrl(0, ClusterSettings.TESTS.jdbcUrlParameters()))
                .jdbcCredentials(cluster.user, cluster.password)
                .property(ClusterProperties.CLUSTER, cluster.name)
                .property("jakarta.persistence.schema-generation.database.action", "create")
                .managedClass(Visit.class)
                .createEntityManagerFactory();
    }

    @AfterAll
    void stop() throws Exception {
        if (factory != null) {
            factory.close();
        }
    }

    @Test
    @Order(1)
    void schemaExportCreatesTheReplicatedLocalTableAndTheDistributedTableOnEveryServer() throws Exception {
        for (int server = 0; server < cluster.urls.size(); server++) {
            assertThat(cluster.queryString(server, "SELECT engine FROM system.tables WHERE database = currentDatabase()"
                    + " AND name = 'visits_local'")).as("server %d", server).isEqualTo("ReplicatedMergeTree");
            assertThat(cluster.queryString(server, "SELECT engine FROM system.tables WHERE database = currentDatabase()"
                    + " AND name = 'visits'")).as("server %d", server).isEqualTo("Distributed");
        }
    }

    @Test
    @Order(2)
    void rowsPersistedThroughOneServerAreShardedAndReadThroughEveryServer() throws Exception {
        inTransaction(em -> {
            for (long id = 1; id <= 200; id++) {
                em.persist(new Visit(id, id % 17, "/p" + id));
            }
        });
        for (int server = 0; server < cluster.urls.size(); server++) {
            assertThat(cluster.queryLong(server, "SELECT count() FROM visits")).as("server %d", server).isEqualTo(200);
        }
        long localRows = cluster.queryLong(0, "SELECT count() FROM visits_local");
        assertThat(localRows).as("the first shard holds some rows, not all").isBetween(1L, 199L);
    }

    @Test
    @Order(3)
    void anEntityUpdateReachesTheRowOnItsShardAndEveryReplica() throws Exception {
        inTransaction(em -> em.find(Visit.class, 7L).page = "/changed");
        for (int server = 0; server < cluster.urls.size(); server++) {
            assertThat(cluster.queryLong(server, "SELECT count() FROM visits WHERE page = '/changed' AND id = 7"))
                    .as("server %d", server).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void removalAndHqlBulkStatementsAreSeenThroughEveryServer() throws Exception {
        inTransaction(em -> em.remove(em.find(Visit.class, 8L)));
        inTransaction(em -> em.createQuery("update RealClusterTest$Visit v set v.page = '/bulk' where v.userId = 1").executeUpdate());
        inTransaction(em -> em.createQuery("delete from RealClusterTest$Visit v where v.userId = 2").executeUpdate());
        long expected = 200 - 1 - 12; // id 8, and the 12 visits of user 2 (2, 19, ..., 189)
        for (int server = 0; server < cluster.urls.size(); server++) {
            assertThat(cluster.queryLong(server, "SELECT count() FROM visits")).as("server %d", server).isEqualTo(expected);
            assertThat(cluster.queryLong(server, "SELECT count() FROM visits WHERE page = '/bulk'")).isEqualTo(12);
        }
    }

    private void inTransaction(Consumer<EntityManager> work) {
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        }
    }
}
