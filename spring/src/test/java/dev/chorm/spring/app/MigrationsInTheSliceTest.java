package dev.chorm.spring.app;

import dev.chorm.spring.test.ClickHouseDataJpaTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** In the repository slice, the schema comes from the migrations when there are some. */
@ClickHouseDataJpaTest
class MigrationsInTheSliceTest {

    @DynamicPropertySource
    static void migrations(DynamicPropertyRegistry registry) throws IOException {
        String directory = MigrationsAtStartupTest.writeMigrations().toString();
        registry.add("chorm.migrations.location", () -> "file:" + directory);
    }

    @Autowired
    PageVisitRepository visits;
    @Autowired
    TestDatabase database;

    @Test
    void theMigrationsMadeTheSchemaAndHibernateDidNotRecreateIt() {
        assertThat(database.queryLong("SELECT count() FROM chorm_migrations FINAL WHERE status = 'applied'")).isEqualTo(2);
        assertThat(visits.count()).as("the row the seed migration inserted").isEqualTo(1);
    }
}
