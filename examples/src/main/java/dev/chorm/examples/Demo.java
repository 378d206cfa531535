package dev.chorm.examples;

import dev.chorm.engine.EmbeddedClickHouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Properties;
import java.util.Random;

/**
 * The README's first command: starts the embedded ClickHouse (or uses {@code --url
 * jdbc:clickhouse://host:8123/db}), creates a table, loads page views through the official JDBC
 * driver and answers a few questions, printing what it does.
 */
public final class Demo {

    private static final String[] PAGES = {"/", "/pricing", "/docs", "/blog", "/signup", "/login", "/about"};
    private static final String[] COUNTRIES = {"DE", "US", "FR", "JP", "BR", "IN", "GB"};

    private Demo() {
    }

    public static void main(String[] args) throws SQLException {
        String url = null;
        int rows = 200_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: demo [--url jdbc:clickhouse://host:8123/db] [--rows N]");
                    System.exit(2);
                }
            }
        }
        if (url != null) {
            run(url, rows);
            return;
        }
        long start = System.nanoTime();
        try (EmbeddedClickHouse clickhouse = EmbeddedClickHouse.start()) {
            System.out.printf("started embedded ClickHouse %s at %s in %d ms (data in %s)%n", clickhouse.version(),
                    clickhouse.httpUrl(), (System.nanoTime() - start) / 1_000_000, clickhouse.dataDirectory());
            run(clickhouse.jdbcUrl(), rows);
        }
    }

    static void run(String url, int rows) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", System.getProperty("chorm.user", "default"));
        credentials.setProperty("password", System.getProperty("chorm.password", ""));
        try (Connection connection = DriverManager.getConnection(url, credentials);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS demo_page_views");
            statement.execute("""
                    CREATE TABLE demo_page_views (
                        at DateTime64(3),
                        visitor UInt64,
                        page LowCardinality(String),
                        country LowCardinality(String),
                        load_ms UInt16
                    ) ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY (page, at)""");
            System.out.println("created table demo_page_views (MergeTree, partitioned by month)");

            long start = System.nanoTime();
            Random random = new Random(42);
            LocalDateTime base = LocalDateTime.of(2026, 11, 1, 0, 0);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO demo_page_views (at, visitor, page, country, load_ms) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setObject(1, base.plusSeconds(random.nextInt(21 * 24 * 3600)));
                    insert.setLong(2, random.nextInt(20_000));
                    insert.setString(3, PAGES[random.nextInt(PAGES.length)]);
                    insert.setString(4, COUNTRIES[random.nextInt(COUNTRIES.length)]);
                    insert.setInt(5, 50 + random.nextInt(1500));
                    insert.addBatch();
                    if ((i + 1) % 50_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("inserted %,d page views through JDBC batches in %.2f s (%,.0f rows/s)%n",
                    rows, seconds, rows / seconds);

            print(statement, "top pages", """
                    SELECT page, count() AS views, uniq(visitor) AS visitors
                    FROM demo_page_views GROUP BY page ORDER BY views DESC LIMIT 5""");
            print(statement, "p95 load time by country (ms)", """
                    SELECT country, round(quantile(0.95)(load_ms)) AS p95_ms
                    FROM demo_page_views GROUP BY country ORDER BY p95_ms DESC""");
            print(statement, "visitors per week", """
                    SELECT toMonday(at) AS week, uniqExact(visitor) AS visitors
                    FROM demo_page_views GROUP BY week ORDER BY week""");
        }
    }

    private static void print(Statement statement, String title, String sql) throws SQLException {
        long start = System.nanoTime();
        try (ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            System.out.println();
            System.out.println(title + ":");
            StringBuilder header = new StringBuilder("  ");
            for (int c = 1; c <= columns; c++) {
                header.append(String.format("%-14s", rs.getMetaData().getColumnLabel(c)));
            }
            System.out.println(header);
            while (rs.next()) {
                StringBuilder line = new StringBuilder("  ");
                for (int c = 1; c <= columns; c++) {
                    line.append(String.format("%-14s", rs.getString(c)));
                }
                System.out.println(line);
            }
        }
        System.out.printf("  (%d ms)%n", (System.nanoTime() - start) / 1_000_000);
    }
}
