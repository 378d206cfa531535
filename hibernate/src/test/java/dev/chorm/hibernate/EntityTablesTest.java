package dev.chorm.hibernate;

import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The entity model as chorm's schema model, read without a database connection. */
@ClickHouseTest
class EntityTablesTest {

    @Entity(name = "Counter")
    static class Counter {
        @Id @GeneratedValue Long id;
        String name;
    }

    static Metadata offlineMetadata(Class<?>... entities) {
        var registry = new StandardServiceRegistryBuilder()
                .applySetting("hibernate.dialect", ClickHouseDialect.class.getName())
                .applySetting("hibernate.boot.allow_jdbc_metadata_access", "false")
                .build();
        MetadataSources sources = new MetadataSources(registry);
        for (Class<?> entity : entities) {
            sources.addAnnotatedClass(entity);
        }
        return sources.buildMetadata();
    }

    @Test
    void givesTheTablesSchemaExportCreatesButNotTheUnusedSequenceTable(TestDatabase db) {
        List<TableDefinition> tables = EntityTables.of(offlineMetadata(Counter.class, PageView.class));

        assertThat(tables).extracting(TableDefinition::name).containsExactly("Counter", "page_view");
        assertThat(tables.get(0).columns()).extracting(c -> c.name() + " " + c.type().render())
                .containsExactly("id Int64", "name Nullable(String)");
        for (TableDefinition table : tables) {
            db.execute(DdlRenderer.createTable(table, false)); // what the model says is valid ClickHouse DDL
            assertThat(db.queryLong("SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '"
                    + table.name() + "'")).isEqualTo(table.columns().size());
        }
    }
}
