package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.Alias;
import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.annotations.Materialized;
import dev.chorm.hibernate.annotations.Ttl;
import dev.chorm.hibernate.type.EngineSql;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.RollbackException;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.Comment;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Column options on entities, and the attributes ClickHouse does not let a write change:
 * computed columns are never written, key columns are never updated.
 */
@ClickHouseTest
class ColumnOptionsTest {

    @Entity(name = "Visit")
    @Table(name = "visit", comment = "one row per visit")
    @ClickHouseTable(orderBy = {"day", "id"}, partitionBy = "toYYYYMM(day)")
    static class Visit {
        @Id Long id;
        LocalDate day;
        String path;
        @Materialized("upper(path)") String upperPath;
        @Alias("length(path)") Long pathLength;
        @Ttl("toDateTime(seen) + INTERVAL 30 DAY") @ColumnDefault("'anonymous'") String visitor;
        @Comment("when the visit started") @Column(nullable = false) LocalDateTime seen;

        Visit() {
        }

        Visit(long id, LocalDate day, String path) {
            this.id = id;
            this.day = day;
            this.path = path;
            this.visitor = "alice";
            this.seen = LocalDateTime.of(2026, 11, 1, 12, 0);
        }
    }

    @Entity(name = "Twice")
    static class Twice {
        @Id Long id;
        @Materialized("1") @Alias("2") Integer value;
    }

    /** Column annotations on the id attributes of an {@code @IdClass} entity. */
    @Entity(name = "DailyCount")
    @IdClass(DailyCount.Key.class)
    static class DailyCount {
        record Key(LocalDate day, String page) implements java.io.Serializable {
        }

        @Id LocalDate day;
        @Id @LowCardinality String page;
        long views;
    }

    @Test
    void idClassAttributesTakeTheirColumnAnnotations(TestDatabase db) {
        Jpa.factory(db, "drop-and-create", DailyCount.class).close();

        assertThat(EngineSql.value(db, "SELECT type FROM system.columns WHERE database = currentDatabase()"
                + " AND table = 'DailyCount' AND name = 'page'")).isEqualTo("LowCardinality(String)");
    }

    private static List<String> column(TestDatabase db, String name) {
        return EngineSql.rows(db, "SELECT type, default_kind, default_expression, comment FROM system.columns"
                + " WHERE database = currentDatabase() AND table = 'visit' AND name = '" + name + "'").get(0);
    }

    @Test
    void createsTheColumnOptionsTheAttributesDeclare(TestDatabase db) {
        Jpa.factory(db, "drop-and-create", Visit.class).close();

        assertThat(column(db, "upperPath")).containsExactly("Nullable(String)", "MATERIALIZED", "upper(path)", "");
        assertThat(column(db, "pathLength")).containsExactly("Nullable(Int64)", "ALIAS", "length(path)", "");
        assertThat(column(db, "visitor")).containsExactly("Nullable(String)", "DEFAULT", "'anonymous'", "");
        assertThat(column(db, "seen").get(3)).isEqualTo("when the visit started");
        assertThat(EngineSql.value(db, "SHOW CREATE TABLE visit")).contains("TTL toDateTime(seen) + toIntervalDay(30)");
        assertThat(EngineSql.value(db, "SELECT comment FROM system.tables WHERE database = currentDatabase() AND name = 'visit'"))
                .isEqualTo("one row per visit");
    }

    @Test
    void computedColumnsAreNeverWrittenAndAreReadOnLoad(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Visit.class)) {
            Jpa.inTransaction(factory, em -> em.persist(new Visit(1, LocalDate.of(2026, 11, 1), "/home")));
            Jpa.inTransaction(factory, em -> em.find(Visit.class, 1L).path = "/pricing");

            try (EntityManager em = factory.createEntityManager()) {
                Visit visit = em.find(Visit.class, 1L);
                assertThat(visit.upperPath).as("recomputed by the mutation").isEqualTo("/PRICING");
                assertThat(visit.pathLength).isEqualTo(8);
            }
        }
    }

    @Test
    void changingAKeyAttributeFailsAtFlushAndWritesNothingOfThatFlush(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Visit.class)) {
            Jpa.inTransaction(factory, em -> em.persist(new Visit(1, LocalDate.of(2026, 11, 1), "/home")));

            assertThatThrownBy(() -> Jpa.inTransaction(factory, em -> {
                Visit visit = em.find(Visit.class, 1L);
                visit.path = "/elsewhere";
                visit.day = LocalDate.of(2026, 12, 24);
            })).isInstanceOf(RollbackException.class).rootCause()
                    .hasMessageContaining("Entity Visit (id 1): attribute 'day' changed from 2026-11-01 to 2026-12-24")
                    .hasMessageContaining("key, which ClickHouse cannot update");

            assertThat(db.queryLong("SELECT count() FROM visit WHERE id = 1 AND day = '2026-11-01' AND path = '/home'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aNullKeyAttributeIsRefusedBeforeAnythingIsWritten(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Visit.class)) {
            assertThatThrownBy(() -> Jpa.inTransaction(factory, em -> {
                em.persist(new Visit(1, LocalDate.of(2026, 11, 1), "/home"));
                em.persist(new Visit(2, null, "/nowhere"));
            })).hasStackTraceContaining("Visit").hasStackTraceContaining("day");

            assertThat(db.queryLong("SELECT count() FROM visit")).isZero();
        }
    }

    @Test
    void otherAttributesOfAnEntityWithKeyColumnsUpdate(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Visit.class)) {
            Jpa.inTransaction(factory, em -> em.persist(new Visit(1, LocalDate.of(2026, 11, 1), "/home")));

            Jpa.inTransaction(factory, em -> em.find(Visit.class, 1L).visitor = "bob");

            assertThat(db.queryLong("SELECT count() FROM visit WHERE visitor = 'bob' AND day = '2026-11-01'")).isEqualTo(1);
        }
    }

    @Test
    void aColumnCannotBeBothMaterializedAndAnAlias(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "drop-and-create", Twice.class).close())
                .hasStackTraceContaining("Table Twice (entity " + Twice.class.getName() + ") cannot be created")
                .hasStackTraceContaining("column value can have one of @Materialized, @Alias and @ColumnDefault");
    }
}
