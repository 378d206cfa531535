package dev.chorm.examples;

import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.examples.model.DailyPageStats;
import dev.chorm.examples.model.Event;
import dev.chorm.examples.model.PageView;
import dev.chorm.examples.model.VisitSession;
import dev.chorm.migrations.MigrateOptions;
import dev.chorm.migrations.Migrations;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The README's first command: a small web analytics application on chorm. It starts the embedded
 * ClickHouse (or uses {@code --url jdbc:clickhouse://host:8123/db}), creates its tables with the
 * migrations shipped in its resources, ingests generated page views and events through Hibernate,
 * answers dashboard questions with HQL and ClickHouse's functions, prints them as tables and writes
 * an HTML report with charts.
 */
public final class Demo {

    static final String USAGE = "usage: demo [--url jdbc:clickhouse://host:8123/db] [--user U] [--password P]"
            + " [--rows N] [--seed S] [--report FILE.html]\n       demo --web [--port 8080] [--rows N] [--url ...]";

    /** What to run: the row count, the seed, where the report goes. */
    record Options(String url, String user, String password, long rows, long seed, Path report) {
        static Options parse(String... args) {
            String url = null;
            String user = System.getProperty("chorm.user", "default");
            String password = System.getProperty("chorm.password", "");
            long rows = 1_000_000;
            long seed = 42;
            Path report = Path.of("chorm-report.html");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null && args[i].startsWith("--")) {
                    throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
                }
                switch (args[i]) {
                    case "--url" -> url = value;
                    case "--user" -> user = value;
                    case "--password" -> password = value;
                    case "--rows" -> rows = number("--rows", value);
                    case "--seed" -> seed = number("--seed", value);
                    case "--report" -> report = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
                }
                i++;
            }
            if (rows < 1) {
                throw new IllegalArgumentException("--rows must be at least 1, not " + rows);
            }
            return new Options(url, user, password, rows, seed, report);
        }

        private static long number(String option, String value) {
            try {
                return Long.parseLong(value.replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'\n" + USAGE);
            }
        }

        Options withUrl(String jdbcUrl) {
            return new Options(jdbcUrl, user, password, rows, seed, report);
        }
    }

    /** What a run produced, for the caller (and the test) to check. */
    record Result(Ingest.Result ingest, Dashboard.Answers answers, Path report) {
    }

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger QUIET = Logger.getLogger("org.hibernate");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        // Hibernate's start-up lines (java.util.logging) and the driver's would bury the demo's own output
        QUIET.setLevel(Level.SEVERE);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        if (args.length > 0 && args[0].equals("--web")) {
            DashboardWebApplication.main(DashboardWebApplication.springArguments(List.of(args).subList(1, args.length)));
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        PrintStream out = System.out;
        boolean interactive = System.console() != null;
        if (options.url() != null) {
            out.println("ClickHouse at " + options.url());
            run(options, out, interactive);
        } else {
            try (EmbeddedClickHouse clickhouse = EmbeddedClickHouse.start()) {
                out.printf("started embedded ClickHouse %s at %s in %.1f s (data in %s)%n", clickhouse.version(),
                        clickhouse.httpUrl(), (System.nanoTime() - start) / 1e9, clickhouse.dataDirectory());
                run(options.withUrl(clickhouse.jdbcUrl()), out, interactive);
            }
        }
        out.printf("%ndone in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    static Result run(Options options, PrintStream out, boolean interactive) throws SQLException, IOException {
        migrate(options, out);
        long start = System.nanoTime();
        try (EntityManagerFactory factory = new HibernatePersistenceConfiguration("chorm-demo")
                .managedClasses(PageView.class, Event.class, VisitSession.class, DailyPageStats.class)
                .jdbcUrl(options.url())
                .jdbcCredentials(options.user(), options.password())
                // the migrations made the tables; Hibernate checks them against the entities
                .property("hibernate.hbm2ddl.auto", "validate")
                .createEntityManagerFactory()) {
            out.printf("%nHibernate started in %.1f s and found the migrated tables as the entities describe them%n",
                    (System.nanoTime() - start) / 1e9);

            out.printf("%ningesting %,d generated page views and events (seed %d) through chorm's BulkInsert (Hibernate's metamodel, RowBinary blocks)%n",
                    options.rows(), options.seed());
            Ingest.Result ingest = new Ingest(factory.unwrap(SessionFactory.class), out, interactive)
                    .run(options.rows(), options.seed());
            out.printf("  %,d page views + %,d events in %.1f s: %,.0f rows/s through the ORM%n", ingest.pageViews(),
                    ingest.events(), ingest.seconds(), ingest.rowsPerSecond());
            out.printf("  plus %,d session rows (two versions per visit) and %,d partial daily sums%n",
                    ingest.sessionRows(), ingest.rollupRows());

            long queries = System.nanoTime();
            Dashboard.Answers answers = new Dashboard(factory).answers();
            double querySeconds = (System.nanoTime() - queries) / 1e9;
            print(answers, out);
            out.printf("%n(the dashboard's HQL queries took %.2f s together)%n", querySeconds);

            Path report = HtmlReport.write(options.report(), answers, ingest, options);
            out.println();
            out.println("report: " + report.toAbsolutePath().normalize().toUri());
            return new Result(ingest, answers, report);
        }
    }

    private static void migrate(Options options, PrintStream out) throws SQLException {
        Migrations migrations = ShippedMigrations.load();
        out.println();
        out.println("migrating (the migrations in examples/src/main/resources/" + ShippedMigrations.DIRECTORY
                + ", written by chorm makemigrations from the entities)");
        try (Connection connection = DriverManager.getConnection(options.url(), options.user(), options.password())) {
            if (migrations.migrate(connection, MigrateOptions.defaults(), line -> out.println("  " + line)).applied().isEmpty()) {
                out.println("  nothing to apply: the database is up to date");
            }
            // a rerun against the same server starts from empty tables, so the answers are the seed's
            try (Statement statement = connection.createStatement()) {
                for (String table : List.of("page_views", "events", "sessions", "daily_page_stats")) {
                    statement.execute("TRUNCATE TABLE " + table);
                }
            }
        }
    }

    static void print(Dashboard.Answers answers, PrintStream out) {
        TextTable top = new TextTable("Top pages", "page", "views", "visitors", "median load ms");
        answers.topPages().forEach(p -> top.row(p.page(), p.views(), p.visitors(), p.medianLoadMs()));
        top.print(out);

        List<Dashboard.Day> lastDays = answers.days().subList(Math.max(0, answers.days().size() - 14), answers.days().size());
        TextTable days = new TextTable("Unique visitors per day (the last " + lastDays.size() + " of " + answers.days().size()
                + " days; all of them in the report)", "day", "views", "visitors", "visits");
        lastDays.forEach(d -> days.row(d.day(), d.views(), d.visitors(), d.sessions()));
        days.print(out);

        TextTable load = new TextTable("Load time by country (ms)", "country", "p95", "median", "views");
        answers.loadByCountry().forEach(c -> load.row(c.country(), c.p95LoadMs(), c.medianLoadMs(), c.views()));
        load.print(out);

        Dashboard.Funnel f = answers.funnel();
        TextTable funnel = new TextTable("Funnel: landing -> signup -> purchase (visitors)", "step", "visitors", "of previous");
        funnel.row("landing", f.landed(), "");
        funnel.row("signup", f.signedUp(), percent(f.signedUp(), f.landed()));
        funnel.row("purchase", f.purchased(), percent(f.purchased(), f.signedUp()));
        funnel.print(out);

        Dashboard.Retention r = answers.retention();
        String[] header = new String[r.weeks() + 1];
        header[0] = "cohort (first visit)";
        header[1] = "visitors";
        for (int w = 1; w < r.weeks(); w++) {
            header[w + 1] = "week " + w;
        }
        TextTable retention = new TextTable("Retention: visitors coming back, by week of first visit", header);
        r.cohorts().forEach((cohort, counts) -> {
            Object[] row = new Object[r.weeks() + 1];
            row[0] = cohort;
            row[1] = counts[0];
            for (int w = 1; w < r.weeks(); w++) {
                // weeks after the window's end have not happened yet
                row[w + 1] = cohort.plusWeeks(w).isBefore(Traffic.END) ? percent(counts[w], counts[0]) : "";
            }
            retention.row(row);
        });
        retention.print(out);

        TextTable campaigns = new TextTable("Campaigns (utm_source from the properties Map, tags from the Array)",
                "segment", "views", "visitors");
        answers.campaigns().forEach(c -> campaigns.row(c.kind() + "=" + c.value(), c.views(), c.visitors()));
        campaigns.print(out);

        TextTable sessions = new TextTable("Sessions (ReplacingMergeTree: the latest version of a visit wins)",
                "rows", "count");
        answers.sessionVersions().forEach((name, count) -> sessions.row(name.equals("stored")
                ? "rows stored now (merges drop old versions)" : "visits, read with final(s)", count));
        answers.devices().forEach((device, visitors) -> sessions.row("visitors on " + device, visitors));
        sessions.print(out);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format("%.1f%%", 100.0 * part / whole);
    }

}
