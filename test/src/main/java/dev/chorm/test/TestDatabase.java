package dev.chorm.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A database reserved for one test class, on the embedded engine or on a configured server. */
public final class TestDatabase {

    private final TestServer server;
    private final String name;

    TestDatabase(TestServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Creates a database of its own for {@code owner} on the test server (the embedded engine, or
     * {@code chorm.test.url}), for integrations that manage the lifecycle themselves, such as the
     * Spring test slice; {@link ClickHouseTest} does this for plain JUnit tests. Drop it with {@link #drop()}.
     */
    public static TestDatabase create(Class<?> owner) {
        TestServer server = TestServer.get();
        TestDatabase database = new TestDatabase(server, ClickHouseExtension.databaseName(owner));
        server.execute(server.createDatabase(database.name()));
        return database;
    }

    /** Drops this database and everything in it ({@code ON CLUSTER} when the test server is a cluster's). */
    public void drop() {
        server.execute(server.dropDatabase(name));
    }

    /** The database's name, unique per test class and run. */
    public String name() {
        return name;
    }

    /** A JDBC URL whose default database is this one. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** {@code http://host:port} of the server. */
    public String httpUrl() {
        return server.httpUrl();
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** Connection properties with the credentials, for {@link DriverManager} or a pool. */
    public Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        properties.setProperty("password", password());
        return properties;
    }

    /** A new connection to this database; close it. */
    public Connection openConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), connectionProperties());
    }

    /** Runs one statement, for setup code that needs no result. */
    public void execute(String sql) {
        try (Connection connection = openConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed in test database " + name + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query that returns one number, e.g. a count. */
    public long queryLong(String sql) {
        try (Connection connection = openConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("failed in test database " + name + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Empties every table of this database: ClickHouse has no rollback, so tests clean up this
     * way. Tables are truncated one by one: after {@code TRUNCATE ALL TABLES}, chDB 26.7 leaves
     * later mutations on those tables waiting forever.
     */
    public void truncateAllTables() {
        List<String> tables = new ArrayList<>();
        try (Connection connection = openConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT name FROM system.tables WHERE database = currentDatabase()"
                     + " AND engine NOT IN ('View', 'MaterializedView', 'LiveView', 'Dictionary')")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the tables of test database " + name + ": " + e.getMessage(), e);
        }
        tables.forEach(table -> execute("TRUNCATE TABLE " + quote(name) + "." + quote(table)));
    }

    static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + server.httpUrl() + "]";
    }
}
