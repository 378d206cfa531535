package dev.chorm.spring;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The ClickHouse database chorm started for an application that names no
 * {@code spring.datasource.url}: a database on the embedded engine (or, in tests, on
 * chorm-test's engine). Spring Boot builds its DataSource from this bean, as from any
 * {@link JdbcConnectionDetails}; inject it to learn where the data is ({@link #httpUrl()} for curl
 * or a ClickHouse client).
 */
public final class EmbeddedClickHouseDatabase implements JdbcConnectionDetails, DisposableBean {

    private final String httpUrl;
    private final String database;
    private final String user;
    private final String password;
    private final Path dataDirectory;
    private final Runnable release;

    EmbeddedClickHouseDatabase(String httpUrl, String database, String user, String password,
                               Path dataDirectory, Runnable release) {
        this.httpUrl = httpUrl;
        this.database = database;
        this.user = user;
        this.password = password;
        this.dataDirectory = dataDirectory;
        this.release = release;
    }

    /** {@code http://host:port} of the engine's HTTP interface. */
    public String httpUrl() {
        return httpUrl;
    }

    /** The database the DataSource uses. */
    public String database() {
        return database;
    }

    /** The engine's data directory, when this JVM runs it (empty for a test server given by URL). */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    @Override
    public String getJdbcUrl() {
        return "jdbc:clickhouse:" + httpUrl.substring(httpUrl.indexOf("//")) + "/" + database;
    }

    @Override
    public String getUsername() {
        return user;
    }

    @Override
    public String getPassword() {
        return password;
    }

    /** Releases the engine (stopped when no application context of this JVM uses it) or drops the test database. */
    @Override
    public void destroy() {
        release.run();
    }

    @Override
    public String toString() {
        return "EmbeddedClickHouseDatabase[" + getJdbcUrl() + (dataDirectory == null ? "" : ", data in " + dataDirectory) + "]";
    }
}
