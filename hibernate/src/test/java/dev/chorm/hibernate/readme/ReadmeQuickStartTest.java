package dev.chorm.hibernate.readme;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.id.SnowflakeId;
import dev.chorm.hibernate.type.EngineSql;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's setup, as written there: it must keep working. */
@ClickHouseTest
class ReadmeQuickStartTest {

    @Entity(name = "PageView")
    @ClickHouseTable(orderBy = {"at", "id"}, partitionBy = "toYYYYMM(at)")
    static class PageView {
        @Id @SnowflakeId Long id;
        @LowCardinality String country;
        String path;
        Instant at;
        List<String> tags;
        @Composite Map<String, String> properties;
    }

    @Test
    void theQuickStartCreatesTheTableAndRoundTripsAnEntity(TestDatabase db) {
        EntityManagerFactory emf = new HibernatePersistenceConfiguration("analytics")
                .managedClass(PageView.class)
                .jdbcUrl(db.jdbcUrl())
                .jdbcCredentials(db.user(), db.password())
                .property("jakarta.persistence.schema-generation.database.action", "create")
                .createEntityManagerFactory();
        try (emf) {
            PageView view = new PageView();
            view.country = "DE";
            view.path = "/pricing";
            view.at = Instant.parse("2026-11-22T10:00:00Z");
            view.tags = List.of("ad", "mobile");
            view.properties = Map.of("utm_source", "newsletter");
            try (EntityManager em = emf.createEntityManager()) {
                em.getTransaction().begin();
                em.persist(view);
                em.getTransaction().commit();
            }

            try (EntityManager em = emf.createEntityManager()) {
                PageView read = em.find(PageView.class, view.id);
                assertThat(read.tags).containsExactly("ad", "mobile");
                assertThat(read.properties).containsEntry("utm_source", "newsletter");
                assertThat(read.at).isEqualTo(view.at);
            }
            assertThat(EngineSql.value(db, "SHOW CREATE TABLE PageView")).contains(
                    "`country` LowCardinality(Nullable(String))", "`tags` Array(String)",
                    "`properties` Map(String, String)", "PARTITION BY toYYYYMM(at)", "ORDER BY (at, id)");
        }
    }
}
