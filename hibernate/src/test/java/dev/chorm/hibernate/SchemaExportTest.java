package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.Check;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate's schema generation creates ClickHouse tables from plain JPA entities: MergeTree
 * ordered by the id, Nullable for nullable attributes, CHECK constraints kept, and drops them.
 */
@ClickHouseTest
class SchemaExportTest {

    enum Plan { FREE, PRO }

    @Entity(name = "Account")
    @Check(name = "credit_positive", constraints = "credit >= 0")
    static class Account {
        @Id
        Long id;
        @Column(nullable = false)
        String name;
        String email;
        @Column(precision = 12, scale = 2)
        BigDecimal credit;
        boolean active;
        UUID token;
        LocalDate born;
        LocalDateTime seen;
        Instant created;
        @Enumerated(EnumType.STRING)
        Plan plan;
    }

    @Test
    void createDropCreatesTheTableWithClickHouseTypesAndDropsIt(TestDatabase db) throws Exception {
        EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Account.class);
        try {
            String ddl = showCreate(db, "Account");
            assertThat(ddl)
                    .contains("`id` Int64")
                    .contains("`name` String")
                    .contains("`email` Nullable(String)")
                    .contains("`credit` Nullable(Decimal(12, 2))")
                    .contains("`active` Bool")
                    .contains("`token` Nullable(UUID)")
                    .contains("`born` Nullable(Date32)")
                    .contains("`seen` Nullable(DateTime64(6))")
                    .contains("`created` Nullable(DateTime64(6, 'UTC'))")
                    .contains("CONSTRAINT credit_positive CHECK credit >= 0")
                    .contains("ENGINE = MergeTree")
                    .contains("ORDER BY id");

            try (EntityManager em = factory.createEntityManager()) {
                em.getTransaction().begin();
                Account account = new Account();
                account.id = 1L;
                account.name = "ada";
                account.credit = new BigDecimal("10.50");
                account.plan = Plan.PRO;
                em.persist(account);
                em.getTransaction().commit();
            }
            try (EntityManager em = factory.createEntityManager()) {
                Account read = em.find(Account.class, 1L);
                assertThat(read.name).isEqualTo("ada");
                assertThat(read.email).isNull();
                assertThat(read.credit).isEqualByComparingTo("10.50");
                assertThat(read.plan).isEqualTo(Plan.PRO);
            }
        } finally {
            factory.close();
        }
    }

    @Test
    void theCheckConstraintIsEnforcedByClickHouse(TestDatabase db) {
        Jpa.factory(db, "drop-and-create", Account.class).close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        db.execute("INSERT INTO Account (id, name, credit, active) VALUES (2, 'x', -1, true)"))
                .hasMessageContaining("credit_positive");
        assertThat(db.queryLong("SELECT count() FROM Account")).isZero();
    }

    private static String showCreate(TestDatabase db, String table) throws Exception {
        try (Connection connection = db.openConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
