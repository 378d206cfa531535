package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import dev.chorm.hibernate.annotations.ColumnType;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTypeCode(SqlTypes.JSON)} maps a Map or a List to a ClickHouse {@code JSON} column, with no
 * JSON library needed, and ClickHouse's JSON functions read paths in HQL (seed 002's JSON example).
 */
@ClickHouseTest
class JsonTest {

    private static final Map<String, Object> DOCUMENT = Map.of(
            "a", List.of(1, 2, 3),
            "b", List.of(Map.of("c", 1), Map.of("d", 2)),
            "c", Map.of("d", "e"),
            "text", "it's \"quoted\" \\ 日本\n",
            "big", 12345678901234L,
            "ratio", 1.5,
            "flag", true);

    @Entity(name = "JSONModel")
    static class JsonModel {
        @Id
        Long id;
        @JdbcTypeCode(SqlTypes.JSON)
        Map<String, Object> json;
        @JdbcTypeCode(SqlTypes.JSON)
        Map<String, Object> extra;
        @JdbcTypeCode(SqlTypes.JSON)
        @ColumnType("JSON(count UInt32, user.name String)")
        Map<String, Object> typed = Map.of();
    }

    @Entity(name = "JsonList")
    static class JsonList {
        @Id
        Long id;
        @JdbcTypeCode(SqlTypes.JSON)
        List<Object> items;
    }

    private static EntityManagerFactory factory;

    @BeforeAll
    static void createAndFill(TestDatabase db) {
        factory = Jpa.factory(db, "create", JsonModel.class);
        Jpa.inTransaction(factory, em -> {
            JsonModel model = new JsonModel();
            model.id = 1L;
            model.json = DOCUMENT;
            model.extra = Map.of("items", List.of(Map.of("k", 1), Map.of("k", 2)));
            model.typed = Map.of("count", 7, "user", Map.of("name", "ada"), "free", "x");
            em.persist(model);
            JsonModel empty = new JsonModel();
            empty.id = 2L;
            empty.json = Map.of();
            em.persist(empty);
        });
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void theColumnIsJson(TestDatabase db) {
        assertThat(DefaultTypesTest.columnType(db, "JSONModel", "json")).isEqualTo("Nullable(JSON)");
    }

    @Test
    void typedPathsAreDeclaredWithColumnType(TestDatabase db) {
        assertThat(DefaultTypesTest.columnType(db, "JSONModel", "typed")).isEqualTo("JSON(count UInt32, `user.name` String)");
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(JsonModel.class, 1L).typed).isEqualTo(Map.of("count", 7, "user", Map.of("name", "ada"), "free", "x"));
            assertThat(em.createQuery("select JSONExtractInt(m.typed, 'count') from JSONModel m where m.id = 1", Long.class)
                    .getSingleResult()).isEqualTo(7L);
        }
        assertThat(EngineSql.value(db, "SELECT toTypeName(typed.count) FROM JSONModel WHERE id = 1")).isEqualTo("UInt32");
    }

    @Test
    void aDocumentRoundTripsAsTheSameMap() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(JsonModel.class, 1L).json).isEqualTo(DOCUMENT);
            assertThat(em.find(JsonModel.class, 2L).json).isEmpty();
            assertThat(em.find(JsonModel.class, 2L).extra).isNull();
            assertThat(em.find(JsonModel.class, 1L).extra).isEqualTo(Map.of("items", List.of(Map.of("k", 1), Map.of("k", 2))));
        }
    }

    @Test
    void aListCannotBeAJsonColumnAndSaysWhy(TestDatabase db) {
        assertThat(ExplicitTypesTest.startupFailure(db, JsonList.class))
                .contains("Entity JsonList, attribute items").contains("a ClickHouse JSON column holds an object, not a List");
    }

    @Test
    void valuesAtPathsAreReadInHql() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select JSONExtractString(m.json, 'c', 'd') from JSONModel m where m.id = 1", String.class)
                    .getSingleResult()).isEqualTo("e");
            assertThat(em.createQuery("select m.id from JSONModel m where JSONExtractInt(m.json, 'b', 1, 'c') = 1", Long.class)
                    .getResultList()).containsExactly(1L);
            assertThat(em.createQuery("select JSONExtractRaw(m.json, 'a') from JSONModel m where m.id = 1", String.class)
                    .getSingleResult()).isEqualTo("[1,2,3]");
            assertThat(em.createQuery("select JSONExtractFloat(m.json, 'ratio') from JSONModel m where m.id = 1", Double.class)
                    .getSingleResult()).isEqualTo(1.5);
            assertThat(em.createQuery("select m.id from JSONModel m where JSONHas(m.json, 'c', 'd') order by m.id", Long.class)
                    .getResultList()).containsExactly(1L);
            assertThat(em.createQuery("select JSONExtractRaw(m.json, 'c') from JSONModel m where m.id = 1", String.class)
                    .getSingleResult()).isEqualTo("{\"d\":\"e\"}");
        }
    }
}
