package dev.chorm.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.chorm.engine.EmbeddedClickHouse;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peers measured beside chorm (issue 9): jOOQ, Ebean's ClickHouse platform and Hibernate with
 * MySQLDialect on a hand-made table. A peer that cannot start is still listed, with the reason as its
 * failure. Every insert is checked: the rows a peer wrote must hash like the same rows written by the
 * official client's RowBinary insert, else its figure is reported as wrong rather than fast.
 */
final class Peers implements AutoCloseable {

    private static final String COLUMNS = String.join(", ", PeerPath.ALL_COLUMNS);

    final List<PeerPath> paths = new ArrayList<>();
    private final Connection connection;
    private final Statement statement;
    private final Client client;
    private final Map<String, String> expected = new HashMap<>();

    Peers(EmbeddedClickHouse server) throws Exception {
        connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        statement = connection.createStatement();
        client = new Client.Builder().addEndpoint(server.httpUrl()).setUsername(server.user())
                .setPassword(server.password()).build();
        paths.add(open("jOOQ 3.19 loadInto, bulk 5,000 (DEFAULT dialect)", "jOOQ 3.19 fetchLazy into entities",
                () -> new JooqPaths(server.jdbcUrl(), server.user(), server.password(), i -> OrmBenchmark.event(i))));
        paths.add(open("Ebean 17 ClickHousePlatform, batch 5,000", "Ebean 17 findEach into entities",
                () -> EbeanPaths.open(server, false, i -> OrmBenchmark.event(i))));
        paths.add(open("Ebean 17, same, 8 columns (no array, no map)", "Ebean 17, same, 8 columns (no array, no map)",
                () -> EbeanPaths.open(server, true, i -> OrmBenchmark.event(i))));
        paths.add(open("Hibernate MySQLDialect, hand-made table, persist+flush 5,000",
                "Hibernate MySQLDialect, StatelessSession stream",
                () -> MySqlDialectPaths.open(server, false)));
        paths.add(open("Hibernate MySQLDialect, same, 8 columns (no array, no map)",
                "Hibernate MySQLDialect, same, 8 columns (no array, no map)",
                () -> MySqlDialectPaths.open(server, true)));
    }

    interface Opener {
        PeerPath open() throws Exception;
    }

    private static PeerPath open(String insertName, String readName, Opener opener) {
        try {
            return opener.open();
        } catch (Exception | LinkageError e) {
            return new Failed(insertName, readName, "does not start: " + reason(e));
        }
    }

    static String reason(Throwable e) {
        return PeerPath.reason(e);
    }

    /** What the table's readers must know about the peers beyond their figures. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (PeerPath path : paths) {
            if (path.outOfTheBoxFailure() != null) {
                notes.add(path.insertName() + ", as it comes: " + path.outOfTheBoxFailure());
            }
        }
        return notes;
    }

    /** Empties the peer's table before one of its insert runs. */
    void truncate(PeerPath path) throws Exception {
        statement.execute("TRUNCATE TABLE " + path.table());
    }

    /** Fails unless the peer's table holds exactly the first {@code rows} benchmark rows, value for value. */
    void verify(PeerPath path, int rows) throws Exception {
        String written = checksum(path.table(), path.columns());
        String wanted = expected.computeIfAbsent(rows + " " + path.columns(), key -> expectedChecksum(rows, path.columns()));
        if (!written.equals(wanted)) {
            throw new IllegalStateException(path.insertName() + " wrote other values than the official client: "
                    + "count and hash " + written + ", expected " + wanted + differingColumns(path));
        }
    }

    /** Before the reads: a peer with a table of its own gets the rows chorm wrote into {@code event}. */
    void fillForReads(PeerPath path) throws Exception {
        if (!path.table().equals("event")) {
            statement.execute("TRUNCATE TABLE " + path.table());
            statement.execute("INSERT INTO " + path.table() + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM event");
        }
    }

    static void checkRead(PeerPath path, long count, long expectedRows, long sum) {
        if (count != expectedRows || sum == 0) {
            throw new IllegalStateException(path.readName() + " read " + count + " rows, expected " + expectedRows);
        }
    }

    private String expectedChecksum(int rows, List<String> columns) {
        try {
            statement.execute("CREATE TABLE IF NOT EXISTS peer_expected AS event");
            statement.execute("TRUNCATE TABLE peer_expected");
            client.insert("peer_expected", PeerPath.ALL_COLUMNS, new ByteArrayInputStream(OrmBenchmark.rowBinary(rows)),
                    ClickHouseFormat.RowBinary).get(10, TimeUnit.MINUTES).close();
            return checksum("peer_expected", columns);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which columns differ from the official client's rows (for the failure message). */
    private String differingColumns(PeerPath path) {
        String table = path.table();
        StringBuilder columns = new StringBuilder();
        try {
            for (String column : path.columns()) {
                String sql = "SELECT sum(cityHash64(" + column + ")) FROM ";
                if (!single(sql + table).equals(single(sql + "peer_expected"))) {
                    columns.append(columns.length() == 0 ? "; differing columns: " : ", ").append(column);
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT toString(at), toString(tags), toString(attributes) FROM "
                    + table + " ORDER BY id LIMIT 1")) {
                if (rs.next()) {
                    columns.append("; first row stored at=").append(rs.getString(1)).append(" tags=")
                            .append(rs.getString(2)).append(" attributes=").append(rs.getString(3));
                }
            }
        } catch (Exception e) {
            columns.append("; ").append(reason(e));
        }
        return columns.toString();
    }

    private String checksum(String table, List<String> columns) throws Exception {
        try (ResultSet rs = statement.executeQuery("SELECT count(), sum(cityHash64(" + String.join(", ", columns)
                + ")) FROM " + table)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getString(2);
        }
    }

    private String single(String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() throws Exception {
        for (PeerPath path : paths) {
            try {
                path.close();
            } catch (Exception e) {
                System.err.println("bench: closing " + path.insertName() + ": " + reason(e));
            }
        }
        client.close();
        connection.close();
    }

    /** A peer that could not start: listed with the reason instead of a figure. */
    private record Failed(String insertName, String readName, String why) implements PeerPath {

        @Override
        public String table() {
            return "event";
        }

        @Override
        public long insert(int rows) {
            throw new IllegalStateException(why);
        }

        @Override
        public long read(long expectedRows) {
            throw new IllegalStateException(why);
        }
    }
}
