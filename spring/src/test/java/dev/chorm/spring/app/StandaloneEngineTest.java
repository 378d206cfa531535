package dev.chorm.spring.app;

import dev.chorm.spring.EmbeddedClickHouseDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as it runs outside tests: the starter starts its own embedded engine. Runs in
 * a JVM of its own (see the module's pom), since chDB serves one data directory per process.
 */
class StandaloneEngineTest {

    private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(AnalyticsApplication.class)
                .properties("chorm.embedded.use-test-server=false", "spring.main.banner-mode=off")
                .properties(properties)
                .run();
    }

    @Test
    void byDefaultTheDataLivesInATemporaryDirectoryDeletedOnShutdown() {
        Path directory;
        try (ConfigurableApplicationContext context = start()) {
            EmbeddedClickHouseDatabase database = context.getBean(EmbeddedClickHouseDatabase.class);
            assertThat(database.database()).isEqualTo("default");
            directory = database.dataDirectory().orElseThrow();
            assertThat(directory).isDirectory();
            context.getBean(VisitService.class).record(List.of(new PageVisit("DE", "/", 1, 10, T0)));
            assertThat(context.getBean(PageVisitRepository.class).count()).isEqualTo(1);
        }
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void aConfiguredDataDirectoryAndDatabaseKeepTheDataAcrossRestarts(@TempDir Path directory) {
        String[] settings = {"chorm.embedded.data-directory=" + directory, "chorm.embedded.database=analytics"};
        try (ConfigurableApplicationContext context = start(settings[0], settings[1], "spring.jpa.hibernate.ddl-auto=create")) {
            assertThat(context.getBean(EmbeddedClickHouseDatabase.class).getJdbcUrl()).endsWith("/analytics");
            context.getBean(VisitService.class).record(List.of(new PageVisit("FR", "/kept", 2, 20, T0)));
        }
        assertThat(directory).isDirectory();
        try (ConfigurableApplicationContext context = start(settings)) {   // no schema action: the table is still there
            assertThat(context.getBean(PageVisitRepository.class).findByCountryOrderByVisitedAtAsc("FR"))
                    .extracting(PageVisit::getPath).containsExactly("/kept");
        }
    }
}
