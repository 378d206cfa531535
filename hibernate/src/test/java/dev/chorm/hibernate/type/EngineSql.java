package dev.chorm.hibernate.type;

import dev.chorm.test.TestDatabase;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Test helper: statements and queries on a test database (shared by the type and schema tests). */
public final class EngineSql {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EngineSql() {
    }

    /** The rows of a query, each column as a string. */
    public static List<List<String>> rows(TestDatabase db, String sql) {
        try (Connection connection = db.openConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single value of a query. */
    public static String value(TestDatabase db, String sql) {
        List<List<String>> rows = rows(db, sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from " + sql + ", got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** Runs a statement over HTTP with the given query settings; empty when it succeeds, else the server's error. */
    public static Optional<String> tryExecute(TestDatabase db, String sql, Map<String, String> settings) {
        String query = settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?database=" + db.name() + (settings.isEmpty() ? "" : "&"), ""));
        HttpRequest request = HttpRequest.newBuilder(URI.create(db.httpUrl() + "/" + query))
                .header("X-ClickHouse-User", db.user())
                .header("X-ClickHouse-Key", db.password())
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? Optional.empty() : Optional.of(response.body().strip());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement with default settings; empty when it succeeds, else the server's error. */
    public static Optional<String> tryExecute(TestDatabase db, String sql) {
        return tryExecute(db, sql, Map.of());
    }
}
