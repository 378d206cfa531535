package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code hibernate.hbm2ddl.auto = validate / update} against ClickHouse's own catalogue. */
@ClickHouseTest
class SchemaValidationTest {

    @Entity(name = "Sensor")
    @Table(name = "sensor")
    static class Sensor {
        @Id Long id;
        String label;
        int reading;
        Instant seenAt;
    }

    private static EntityManagerFactory factory(TestDatabase db, String hbm2ddl) {
        return new HibernatePersistenceConfiguration("validation")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("hibernate.hbm2ddl.auto", hbm2ddl)
                .managedClass(Sensor.class)
                .createEntityManagerFactory();
    }

    @BeforeEach
    void noTable(TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS sensor");
    }

    @Test
    void acceptsTheSchemaThatSchemaExportCreated(TestDatabase db) {
        factory(db, "create").close();

        assertThatCode(() -> factory(db, "validate").close()).doesNotThrowAnyException();
    }

    @Test
    void reportsAMissingTable(TestDatabase db) {
        assertThatThrownBy(() -> factory(db, "validate"))
                .hasRootCauseInstanceOf(SchemaManagementException.class)
                .rootCause().hasMessageContaining("missing table sensor");
    }

    @Test
    void reportsEveryMismatchAtOnce(TestDatabase db) {
        db.execute("CREATE TABLE sensor (id Int64, label String, reading Int64) ENGINE = ReplacingMergeTree ORDER BY (id, reading)");

        assertThatThrownBy(() -> factory(db, "validate"))
                .rootCause().isInstanceOf(SchemaManagementException.class)
                .hasMessageContaining("missing column sensor.seenAt Nullable(DateTime64(6, 'UTC'))")
                .hasMessageContaining("column sensor.label is not Nullable (String), the entity maps it nullable (Nullable(String))")
                .hasMessageContaining("column sensor.reading has the type Int64, the entity needs Int32")
                .hasMessageContaining("has the engine ReplacingMergeTree, the entity needs MergeTree")
                .hasMessageContaining("is ordered by [id, reading], the entity needs [id]");
    }

    @Test
    void updateAddsMissingColumnsAndKeepsTheRows(TestDatabase db) {
        db.execute("CREATE TABLE sensor (id Int64, label Nullable(String)) ENGINE = MergeTree ORDER BY id");
        db.execute("INSERT INTO sensor VALUES (1, 'kept')");

        factory(db, "update").close();

        assertThat(db.queryLong("SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = 'sensor'"
                + " AND (name = 'reading' AND type = 'Int32' OR name = 'seenAt' AND type = 'Nullable(DateTime64(6, \\'UTC\\'))')"))
                .isEqualTo(2);
        assertThat(db.queryLong("SELECT count() FROM sensor WHERE label = 'kept' AND reading = 0 AND seenAt IS NULL")).isEqualTo(1);
        assertThatCode(() -> factory(db, "validate").close()).doesNotThrowAnyException();
    }

    @Test
    void updateCreatesAMissingTable(TestDatabase db) {
        factory(db, "update").close();

        assertThatCode(() -> factory(db, "validate").close()).doesNotThrowAnyException();
    }
}
