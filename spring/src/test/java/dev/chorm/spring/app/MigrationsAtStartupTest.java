package dev.chorm.spring.app;

import dev.chorm.migrations.EntityModel;
import dev.chorm.migrations.Migrations;
import dev.chorm.migrations.RenameResolver;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pending migrations are applied when the application starts, before JPA, which then leaves the schema alone. */
@SpringBootTest
class MigrationsAtStartupTest {

    @DynamicPropertySource
    static void migrations(DynamicPropertyRegistry registry) throws IOException {
        Path directory = writeMigrations();
        registry.add("chorm.migrations.location", () -> "file:" + directory);
    }

    /** An initial migration generated from the entities, and a hand-written one inserting a row. */
    static Path writeMigrations() throws IOException {
        Path directory = Files.createTempDirectory("app-migrations");
        Migrations migrations = Migrations.in(directory);
        // generated as `chorm makemigrations` would, with Spring Boot's column names
        migrations.make(EntityModel.of(List.of(PageVisit.class), PageVisit.class.getClassLoader(),
                        Map.of("hibernate.physical_naming_strategy", CamelCaseToUnderscoresNamingStrategy.class.getName())),
                RenameResolver.refuse(), "initial");
        Path seed = migrations.makeEmpty("seed");
        Files.writeString(seed, Files.readString(seed) + "\nINSERT INTO page_visit (id, country, path, visitor_id, load_millis,"
                + " visited_at) VALUES (1, 'DE', '/seeded', 7, 100, '2026-01-01 00:00:00');\n");
        return directory;
    }

    @Autowired
    PageVisitRepository visits;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void pendingMigrationsAreAppliedBeforeJpaAndHibernateLeavesTheSchemaAlone() {
        assertThat(jdbc.queryForList("SELECT name FROM chorm_migrations FINAL WHERE status = 'applied' ORDER BY version",
                String.class)).containsExactly("initial", "seed");
        assertThat(visits.count()).as("the seeded row: Hibernate did not re-create the table").isEqualTo(1);

        visits.save(new PageVisit("FR", "/pricing", 8, 120, Instant.parse("2026-02-01T00:00:00Z")));

        assertThat(visits.count()).isEqualTo(2);
    }
}
