package dev.chorm.bench;

import dev.chorm.bench.ebean.EbeanEvent;
import dev.chorm.bench.ebean.EbeanScalarEvent;
import dev.chorm.engine.EmbeddedClickHouse;
import io.ebean.Database;
import io.ebean.DatabaseFactory;
import io.ebean.Transaction;
import io.ebean.config.DatabaseConfig;
import io.ebean.config.MatchingNamingConvention;
import io.ebean.datasource.DataSourceConfig;
import io.ebean.platform.clickhouse.ClickHousePlatform;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Ebean with its ClickHouse platform, as its documentation sets it up: Ebean's own connection pool,
 * the official JDBC driver, a batched transaction ({@code setBatchMode(true)}, batch size 5,000) for
 * the inserts and {@code findEach} (a streaming cursor) for the read. The table is not created by
 * Ebean: its entity maps the benchmark's {@code event} table.
 */
final class EbeanPaths implements PeerPath {

    private final Database database;
    private final IntFunction<Event> rows;
    private final boolean scalarOnly;
    private String outOfTheBoxFailure;

    private EbeanPaths(EmbeddedClickHouse server, boolean ignoreUnsupported, boolean scalarOnly, IntFunction<Event> rows) {
        this.rows = rows;
        this.scalarOnly = scalarOnly;
        DataSourceConfig dataSource = new DataSourceConfig()
                .setUrl(server.jdbcUrl() + (ignoreUnsupported ? "?jdbc_ignore_unsupported_values=true" : ""))
                .setUsername(server.user()).setPassword(server.password())
                .setDriver("com.clickhouse.jdbc.ClickHouseDriver");
        DatabaseConfig config = new DatabaseConfig();
        config.setName(scalarOnly ? "ebean-bench-scalar" : "ebean-bench");
        config.setDataSourceConfig(dataSource);
        config.setDatabasePlatform(new ClickHousePlatform());
        config.setNamingConvention(new MatchingNamingConvention()); // the table's columns are camelCase, like the fields
        config.addClass(scalarOnly ? EbeanScalarEvent.class : EbeanEvent.class);
        config.setDefaultServer(false);
        config.setRegister(false);
        config.setDdlGenerate(false);
        config.setDdlRun(false);
        this.database = DatabaseFactory.create(config);
    }

    /**
     * Ebean as it comes; if that fails (its pool switches auto-commit off, which the driver refuses unless
     * told to ignore it), the reason is kept and Ebean runs with the driver's {@code jdbc_ignore_unsupported_values}.
     */
    static EbeanPaths open(EmbeddedClickHouse server, boolean scalarOnly, IntFunction<Event> rows) {
        String failure;
        EbeanPaths asItComes = null;
        try {
            asItComes = new EbeanPaths(server, false, scalarOnly, rows);
            asItComes.insert(10);
            return asItComes;
        } catch (RuntimeException e) {
            failure = PeerPath.reason(e);
            if (asItComes != null) {
                asItComes.close();
            }
        }
        EbeanPaths path = new EbeanPaths(server, true, scalarOnly, rows);
        path.outOfTheBoxFailure = failure + " (so measured with the driver's jdbc_ignore_unsupported_values=true)";
        return path;
    }

    @Override
    public String outOfTheBoxFailure() {
        return outOfTheBoxFailure;
    }

    @Override
    public String table() {
        return "event";
    }

    @Override
    public List<String> columns() {
        return scalarOnly ? PeerPath.SCALAR_COLUMNS : PeerPath.super.columns();
    }

    @Override
    public String insertName() {
        return scalarOnly ? "Ebean 17, same, 8 columns (no array, no map)" : "Ebean 17 ClickHousePlatform, batch 5,000";
    }

    @Override
    public String readName() {
        return scalarOnly ? "Ebean 17, same, 8 columns (no array, no map)" : "Ebean 17 findEach into entities";
    }

    @Override
    public long insert(int n) {
        long start = System.nanoTime();
        try (Transaction transaction = database.beginTransaction()) {
            transaction.setBatchMode(true);
            transaction.setBatchSize(5_000);
            for (int i = 0; i < n; i++) {
                Event e = rows.apply(i);
                database.insert(scalarOnly
                        ? new EbeanScalarEvent(e.id, e.userId, e.at, e.day, e.country, e.device, e.durationMs, e.amount)
                        : new EbeanEvent(e.id, e.userId, e.at, e.day, e.country, e.device, e.durationMs, e.amount,
                        e.tags, e.attributes), transaction);
            }
            transaction.commit();
        }
        return System.nanoTime() - start;
    }

    @Override
    public long read(long expectedRows) {
        long start = System.nanoTime();
        long[] countAndSum = new long[2];
        if (scalarOnly) {
            database.find(EbeanScalarEvent.class).findEach(e -> {
                countAndSum[0]++;
                countAndSum[1] += e.getId() + e.getDevice().length();
            });
        } else {
            database.find(EbeanEvent.class).findEach(e -> {
                countAndSum[0]++;
                countAndSum[1] += e.getId() + e.getTags().size() + e.getAttributes().size();
            });
        }
        Peers.checkRead(this, countAndSum[0], expectedRows, countAndSum[1]);
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        database.shutdown();
    }
}
