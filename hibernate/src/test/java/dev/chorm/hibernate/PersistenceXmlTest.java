package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A standard persistence.xml with no dialect runs unchanged on ClickHouse. */
@ClickHouseTest
class PersistenceXmlTest {

    @Test
    void aPlainPersistenceUnitBootsCreatesItsTableAndStoresEntities(TestDatabase db) {
        Map<String, Object> connection = Map.of(
                "jakarta.persistence.jdbc.url", db.jdbcUrl(),
                "jakarta.persistence.jdbc.user", db.user(),
                "jakarta.persistence.jdbc.password", db.password());
        try (EntityManagerFactory factory = Persistence.createEntityManagerFactory("plain-jpa", connection)) {
            Jpa.inTransaction(factory, em -> em.persist(new PageView(1, "/", Instant.parse("2026-01-01T00:00:00Z"), null)));
            try (EntityManager em = factory.createEntityManager()) {
                assertThat(em.find(PageView.class, 1L).getAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            }
        }
        assertThat(db.queryLong("SELECT count() FROM page_view")).isEqualTo(1);
    }
}
