package dev.chorm.hibernate.cluster;

import dev.chorm.hibernate.ClusterProperties;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.hibernate.tool.schema.spi.SchemaManagementException;
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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clustered model of docs/clusters.md, run on the embedded engine with the cluster
 * {@code analytics} defined on it (one shard: the engine). The engine refuses {@code ON CLUSTER}
 * and has no Keeper, so the unit runs in the mode a one-server cluster takes:
 * {@code chorm.cluster.replicated_database=true} (no {@code ON CLUSTER}) and
 * {@code chorm.cluster.replicated=false} (plain MergeTree under the Distributed table). Everything
 * else is as on a real cluster: Hibernate creates the pair, writes and reads through the real
 * {@code Distributed} table, and routes UPDATE/DELETE to the local table.
 */
@ClickHouseTest(cluster = "analytics")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterOnEngineTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private EntityManagerFactory factory;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        StatementInspector record = sql -> {
            sent.add(sql);
            return sql;
        };
        factory = unit(db, "create").property("hibernate.session_factory.statement_inspector", record)
                .createEntityManagerFactory();
    }

    /** The unit as an application on a one-server cluster configures it, with the cluster settings for tests. */
    static HibernatePersistenceConfiguration unit(TestDatabase db, String schemaAction) {
        return new HibernatePersistenceConfiguration("cluster-on-engine")
                .jdbcUrl(db.jdbcUrl() + "?" + ClusterSettings.TESTS.jdbcUrlParameters())
                .jdbcCredentials(db.user(), db.password())
                .property(ClusterProperties.REPLICATED_DATABASE, "true")
                .property(ClusterProperties.REPLICATED, "false")
                .property("hibernate.hbm2ddl.auto", schemaAction)
                .managedClass(ClusterEntities.Event.class)
                .managedClass(ClusterEntities.User.class);
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
    void hibernateCreatesTheLocalTableAndTheDistributedTableOverIt() {
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase()"
                + " AND name = 'events_local' AND engine = 'MergeTree' AND sorting_key = 'user_id, id'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'events'"
                + " AND engine = 'Distributed' AND engine_full LIKE 'Distributed(\\'analytics\\', %, \\'events_local\\', cityHash64(user_id))%'"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase()"
                + " AND name = 'users' AND engine = 'ReplacingMergeTree'")).isEqualTo(1);
    }

    @Test
    void persistedEntitiesGoThroughTheDistributedTableIntoTheLocalTable() {
        assertThat(db.queryLong("SELECT count() FROM events_local")).isEqualTo(6);
        inTransaction(em -> assertThat(em.find(ClusterEntities.Event.class, 3L).page).isEqualTo("/p3"));
        assertThat(sent).singleElement().asString().contains(" from events ").doesNotContain("events_local");
    }

    @Test
    void statelessInsertsGoThroughTheDistributedTable() {
        try (StatelessSession session = factory.unwrap(SessionFactory.class).openStatelessSession()) {
            session.beginTransaction();
            for (long id = 100; id < 150; id++) {
                session.insert(new ClusterEntities.Event(id, id, "/s", Instant.EPOCH));
            }
            session.getTransaction().commit();
        }
        assertThat(sent).allMatch(sql -> sql.startsWith("insert into events ("));
        assertThat(db.queryLong("SELECT count() FROM events_local WHERE page = '/s'")).isEqualTo(50);
    }

    @Test
    void hqlReadsGoThroughTheDistributedTable() {
        inTransaction(em -> assertThat(em.createQuery(
                "select e.page from ClusterEntities$Event e where e.userId = 1 order by e.id", String.class).getResultList())
                .containsExactly("/p1", "/p3", "/p5"));
        assertThat(sent).singleElement().asString().contains(" from events ").doesNotContain("events_local");
    }

    @Test
    void anEntityUpdateIsAMutationOfTheLocalTable() {
        inTransaction(em -> em.find(ClusterEntities.Event.class, 3L).page = "/changed");
        assertThat(sent).last().isEqualTo("alter table events_local update page = ? where id = ? settings mutations_sync = 2");
        assertThat(db.queryLong("SELECT count() FROM events WHERE id = 3 AND page = '/changed'")).isEqualTo(1);
    }

    @Test
    void anEntityRemovalIsALightweightDeleteFromTheLocalTable() {
        inTransaction(em -> em.remove(em.find(ClusterEntities.Event.class, 4L)));
        assertThat(sent).last().isEqualTo("delete from events_local where id=? settings lightweight_deletes_sync = 2");
        assertThat(db.queryLong("SELECT count() FROM events")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count() FROM events WHERE id = 4")).isZero();
    }

    @Test
    void hqlBulkUpdateAndDeleteAreRoutedToTheLocalTable() {
        inTransaction(em -> assertThat(em.createQuery(
                "update ClusterEntities$Event e set e.page = '/odd' where e.userId = 1").executeUpdate()).isNotNegative());
        assertThat(sent).last().asString().startsWith("alter table events_local update ").endsWith(" settings mutations_sync = 2");
        assertThat(db.queryLong("SELECT count() FROM events WHERE page = '/odd'")).isEqualTo(3);

        inTransaction(em -> em.createQuery("delete from ClusterEntities$Event e where e.userId = 0").executeUpdate());
        assertThat(sent).last().asString().startsWith("delete from events_local ").endsWith(" settings lightweight_deletes_sync = 2");
        assertThat(db.queryLong("SELECT count() FROM events")).isEqualTo(3);
    }

    @Test
    void theClusterSettingsForTestsAreInEffectOnTheUnitsConnections() {
        inTransaction(em -> {
            Object[] settings = (Object[]) em.createNativeQuery("SELECT toString(getSetting('insert_quorum')),"
                    + " toString(getSetting('distributed_foreground_insert')), toString(getSetting('alter_sync')),"
                    + " toString(getSetting('mutations_sync')), toString(getSetting('select_sequential_consistency'))").getSingleResult();
            assertThat(settings[0]).isEqualTo("auto");
            assertThat(settings[1]).isIn("1", "true");
            assertThat(settings[2]).isEqualTo("2");
            assertThat(settings[3]).isEqualTo("2");
            assertThat(settings[4]).isIn("1", "true");
        });
    }

    @Test
    void schemaValidationAcceptsTheClusteredModelHibernateCreated() {
        assertThatCode(() -> unit(db, "validate").createEntityManagerFactory().close()).doesNotThrowAnyException();
    }

    @Test
    void schemaValidationReportsAMissingDistributedTable() throws Exception {
        String create = createStatement("events");
        db.execute("DROP TABLE events SYNC");
        try {
            assertThatThrownBy(() -> unit(db, "validate").createEntityManagerFactory())
                    .rootCause().isInstanceOf(SchemaManagementException.class).hasMessageContaining("missing table events");
        } finally {
            db.execute(create);
        }
    }

    @Test
    void schemaUpdateAddsAMissingColumnToBothTablesAndCreatesAMissingTable() {
        db.execute("ALTER TABLE events DROP COLUMN page");
        db.execute("ALTER TABLE events_local DROP COLUMN page");
        db.execute("DROP TABLE users SYNC");

        unit(db, "update").createEntityManagerFactory().close();

        assertThat(db.queryLong("SELECT count() FROM system.columns WHERE database = currentDatabase()"
                + " AND table IN ('events', 'events_local') AND name = 'page' AND type = 'String'")).isEqualTo(2);
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'users'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count() FROM events")).as("rows kept").isEqualTo(6);
        assertThatCode(() -> unit(db, "validate").createEntityManagerFactory().close()).doesNotThrowAnyException();
    }

    private String createStatement(String table) throws java.sql.SQLException {
        try (java.sql.Connection connection = db.openConnection(); java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT create_table_query FROM system.tables"
                     + " WHERE database = currentDatabase() AND name = '" + table + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
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
