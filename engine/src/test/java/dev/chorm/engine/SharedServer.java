package dev.chorm.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded server for all engine tests of this JVM (chDB serves one data directory per
 * process); each test class works in a database of its own from {@link #freshDatabase}.
 */
public final class SharedServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedClickHouse server;

    private SharedServer() {
    }

    public static synchronized EmbeddedClickHouse get() {
        if (server == null) {
            server = EmbeddedClickHouse.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "chorm-test-server-stop"));
        }
        return server;
    }

    /** Creates an empty database named after {@code owner} and returns its name. */
    public static String freshDatabase(Class<?> owner) {
        String name = "t_" + owner.getSimpleName().toLowerCase(Locale.ROOT) + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(get().jdbcUrl(), "default", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return name;
    }
}
