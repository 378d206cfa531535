package dev.chorm.spring;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Recognises ClickHouse DataSources and gives them the driver properties chorm relies on. */
final class ClickHouseDataSources {

    static final String URL_PREFIX = "jdbc:clickhouse:";
    /** Lets the driver accept auto-commit, read-only and transaction calls that Spring and pools make. */
    static final String IGNORE_UNSUPPORTED = "jdbc_ignore_unsupported_values";

    private ClickHouseDataSources() {
    }

    /** Whether {@code dataSource} is a ClickHouse one, judged from its pool's URL or, failing that, a connection. */
    static boolean isClickHouse(DataSource dataSource) {
        String url = configuredUrl(dataSource);
        if (url != null) {
            return url.startsWith(URL_PREFIX);
        }
        try (Connection connection = dataSource.getConnection()) {
            String connected = connection.getMetaData().getURL();
            return connected != null && connected.startsWith(URL_PREFIX);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a Hikari pool is configured with a ClickHouse URL; other pools are not judged (no connection is opened). */
    static boolean isClickHouseWithoutConnecting(DataSource dataSource) {
        String url = configuredUrl(dataSource);
        return url != null && url.startsWith(URL_PREFIX);
    }

    /** The URL a Hikari pool is configured with, without opening a connection; null for other pools. */
    static String configuredUrl(DataSource dataSource) {
        if (!isHikariPresent()) {
            return null;
        }
        HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
        return hikari == null ? null : hikari.getJdbcUrl();
    }

    /** Adds {@value #IGNORE_UNSUPPORTED}{@code =true} to a Hikari pool on a ClickHouse URL, unless set. */
    static void applyDriverDefaults(DataSource dataSource) {
        if (!isHikariPresent() || !(dataSource instanceof HikariDataSource hikari)) {
            return;
        }
        String url = hikari.getJdbcUrl();
        if (url != null && url.startsWith(URL_PREFIX) && !url.contains(IGNORE_UNSUPPORTED)
                && !hikari.getDataSourceProperties().containsKey(IGNORE_UNSUPPORTED)) {
            hikari.addDataSourceProperty(IGNORE_UNSUPPORTED, "true");
        }
    }

    private static boolean isHikariPresent() {
        return org.springframework.util.ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
                ClickHouseDataSources.class.getClassLoader());
    }
}
