package dev.chorm.bench;

import dev.chorm.engine.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The peers of the benchmark do what docs/benchmarks.md says of them: jOOQ stores every value exactly,
 * Ebean and Hibernate with MySQLDialect fail on the array and the map and store the eight scalar columns
 * exactly, and the check after every insert names a column a peer stored wrongly.
 */
class PeersTest {

    private static final int ROWS = 1_000;

    private static EmbeddedClickHouse server;
    private static Connection connection;
    private static Statement statement;
    private static Peers peers;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedClickHouse.start();
        connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        statement = connection.createStatement();
        statement.execute(MySqlDialectPaths.DDL.replace(MySqlDialectPaths.TABLE, "event"));
        peers = new Peers(server);
    }

    @AfterAll
    static void stop() throws Exception {
        peers.close();
        connection.close();
        server.close();
    }

    private static PeerPath peer(String insertName) {
        return peers.paths.stream().filter(path -> path.insertName().startsWith(insertName)).findFirst().orElseThrow();
    }

    private static void insertAndVerify(PeerPath path) throws Exception {
        peers.truncate(path);
        assertThat(path.insert(ROWS)).isPositive();
        peers.verify(path, ROWS);
    }

    @Test
    void jooqStoresEveryValueExactlyAndReadsTheRowsBack() throws Exception {
        PeerPath jooq = peer("jOOQ");

        insertAndVerify(jooq);

        assertThat(jooq.read(ROWS)).isPositive();
        assertThatThrownBy(() -> jooq.read(ROWS + 1)).hasMessageContaining("read " + ROWS + " rows, expected " + (ROWS + 1));
    }

    @Test
    void theJooqOnJava17HasNoClickHouseDialectInItsOpenSourceEdition() {
        // docs/benchmarks.md: 3.19 is the last open-source line for Java 17; CLICKHOUSE arrives in 3.20 (Java 21)
        assertThat(org.jooq.Constants.VERSION).startsWith("3.19.");
        assertThat(java.util.Arrays.stream(org.jooq.SQLDialect.values()).map(Enum::name)).doesNotContain("CLICKHOUSE");
    }

    @Test
    void theCheckAfterAnInsertNamesTheColumnAPeerStoredWrongly() throws Exception {
        PeerPath jooq = peer("jOOQ");
        insertAndVerify(jooq);

        statement.execute("ALTER TABLE event UPDATE amount = amount + 1 WHERE id = 7 SETTINGS mutations_sync = 2");

        assertThatThrownBy(() -> peers.verify(jooq, ROWS))
                .hasMessageContaining("wrote other values than the official client")
                .hasMessageContaining("differing columns: amount;");
    }

    @Test
    void ebeanNeedsTheDriverToIgnoreTransactionsAndCannotWriteTheMap() throws Exception {
        PeerPath ebean = peer("Ebean 17 ClickHousePlatform");
        assertThat(ebean.outOfTheBoxFailure()).contains("setAutoCommit(false) is not supported");

        peers.truncate(ebean);
        assertThatThrownBy(() -> ebean.insert(ROWS)).satisfies(failure -> assertThat(PeerPath.reason(failure))
                .contains("while converting '{\"utm\":\"s0\"}' to Map(String, String)"));

        insertAndVerify(peer("Ebean 17, same, 8 columns"));
    }

    @Test
    void hibernateWithMySqlDialectRunsWithoutChormAndCannotWriteTheMap() throws Exception {
        PeerPath mysql = peer("Hibernate MySQLDialect, hand-made table");
        assertThat(mysql.outOfTheBoxFailure()).contains("setAutoCommit(false) is not supported");

        peers.truncate(mysql);
        assertThatThrownBy(() -> mysql.insert(ROWS)).hasMessageContaining("Expected: Map(String, String)");

        PeerPath scalar = peer("Hibernate MySQLDialect, same, 8 columns");
        insertAndVerify(scalar);
        assertThat(scalar.read(ROWS)).isPositive();
    }
}
