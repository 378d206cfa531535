package dev.chorm.engine;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

    @Test
    void driverRoundTrip() throws Exception {
        EmbeddedClickHouse ch = SharedServer.get();
        HttpResponse<String> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.body()).isEqualTo("Ok.\n");
        try (Connection c = DriverManager.getConnection(ch.jdbcUrl(), "default", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE smoke (id Int64, name String) ENGINE = MergeTree ORDER BY id");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO smoke VALUES (?, ?)")) {
                for (int i = 0; i < 1000; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, "n\n\n" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                System.out.println("batch counts " + counts.length + " first " + counts[0]);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(), sum(id) FROM smoke")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1000);
                assertThat(rs.getLong(2)).isEqualTo(499500);
            }
        }
    }
}
