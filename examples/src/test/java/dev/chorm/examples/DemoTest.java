package dev.chorm.examples;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the demo on a small data set and checks every printed answer against plain SQL on the same
 * tables, written independently of the HQL (other functions where ClickHouse has them: uniqExact
 * for uniq, windowFunnel for the funnel, toMonday for weeks, the raw rows for the rollup).
 */
@ClickHouseTest
class DemoTest {

    private static final int ROWS = 20_000;

    private static String output;
    private static Demo.Result result;
    private static String report;

    @BeforeAll
    static void runTheDemo(TestDatabase db, @TempDir Path directory) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.Options options = Demo.Options.parse("--rows", Integer.toString(ROWS), "--report",
                directory.resolve("report.html").toString()).withUrl(db.jdbcUrl());
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = Demo.run(options, out, false);
        }
        output = bytes.toString(StandardCharsets.UTF_8);
        report = Files.readString(result.report());
    }

    @Test
    void ingestsExactlyTheRequestedRowsAndPrintsTheRate(TestDatabase db) {
        assertThat(db.queryLong("SELECT count() FROM page_views") + db.queryLong("SELECT count() FROM events"))
                .isEqualTo(ROWS);
        assertThat(output).containsPattern("[0-9,]+ page views \\+ [0-9,]+ events in [0-9.]+ s: [0-9,]+ rows/s through the ORM");
        assertThat(output).contains("100%  20,000 / 20,000 rows");
    }

    @Test
    void topPagesAreThePagesWithTheMostViews(TestDatabase db) throws SQLException {
        List<List<String>> expected = rows(db, """
                SELECT page, count(), uniqExact(visitor_id), %s
                FROM page_views GROUP BY page ORDER BY count() DESC, page LIMIT 10""".formatted(nth(0.5)));
        assertThat(expected).hasSize(10);
        assertThat(section("Top pages")).isEqualTo(expected);
    }

    @Test
    void visitorsPerDayMatchTheRawRowsAndTheRollupSumsThem(TestDatabase db) throws SQLException {
        // views from the raw page views: the printed ones come from the SummingMergeTree rollup
        List<List<String>> expected = rows(db, """
                SELECT * FROM (
                    SELECT toString(toDate(p.at)) AS day, count(), uniqExact(p.visitor_id), any(v.visits)
                    FROM page_views p
                    JOIN (SELECT toString(toDate(started_at)) AS day, uniqExact(id) AS visits FROM sessions GROUP BY day) v
                      ON v.day = toString(toDate(p.at))
                    GROUP BY day ORDER BY day DESC LIMIT 14)
                ORDER BY day""");
        assertThat(section("Unique visitors per day")).isEqualTo(expected);
        assertThat(result.answers().days()).hasSize(56);
        assertThat(result.answers().days().stream().mapToLong(Dashboard.Day::views).sum())
                .isEqualTo(db.queryLong("SELECT count() FROM page_views"));
    }

    @Test
    void loadTimeByCountryIsTheExactP95SlowestFirst(TestDatabase db) throws SQLException {
        List<List<String>> expected = rows(db, """
                SELECT country, %s AS p95, %s, count()
                FROM page_views GROUP BY country ORDER BY p95 DESC, country""".formatted(nth(0.95), nth(0.5)));
        assertThat(section("Load time by country")).isEqualTo(expected);
    }

    @Test
    void theFunnelCountsVisitorsWhoDidTheStepsInOrder(TestDatabase db) throws SQLException {
        String funnel = """
                SELECT countIf(level >= %d) FROM (
                    SELECT windowFunnel(100000000)(toDateTime(at), name = 'landing', name = 'signup', name = 'purchase') AS level
                    FROM events GROUP BY visitor_id)""";
        long landed = db.queryLong(funnel.formatted(1));
        long signedUp = db.queryLong(funnel.formatted(2));
        long purchased = db.queryLong(funnel.formatted(3));
        assertThat(purchased).isPositive();
        assertThat(section("Funnel")).containsExactly(
                List.of("landing", TextTable.format(landed)),
                List.of("signup", TextTable.format(signedUp), Demo.percent(signedUp, landed)),
                List.of("purchase", TextTable.format(purchased), Demo.percent(purchased, signedUp)));
    }

    @Test
    void retentionIsTheShareOfEachWeeklyCohortComingBack(TestDatabase db) throws SQLException {
        Map<String, long[]> cohorts = new LinkedHashMap<>();
        try (Connection c = db.openConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                WITH firsts AS (SELECT visitor_id, min(toMonday(at)) AS cohort FROM page_views GROUP BY visitor_id)
                SELECT toString(cohort), dateDiff('week', cohort, toMonday(p.at)) AS week, uniqExact(p.visitor_id)
                FROM page_views p JOIN firsts f ON f.visitor_id = p.visitor_id
                GROUP BY cohort, week ORDER BY cohort, week""")) {
            while (rs.next()) {
                cohorts.computeIfAbsent(rs.getString(1), k -> new long[8])[rs.getInt(2)] = rs.getLong(3);
            }
        }
        List<List<String>> expected = new ArrayList<>();
        cohorts.forEach((cohort, counts) -> {
            List<String> row = new ArrayList<>(List.of(cohort, TextTable.format(counts[0])));
            int weeksSeen = 8 - expected.size();
            for (int w = 1; w < weeksSeen; w++) {
                row.add(Demo.percent(counts[w], counts[0]));
            }
            expected.add(row);
        });
        assertThat(expected).hasSize(8);
        assertThat(section("Retention")).isEqualTo(expected);
    }

    @Test
    void campaignsCountViewsPerMapKeyAndPerArrayElement(TestDatabase db) throws SQLException {
        List<List<String>> expected = new ArrayList<>();
        expected.addAll(rows(db, """
                SELECT concat('utm_source=', properties['utm_source']) AS segment, count() AS views, uniqExact(visitor_id)
                FROM page_views WHERE has(mapKeys(properties), 'utm_source') GROUP BY segment ORDER BY views DESC, segment"""));
        expected.addAll(rows(db, """
                SELECT concat('tag=', tag) AS segment, count() AS views, uniqExact(visitor_id)
                FROM page_views ARRAY JOIN tags AS tag GROUP BY segment ORDER BY views DESC, segment"""));
        assertThat(expected).extracting(r -> r.get(0)).contains("utm_source=google", "tag=exp:pricing-a", "tag=utm:newsletter");
        assertThat(section("Campaigns")).isEqualTo(expected);
    }

    @Test
    void sessionsReadWithFinalAreOneRowPerVisit(TestDatabase db) {
        long visits = db.queryLong("SELECT uniqExact(id) FROM sessions");
        assertThat(visits).isPositive();
        assertThat(output).containsPattern("visits, read with final\\(s\\) +" + TextTable.format(visits).replace(",", ",") + "\n");
        assertThat(db.queryLong("SELECT count() FROM sessions FINAL WHERE version = 1 AND page_views > 0")).isZero();
    }

    @Test
    void theReportDrawsEveryAnswerAsInlineSvg(TestDatabase db) throws SQLException {
        assertThat(report).startsWith("<!DOCTYPE html>");
        assertThat(count(report, "<svg ")).isEqualTo(7);
        // self-contained: nothing fetched from anywhere
        assertThat(report).doesNotContain("<script", "src=", "href=", "@import", "url(");
        // the top-pages chart has one bar per page, as long as its views
        String topPages = report.substring(report.indexOf("<h2>Top pages</h2>"));
        topPages = topPages.substring(0, topPages.indexOf("</svg>"));
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("data-value=\"([0-9.]+)\"").matcher(topPages);
        while (m.find()) {
            values.add(m.group(1));
        }
        assertThat(values).isEqualTo(rows(db, "SELECT toString(count()) FROM page_views GROUP BY page ORDER BY count() DESC, page LIMIT 10")
                .stream().map(r -> r.get(0)).toList());
        // the daily chart: a bar per day and the visitors' line
        String daily = report.substring(report.indexOf("<h2>Unique visitors per day</h2>"));
        daily = daily.substring(0, daily.indexOf("</svg>"));
        assertThat(count(daily, "class=\"bar\"")).isEqualTo(56);
        assertThat(daily).containsPattern("<path class=\"line\" d=\"M[0-9.,]+(L[0-9.,]+){55}\"");
        // the retention heat map: a cell per cohort and week that has happened (8 + 7 + ... + 1)
        assertThat(count(report, "class=\"cell\"")).isEqualTo(36);
        assertThat(output).contains("report: " + result.report().toAbsolutePath().normalize().toUri());
    }

    @Test
    void theReportRendersInHeadlessChromiumWithItsCharts(@TempDir Path directory) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "no /usr/bin/chromium (Debian: apt-get install -y chromium): not rendered");
        Path png = directory.resolve("report.png");
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + directory.resolve("profile"), "--window-size=1280,2000",
                "--screenshot=" + png, result.report().toUri().toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("chromium.log").toFile()).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        // not blank: the charts' blue (bars, heat map) and orange (visitors line, devices) are on the page
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (close(c, new Color(0x3b6fd8))) {
                    blue++;
                } else if (close(c, new Color(0xf5a623))) {
                    orange++;
                }
            }
        }
        assertThat(blue).as("blue chart pixels").isGreaterThan(20_000);
        assertThat(orange).as("orange chart pixels").isGreaterThan(2_000);
    }

    private static boolean close(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue()) < 30;
    }

    /** The exact quantile written out: the element at 0-based position floor(n * level) of the sorted values. */
    private static String nth(double level) {
        return "arrayElement(arraySort(groupArray(load_ms)), toUInt64(floor(count() * " + level + ")) + 1)";
    }

    /** The rows of the printed table titled {@code title...}, cells split at two or more spaces. */
    private static List<List<String>> section(String title) {
        List<String> lines = output.lines().toList();
        int start = 0;
        while (!lines.get(start).startsWith(title)) {
            start++;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = start + 3; i < lines.size() && !lines.get(i).isBlank(); i++) {
            rows.add(List.of(lines.get(i).strip().split("\\s{2,}")));
        }
        return rows;
    }

    /** The query's rows formatted the way the demo prints: integers grouped, decimals rounded. */
    private static List<List<String>> rows(TestDatabase db, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = db.openConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof Number n && !(value instanceof Double || value instanceof Float)
                            ? TextTable.format(n.longValue())
                            : value instanceof Number n ? TextTable.format(n.doubleValue()) : String.valueOf(value));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
