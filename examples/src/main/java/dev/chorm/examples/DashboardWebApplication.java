package dev.chorm.examples;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The web variant of the demo ({@code bin/demo --web}): the same entities, migrations, ingest and
 * dashboard queries, served by Spring Boot with chorm's starter. Without a datasource URL the
 * starter starts the embedded engine; {@code GET /} is the report, {@code GET /api/dashboard} the
 * answers as JSON, both computed afresh on each request.
 */
@SpringBootApplication
public class DashboardWebApplication {

    public static void main(String[] args) {
        SpringApplication.run(DashboardWebApplication.class, args);
    }

    /** {@code bin/demo --web} options as Spring Boot properties. */
    static String[] springArguments(List<String> demoArguments) {
        List<String> spring = new ArrayList<>();
        Map<String, String> names = Map.of("--rows", "demo.rows", "--seed", "demo.seed", "--port", "server.port",
                "--url", "spring.datasource.url", "--user", "spring.datasource.username",
                "--password", "spring.datasource.password");
        for (int i = 0; i < demoArguments.size(); i++) {
            String name = names.get(demoArguments.get(i));
            if (name == null || i + 1 >= demoArguments.size()) {
                throw new IllegalArgumentException("--web takes --rows, --seed, --port, --url, --user, --password"
                        + " with a value each, not " + demoArguments.get(i));
            }
            spring.add("--" + name + "=" + demoArguments.get(++i).replace("_", "").replace(",", name.equals("demo.rows") ? "" : ","));
        }
        return spring.toArray(String[]::new);
    }

    /**
     * At start-up: the shipped migrations, then the generated traffic if the tables are empty (a
     * server or a kept data directory already has it).
     */
    @Component
    static class DemoData {
        private final Ingest.Result ingest;
        private final Demo.Options options;

        DemoData(DataSource dataSource, EntityManagerFactory factory, @Value("${demo.rows}") long rows,
                 @Value("${demo.seed}") long seed) throws SQLException {
            PrintStream out = System.out;
            this.options = new Demo.Options(null, null, null, rows, seed, null);
            try (Connection connection = dataSource.getConnection()) {
                if (ShippedMigrations.load().migrate(connection, dev.chorm.migrations.MigrateOptions.defaults(),
                        line -> out.println("  " + line)).applied().isEmpty()) {
                    out.println("  migrations: nothing to apply");
                }
            }
            long stored;
            try (var em = factory.createEntityManager()) {
                stored = em.createQuery("select count(p) from PageView p", Long.class).getSingleResult()
                        + em.createQuery("select count(e) from Event e", Long.class).getSingleResult();
            }
            if (stored == 0) {
                out.printf("ingesting %,d generated page views and events (seed %d)%n", rows, seed);
                ingest = new Ingest(factory.unwrap(SessionFactory.class), out, false).run(rows, seed);
                out.printf("  %,.0f rows/s through the ORM%n", ingest.rowsPerSecond());
            } else {
                out.printf("the tables hold %,d page views and events already: serving them%n", stored);
                ingest = new Ingest.Result(stored, 0, 0, 0, Double.NaN);
            }
        }
    }

    @RestController
    static class DashboardController {
        private final Dashboard dashboard;
        private final DemoData data;

        DashboardController(EntityManagerFactory factory, DemoData data) {
            this.dashboard = new Dashboard(factory);
            this.data = data;
        }

        @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
        String report() {
            return HtmlReport.html(dashboard.answers(), data.ingest, data.options);
        }

        @GetMapping(value = "/api/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
        Dashboard.Answers answers() {
            return dashboard.answers();
        }
    }
}
