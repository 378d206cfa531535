package dev.chorm.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results far larger than one engine chunk come out as one well-formed response, whatever the
 * format: headers appear once, JSON stays one document, and every row arrives exactly once.
 */
class LargeResultTest {

    private static final int ROWS = 1_000_000;
    private final EmbeddedClickHouse server = SharedServer.get();

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {true, false})
    void theDriverReadsEveryRowOfAMultiChunkResult(boolean compress) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl() + "?compress=" + compress, "default", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT number, toString(number) FROM numbers(" + ROWS + ")")) {
            long rows = 0;
            long sum = 0;
            while (rs.next()) {
                long number = rs.getLong(1);
                assertThat(rs.getString(2)).isEqualTo(Long.toString(number));
                sum += number;
                rows++;
            }
            assertThat(rows).isEqualTo(ROWS);
            assertThat(sum).isEqualTo((long) ROWS * (ROWS - 1) / 2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CSVWithNames", "TSVWithNamesAndTypes", "JSONCompactEachRowWithNames"})
    void textHeadersAppearOnce(String format) throws Exception {
        String body = get("SELECT number FROM numbers(" + ROWS + ") FORMAT " + format);
        String[] lines = body.split("\n");
        int headerLines = format.endsWith("AndTypes") ? 2 : 1;
        assertThat(lines).hasSize(ROWS + headerLines);
        assertThat(lines[0]).contains("number");
        assertThat(body.split("number", -1)).as("occurrences of the column name + 1").hasSize(2);
    }

    @Test
    void jsonIsOneDocumentWithEveryRow() throws Exception {
        String body = get("SELECT number FROM numbers(" + ROWS + ") FORMAT JSON");
        assertThat(body).startsWith("{").endsWith("}\n");
        assertThat(body).contains("\"rows\": " + ROWS);
        assertThat(body.split("\"meta\"", -1)).hasSize(2);
    }

    private String get(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = response.body()) {
            in.transferTo(out);
        }
        assertThat(response.statusCode()).isEqualTo(200);
        return out.toString(StandardCharsets.UTF_8);
    }
}
