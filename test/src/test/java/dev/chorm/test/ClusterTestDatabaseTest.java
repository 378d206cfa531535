package dev.chorm.test;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Test databases and clusters: a cluster defined on the embedded engine, and ON CLUSTER on a cluster's server. */
class ClusterTestDatabaseTest {

    static final List<String> SEEN = new ArrayList<>();

    @ClickHouseTest
    static class PlainTests {
        @Test
        void plain(TestDatabase db) {
            db.execute("CREATE TABLE t (id UInt64) ENGINE = MergeTree ORDER BY id");
            db.execute("INSERT INTO t VALUES (1)");
            SEEN.add(db.name());
        }
    }

    @ClickHouseTest(cluster = "analytics")
    static class OnAnalytics {
        @Test
        void aDistributedTableOverTheLocalTableTakesInsertsAndReads(TestDatabase db) {
            db.execute("CREATE TABLE events_local (id UInt64, user_id UInt64) ENGINE = MergeTree ORDER BY id");
            db.execute("CREATE TABLE events AS events_local ENGINE = Distributed('analytics', currentDatabase(), 'events_local', user_id)");
            db.execute("INSERT INTO events SETTINGS distributed_foreground_insert = 1 VALUES (1, 7), (2, 8)");
            assertThat(db.queryLong("SELECT count() FROM events")).isEqualTo(2);
            assertThat(db.queryLong("SELECT count() FROM events_local")).isEqualTo(2);
            assertThat(db.queryLong("SELECT count() FROM system.clusters WHERE cluster = 'analytics' AND is_local")).isEqualTo(1);
            SEEN.add(db.name());
        }
    }

    @Test
    void aClassAskingForAClusterGetsItOnTheEmbeddedEngineAndEarlierDatabasesStay() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PlainTests.class), selectClass(OnAnalytics.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(SEEN).hasSize(2);
        assertThat(TestServer.get().jdbcUrl("x")).isEqualTo(TestServer.get("analytics").jdbcUrl("x"));
        // asked again: already defined, the engine is not restarted
        TestServer server = TestServer.get("analytics");
        TestDatabase probe = new TestDatabase(server, "system");
        assertThat(probe.queryLong("SELECT count() FROM system.clusters WHERE cluster = 'analytics'")).isEqualTo(1);
        assertThat(probe.queryLong("SELECT count() FROM system.databases WHERE name IN ('" + String.join("','", SEEN) + "')"))
                .as("both classes' databases were dropped after them").isZero();
    }

    @Test
    void onAClusterTestDatabasesAreCreatedAndDroppedOnCluster() {
        TestServer server = TestServer.forStatements("chorm");
        assertThat(server.createDatabase("test_events_1a2b")).isEqualTo("CREATE DATABASE `test_events_1a2b` ON CLUSTER chorm");
        assertThat(server.dropDatabase("test_events_1a2b")).isEqualTo("DROP DATABASE IF EXISTS `test_events_1a2b` ON CLUSTER chorm SYNC");
    }

    @Test
    void aClusterNameThatIsNotABareWordIsQuoted() {
        assertThat(TestServer.forStatements("my-cluster").createDatabase("d")).isEqualTo("CREATE DATABASE `d` ON CLUSTER `my-cluster`");
    }

    @Test
    void withoutAClusterTheStatementsAreThePlainOnes() {
        TestServer server = TestServer.forStatements(null);
        assertThat(server.createDatabase("d")).isEqualTo("CREATE DATABASE `d`");
        assertThat(server.dropDatabase("d")).isEqualTo("DROP DATABASE IF EXISTS `d` SYNC");
    }
}
