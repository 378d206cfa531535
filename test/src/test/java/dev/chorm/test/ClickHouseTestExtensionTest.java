package dev.chorm.test;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class ClickHouseTestExtensionTest {

    /** Records the database each test saw, for the assertions below. */
    static final List<String> SEEN = new ArrayList<>();

    @ClickHouseTest
    static class SampleTests {
        @Test
        void first(TestDatabase db) throws SQLException {
            SEEN.add(db.name());
            db.execute("CREATE TABLE events (id UInt64) ENGINE = MergeTree ORDER BY id");
            db.execute("INSERT INTO events VALUES (1), (2)");
            assertThat(count(db, "events")).isEqualTo(2);
        }

        @Test
        void databaseIsTheConnectionDefault(TestDatabase db) throws SQLException {
            SEEN.add(db.name());
            try (Connection c = db.openConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT currentDatabase()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(db.name());
            }
        }

        @Nested
        class Inner {
            @Test
            void sharesTheEnclosingDatabase(TestDatabase db) {
                SEEN.add(db.name());
            }
        }
    }

    @ClickHouseTest
    static class OtherTests {
        @Test
        void getsItsOwnDatabase(TestDatabase db) {
            SEEN.add(db.name());
        }
    }

    @Test
    void eachTestClassGetsItsOwnDatabaseWhichIsDroppedAfterwards() throws SQLException {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleTests.class), selectClass(OtherTests.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(4).failed(0));

        assertThat(SEEN).hasSize(4);
        String sample = SEEN.get(0);
        assertThat(SEEN.subList(0, 3)).containsOnly(sample);
        assertThat(SEEN.get(3)).isNotEqualTo(sample);
        assertThat(sample).startsWith("test_sampletests_");

        TestDatabase probe = new TestDatabase(TestServer.get(), "system");
        try (Connection c = probe.openConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count() FROM system.databases WHERE name IN ('"
                     + sample + "', '" + SEEN.get(3) + "')")) {
            rs.next();
            assertThat(rs.getLong(1)).as("test databases are dropped after their class").isZero();
        }
    }

    @Test
    void truncateAllTablesEmptiesTheDatabase() throws SQLException {
        TestDatabase db = new TestDatabase(TestServer.get(), ClickHouseExtension.databaseName(getClass()));
        TestServer.get().execute("CREATE DATABASE " + db.name());
        try {
            db.execute("CREATE TABLE a (x UInt8) ENGINE = MergeTree ORDER BY x");
            db.execute("INSERT INTO a VALUES (1)");
            db.truncateAllTables();
            assertThat(count(db, "a")).isZero();
            db.execute("CREATE TABLE b (x UInt8, y UInt8) ENGINE = MergeTree ORDER BY x");
            db.truncateAllTables();
            db.execute("INSERT INTO b VALUES (1, 1)");
            // a mutation after the truncation completes (chDB's TRUNCATE ALL TABLES would leave it waiting)
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> db.execute("ALTER TABLE b UPDATE y = 2 WHERE 1 SETTINGS mutations_sync = 2"));
            assertThat(db.queryLong("SELECT y FROM b")).isEqualTo(2);
        } finally {
            TestServer.get().execute("DROP DATABASE " + db.name());
        }
    }

    static long count(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.openConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count() FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
