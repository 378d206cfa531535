package dev.chorm.hibernate.cluster;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code @Distributed} entity on the embedded engine: reads and inserts go to the entity's table,
 * UPDATE and DELETE to its local table {@code ON CLUSTER}.
 *
 * <p>The engine has the cluster {@code analytics} defined (one shard: itself), so {@code events} is
 * a real Distributed table over the MergeTree {@code events_local}; it refuses mutations, as on a
 * cluster. The statements are recorded as Hibernate sends them for a cluster (the golden SQL) and
 * run with {@code ON CLUSTER analytics} removed, the one part a single server without a DDL worker
 * refuses. {@link ClusterOnEngineTest} runs the same model with schema export and no rewriting.
 */
@ClickHouseTest(cluster = "analytics")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutedMutationsTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private EntityManagerFactory factory;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE events_local (at DateTime64(6, 'UTC'), id Int64, user_id Int64, page String)"
                + " ENGINE = MergeTree ORDER BY (user_id, id)");
        db.execute("CREATE TABLE events AS events_local ENGINE = Distributed('analytics', currentDatabase(), 'events_local', cityHash64(user_id))");
        StatementInspector recordAndRunOnOneServer = sql -> {
            sent.add(sql);
            return sql.replace(" on cluster analytics", "");
        };
        factory = new HibernatePersistenceConfiguration("routed")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("hibernate.session_factory.statement_inspector", recordAndRunOnOneServer)
                .managedClass(ClusterEntities.Event.class)
                .createEntityManagerFactory();
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @BeforeEach
    void fill() {
        db.execute("TRUNCATE TABLE events_local");
        inTransaction(em -> {
            for (long id = 1; id <= 6; id++) {
                em.persist(new ClusterEntities.Event(id, id % 2, "/p" + id, Instant.EPOCH));
            }
        });
        sent.clear();
    }

    @Test
    void theDistributedTableRefusesMutationsWhichIsWhyTheyAreRouted() {
        assertThatThrownBy(() -> db.execute("ALTER TABLE events UPDATE page = 'x' WHERE 1 SETTINGS mutations_sync = 2"))
                .hasMessageContaining("Distributed").hasMessageContaining("mutations");
    }

    @Test
    void insertsAndReadsGoToTheDistributedTable() {
        assertThat(db.queryLong("SELECT count() FROM events_local")).isEqualTo(6);
        inTransaction(em -> assertThat(em.find(ClusterEntities.Event.class, 3L).page).isEqualTo("/p3"));
        assertThat(sent).singleElement().asString().contains(" from events ").doesNotContain("events_local");
    }

    @Test
    void anEntityUpdateIsAMutationOfTheLocalTableOnCluster() {
        inTransaction(em -> em.find(ClusterEntities.Event.class, 3L).page = "/changed");
        assertThat(sent.get(sent.size() - 1)).isEqualTo("alter table events_local on cluster analytics update"
                + " page = ? where id = ? settings mutations_sync = 2, distributed_ddl_output_mode = 'none'");
        assertThat(db.queryLong("SELECT count() FROM events WHERE id = 3 AND page = '/changed'")).isEqualTo(1);
    }

    @Test
    void anEntityRemovalIsALightweightDeleteFromTheLocalTableOnCluster() {
        inTransaction(em -> em.remove(em.find(ClusterEntities.Event.class, 4L)));
        assertThat(sent.get(sent.size() - 1)).isEqualTo("delete from events_local on cluster analytics where id=?"
                + " settings lightweight_deletes_sync = 2, distributed_ddl_output_mode = 'none'");
        assertThat(db.queryLong("SELECT count() FROM events")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count() FROM events WHERE id = 4")).isZero();
    }

    @Test
    void hqlBulkUpdateAndDeleteAreRoutedToTheLocalTableOnCluster() {
        inTransaction(em -> em.createQuery("update ClusterEntities$Event e set e.page = '/odd' where e.userId = 1").executeUpdate());
        assertThat(sent).last().asString()
                .startsWith("alter table events_local on cluster analytics update ")
                .endsWith(" settings mutations_sync = 2, distributed_ddl_output_mode = 'none'");
        assertThat(db.queryLong("SELECT count() FROM events WHERE page = '/odd'")).isEqualTo(3);

        inTransaction(em -> em.createQuery("delete from ClusterEntities$Event e where e.userId = 0").executeUpdate());
        assertThat(sent).last().asString()
                .startsWith("delete from events_local on cluster analytics ")
                .endsWith(" settings lightweight_deletes_sync = 2, distributed_ddl_output_mode = 'none'");
        assertThat(db.queryLong("SELECT count() FROM events")).isEqualTo(3);
    }

    private void inTransaction(Consumer<EntityManager> work) {
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        }
    }
}
