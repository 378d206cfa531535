package dev.chorm.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test suites create hundreds of tables in one JVM: 500 MergeTree tables in 25 databases, made
 * by 8 clients at once, each written twice, with mutations and lightweight deletes, must all
 * work. chDB's own pool sizes (2 background threads, 2 schedule threads) made such runs queue
 * every mutation behind the merges of hundreds of tables; {@code ChdbEngine} raises them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManyTablesTest {

    private static final int DATABASES = 25;
    private static final int TABLES_PER_DATABASE = 20;

    @Test
    void fiveHundredTablesMadeByEightClientsAtOnceAllWork() throws Exception {
        EmbeddedClickHouse server = SharedServer.get();
        String prefix = SharedServer.freshDatabase(ManyTablesTest.class);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int d = 0; d < DATABASES; d++) {
                String database = prefix + "_" + d;
                work.add(clients.submit(() -> {
                    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "default", "");
                         Statement statement = connection.createStatement()) {
                        statement.execute("CREATE DATABASE " + database);
                        for (int t = 0; t < TABLES_PER_DATABASE; t++) {
                            String table = database + ".t" + t;
                            statement.execute("CREATE TABLE " + table
                                    + " (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
                            statement.execute("INSERT INTO " + table + " SELECT number, 'a' FROM numbers(10)");
                            statement.execute("INSERT INTO " + table + " SELECT number + 10, 'b' FROM numbers(10)");
                            if (t % 5 == 0) {
                                statement.execute("ALTER TABLE " + table + " UPDATE s = 'c' WHERE id < 5"
                                        + " SETTINGS mutations_sync = 1");
                                statement.execute("DELETE FROM " + table + " WHERE id >= 15");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "default", "");
             Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT count() FROM system.tables WHERE database LIKE '" + prefix + "\\_%'"))
                    .isEqualTo(DATABASES * TABLES_PER_DATABASE);
            long expectedRows = (long) DATABASES * TABLES_PER_DATABASE * 20 - (long) DATABASES * (TABLES_PER_DATABASE / 5) * 5;
            assertThat(single(statement, "SELECT count() FROM merge(REGEXP('^" + prefix + "_[0-9]+$'), '^t[0-9]+$')")).isEqualTo(expectedRows);
            assertThat(single(statement, "SELECT countIf(s = 'c') FROM merge(REGEXP('^" + prefix + "_[0-9]+$'), '^t[0-9]+$')"))
                    .isEqualTo((long) DATABASES * (TABLES_PER_DATABASE / 5) * 5);
            for (int d = 0; d < DATABASES; d++) {
                statement.execute("DROP DATABASE " + prefix + "_" + d + " SYNC");
            }
        }
        System.out.printf("%d tables in %d databases, 8 clients, with mutations: %d ms%n",
                DATABASES * TABLES_PER_DATABASE, DATABASES, millis);
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
