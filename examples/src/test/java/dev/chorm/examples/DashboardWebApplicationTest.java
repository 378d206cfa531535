package dev.chorm.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web variant on the embedded engine (chorm-test's, through the starter): it migrates, loads
 * the traffic, and serves the report and the answers.
 */
class DashboardWebApplicationTest {

    private static ConfigurableApplicationContext context;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        context = SpringApplication.run(DashboardWebApplication.class,
                DashboardWebApplication.springArguments(java.util.List.of("--port", "0", "--rows", "5_000")));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theRootPageIsTheReportWithItsCharts() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).startsWith("<!DOCTYPE html>").contains("5,000 page views and events");
        assertThat(response.body().split("<svg ", -1)).hasSize(8);
    }

    @Test
    void theAnswersAreServedAsJsonAndAgreeWithTheTables() throws Exception {
        long pageViews;
        String topPage;
        long topViews;
        try (Connection c = context.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
            pageViews = count(s, "SELECT count() FROM page_views");
            try (ResultSet rs = s.executeQuery("SELECT page, count() AS n FROM page_views GROUP BY page ORDER BY n DESC, page LIMIT 1")) {
                rs.next();
                topPage = rs.getString(1);
                topViews = rs.getLong(2);
            }
            assertThat(pageViews + count(s, "SELECT count() FROM events")).isEqualTo(5_000);
        }
        HttpResponse<String> response = get("/api/dashboard");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"topPages\":[{\"page\":\"" + topPage + "\",\"views\":" + topViews + ",")
                .contains("\"funnel\":{\"landed\":", "\"retention\":{\"cohorts\":{\"2026-09-07\":[");
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
