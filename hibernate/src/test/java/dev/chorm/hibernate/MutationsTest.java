package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Entity updates and removals, and HQL bulk UPDATE/DELETE, become ClickHouse mutations that are
 * visible when the call returns, without optimistic-lock failures from ClickHouse's row counts.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutationsTest {

    private EntityManagerFactory factory;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        db.execute(PageView.TABLE);
        factory = Jpa.factory(db, null, PageView.class);
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @BeforeEach
    void fill() {
        db.truncateAllTables();
        inTransaction(em -> {
            for (long id = 1; id <= 10; id++) {
                em.persist(new PageView(id, "/page" + id, Instant.EPOCH, (int) id));
            }
        });
    }

    @Test
    void changingAManagedEntityUpdatesItsRowByTheTimeCommitReturns() {
        inTransaction(em -> em.find(PageView.class, 3L).setPage("/changed"));
        assertThat(db.queryLong("SELECT count() FROM page_view WHERE page = '/changed' AND id = 3")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count() FROM page_view")).isEqualTo(10);
    }

    @Test
    void removingAnEntityDeletesItsRowByTheTimeCommitReturns() {
        inTransaction(em -> em.remove(em.find(PageView.class, 4L)));
        assertThat(db.queryLong("SELECT count() FROM page_view WHERE id = 4")).isZero();
        assertThat(db.queryLong("SELECT count() FROM page_view")).isEqualTo(9);
    }

    @Test
    void bulkUpdateAndDeleteFromHqlAreVisibleRightAfterwards() {
        inTransaction(em -> em.createQuery("update PageView v set v.loadMs = v.loadMs * 100 where v.id <= 5")
                .executeUpdate());
        assertThat(db.queryLong("SELECT sum(loadMs) FROM page_view")).isEqualTo((1 + 2 + 3 + 4 + 5) * 100 + 6 + 7 + 8 + 9 + 10);

        inTransaction(em -> em.createQuery("delete from PageView v where v.page like '/page1%'").executeUpdate());
        assertThat(db.queryLong("SELECT count() FROM page_view")).as("/page1 and /page10 deleted").isEqualTo(8);

        inTransaction(em -> em.createQuery("delete from PageView").executeUpdate());
        assertThat(db.queryLong("SELECT count() FROM page_view")).isZero();
    }

    @Entity(name = "Versioned")
    static class Versioned {
        @Id
        Long id;
        @Version
        long version;
    }

    @Test
    void versionedEntitiesAreRefusedAtStartupNamingTheEntity() {
        assertThatThrownBy(() -> Jpa.factory(db, null, Versioned.class))
                .hasStackTraceContaining("Entity dev.chorm.hibernate.MutationsTest$Versioned has a @Version attribute (version)")
                .hasStackTraceContaining("optimistic locking cannot work on ClickHouse");
    }

    private void inTransaction(Consumer<EntityManager> work) {
        Jpa.inTransaction(factory, work);
    }
}
