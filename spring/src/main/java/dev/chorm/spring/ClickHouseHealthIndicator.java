package dev.chorm.spring;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Health of a ClickHouse DataSource: UP with the server's version, the current database and the
 * server's uptime when {@code SELECT version()} answers; DOWN with the error otherwise.
 */
public class ClickHouseHealthIndicator extends AbstractHealthIndicator {

    private final DataSource dataSource;

    public ClickHouseHealthIndicator(DataSource dataSource) {
        super("ClickHouse health check failed");
        this.dataSource = dataSource;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version(), currentDatabase(), uptime()")) {
            rs.next();
            builder.up()
                    .withDetail("database", "ClickHouse")
                    .withDetail("version", rs.getString(1))
                    .withDetail("currentDatabase", rs.getString(2))
                    .withDetail("uptimeSeconds", rs.getLong(3));
        }
    }
}
