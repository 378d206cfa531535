package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sync policy of UPDATE and DELETE, and lightweight updates on tables that have them. */
@ClickHouseTest
class MutationSyncTest {

    @Entity(name = "Account")
    @Table(name = "account")
    static class Account {
        @Id Long id;
        String owner;

        Account() {
        }

        Account(long id, String owner) {
            this.id = id;
            this.owner = owner;
        }
    }

    @Entity(name = "Patched")
    @Table(name = "patched")
    @ClickHouseTable(settings = {"enable_block_number_column = 1", "enable_block_offset_column = 1"})
    static class Patched {
        @Id Long id;
        String owner;

        Patched() {
        }

        Patched(long id, String owner) {
            this.id = id;
            this.owner = owner;
        }
    }

    /** Every SQL statement Hibernate sends, in order. */
    static final List<String> SENT = new CopyOnWriteArrayList<>();

    public static final class Recorder implements StatementInspector {
        @Override
        public String inspect(String sql) {
            SENT.add(sql);
            return sql;
        }
    }

    private static EntityManagerFactory factory(TestDatabase db, String sync) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("sync")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("jakarta.persistence.schema-generation.database.action", "drop-and-create")
                .property("hibernate.session_factory.statement_inspector", Recorder.class.getName())
                .managedClass(Account.class).managedClass(Patched.class);
        if (sync != null) {
            configuration.property(MutationSync.PROPERTY, sync);
        }
        return configuration.createEntityManagerFactory();
    }

    private static List<String> sent(String prefix) {
        return SENT.stream().filter(sql -> sql.startsWith(prefix)).toList();
    }

    @BeforeEach
    void forget() {
        SENT.clear();
    }

    @Test
    void byDefaultUpdatesAndDeletesAreVisibleWhenTheCallReturns(TestDatabase db) {
        try (EntityManagerFactory factory = factory(db, null)) {
            Jpa.inTransaction(factory, em -> em.persist(new Account(1, "ann")));
            Jpa.inTransaction(factory, em -> em.find(Account.class, 1L).owner = "bea");
            assertThat(db.queryLong("SELECT count() FROM account WHERE owner = 'bea'")).isEqualTo(1);

            Jpa.inTransaction(factory, em -> em.remove(em.find(Account.class, 1L)));
            assertThat(db.queryLong("SELECT count() FROM account")).isZero();

            assertThat(sent("alter table account update")).singleElement().asString().endsWith("settings mutations_sync = 2");
            assertThat(sent("delete from account")).singleElement().asString().endsWith("settings lightweight_deletes_sync = 2");
        }
    }

    @Test
    void theAsyncPolicyLeavesTheMutationToFinishInTheBackground(TestDatabase db) throws InterruptedException {
        try (EntityManagerFactory factory = factory(db, "async")) {
            Jpa.inTransaction(factory, em -> em.persist(new Account(1, "ann")));
            try (EntityManager em = factory.createEntityManager()) {
                em.getTransaction().begin();
                em.createQuery("update Account set owner = 'cid'").executeUpdate();
                em.getTransaction().commit();
            }

            assertThat(sent("alter table account update")).singleElement().asString().endsWith("settings mutations_sync = 0");
            long deadline = System.currentTimeMillis() + 10_000;
            while (db.queryLong("SELECT count() FROM account WHERE owner = 'cid'") == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(db.queryLong("SELECT count() FROM account WHERE owner = 'cid'")).as("applied in the background").isEqualTo(1);
        }
    }

    @Test
    void thisReplicaWaitsForTheReceivingReplica(TestDatabase db) {
        try (EntityManagerFactory factory = factory(db, "this_replica")) {
            Jpa.inTransaction(factory, em -> em.persist(new Account(1, "ann")));
            Jpa.inTransaction(factory, em -> em.find(Account.class, 1L).owner = "dan");

            assertThat(db.queryLong("SELECT count() FROM account WHERE owner = 'dan'")).isEqualTo(1);
            assertThat(sent("alter table account update")).singleElement().asString().endsWith("settings mutations_sync = 1");
        }
    }

    @Test
    void anUnknownPolicyFailsAtStartupNamingThePropertyAndTheValue(TestDatabase db) {
        assertThatThrownBy(() -> factory(db, "eventually").close())
                .hasStackTraceContaining("Property chorm.mutations.sync is 'eventually'; expected one of all_replicas, this_replica, async");
    }

    @Test
    void tablesWithLightweightUpdatesAreUpdatedInPlaceWithoutAMutation(TestDatabase db) {
        try (EntityManagerFactory factory = factory(db, null)) {
            Jpa.inTransaction(factory, em -> em.persist(new Patched(1, "ann")));
            Jpa.inTransaction(factory, em -> em.find(Patched.class, 1L).owner = "eve");
            try (EntityManager em = factory.createEntityManager()) {
                em.getTransaction().begin();
                em.createQuery("update Patched set owner = upper(owner) where id = 1").executeUpdate();
                em.getTransaction().commit();
            }

            assertThat(db.queryLong("SELECT count() FROM patched WHERE owner = 'EVE'")).isEqualTo(1);
            assertThat(sent("update patched set")).hasSize(2);
            assertThat(db.queryLong("SELECT count() FROM system.mutations WHERE database = currentDatabase() AND table = 'patched'"))
                    .as("no part was rewritten").isZero();
        }
    }
}
