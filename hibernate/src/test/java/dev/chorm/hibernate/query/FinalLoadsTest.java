package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads by id of an entity whose engine collapses rows read with FINAL: with two unmerged versions
 * on disk (merges stopped), find, getReference and lazy loads return the latest version, where a
 * plain read would find two rows. Queries keep the user's choice.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinalLoadsTest {

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Profile.class, Note.class);
        db.execute("SYSTEM STOP MERGES Profile");
        Jpa.inTransaction(factory, em -> {
            em.persist(new Profile(1, "first", 1));
            em.persist(new Profile(2, "other", 1));
        });
        Jpa.inTransaction(factory, em -> em.persist(new Profile(1, "second", 2))); // a new part
        Jpa.inTransaction(factory, em -> em.persist(new Note(10, "hello", em.getReference(Profile.class, 1L),
                em.getReference(Profile.class, 1L))));
        assertThat(db.queryLong("select count() from Profile where id = 1")).isEqualTo(2); // both versions on disk
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @Test
    void findReturnsTheLatestVersion() {
        try (EntityManager em = factory.createEntityManager()) {
            statements.clear();
            Profile profile = em.find(Profile.class, 1L);
            assertThat(profile.getName()).isEqualTo("second");
            assertThat(profile.getVersion()).isEqualTo(2);
            assertThat(statements.last()).contains("from Profile p1_0 final where p1_0.id=?");
        }
    }

    @Test
    void aReferenceInitializesToTheLatestVersion() {
        try (EntityManager em = factory.createEntityManager()) {
            Profile profile = em.getReference(Profile.class, 1L);
            assertThat(profile.getName()).isEqualTo("second");
        }
    }

    @Test
    void aLazyAssociationLoadsTheLatestVersion() {
        try (EntityManager em = factory.createEntityManager()) {
            Note note = em.find(Note.class, 10L);
            assertThat(note.getProfile().getName()).isEqualTo("second");
        }
    }

    @Test
    void refreshReadsTheLatestVersion() {
        try (EntityManager em = factory.createEntityManager()) {
            Profile profile = em.find(Profile.class, 2L);
            em.refresh(profile);
            assertThat(profile.getName()).isEqualTo("other");
        }
    }

    @Test
    void onlyTheCollapsingEntitiesOfALoadAreReadWithFinal() {
        try (EntityManager em = factory.createEntityManager()) {
            statements.clear();
            Note note = em.find(Note.class, 10L); // one row, though the joined reviewer has two versions on disk
            assertThat(note.getReviewer().getName()).isEqualTo("second");
            assertThat(statements.last()).contains("from Note n1_0 left join Profile r1_0 final on");
        }
    }

    @Test
    void queriesKeepTheUsersChoice() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select p.name from Profile p where p.id = 1 order by p.version", String.class)
                    .getResultList()).containsExactly("first", "second");
            assertThat(em.createQuery("select p.name from Profile p where final(p) and p.id = 1", String.class)
                    .getResultList()).isEqualTo(List.of("second"));
        }
    }
}
