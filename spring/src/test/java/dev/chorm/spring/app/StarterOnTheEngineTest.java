package dev.chorm.spring.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.chorm.spring.EmbeddedClickHouseDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole application on the engine, with nothing configured: no URL, no dialect, no driver settings. */
@SpringBootTest
class StarterOnTheEngineTest {

    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Logger TRANSACTIONS_LOG = Logger.getLogger("dev.chorm.hibernate.jdbc.ClickHouseConnections");

    @Autowired
    EmbeddedClickHouseDatabase clickhouse;
    @Autowired
    DataSource dataSource;
    @Autowired
    VisitService service;
    @Autowired
    PageVisitRepository visits;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    MeterRegistry meters;
    @Autowired
    @Qualifier("clickhouseHealthContributor")
    HealthContributor health;

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        TRANSACTIONS_LOG.addHandler(capture);
        visits.deleteAllInBatch();
    }

    @AfterEach
    void stopCapturing() {
        TRANSACTIONS_LOG.removeHandler(capture);
    }

    @Test
    void aRepositoryStreamClosedEarlyStopsTheQueryOnTheServer() throws InterruptedException {
        Long closeMillis = transactions.execute(status -> {
            long start;
            try (Stream<Long> numbers = visits.endlessNumbers()) {
                Iterator<Long> rows = numbers.iterator();
                for (long i = 0; i < 10; i++) {
                    assertThat(rows.next()).isEqualTo(i);
                }
                start = System.nanoTime();
            }
            return (System.nanoTime() - start) / 1_000_000;
        });
        assertThat(closeMillis).as("close took %d ms", closeMillis).isLessThan(3_000L);
        long deadline = System.nanoTime() + 5_000_000_000L;
        long running;
        do {
            Thread.sleep(50);
            running = jdbc.queryForObject("select count() from system.processes where query like '%numbers(10000000000)%'"
                    + " and query not like '%system.processes%'", Long.class);
        } while (running > 0 && System.nanoTime() < deadline);
        assertThat(running).as("queries still running on the server").isZero();
    }

    @Test
    void withoutADataSourceUrlTheDataSourceIsAClickHouseDatabaseOfTheApplicationsOwn() {
        // still a HikariDataSource for whoever injects one, though measured (a subclass proxy)
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        HikariDataSource hikari = (HikariDataSource) dataSource;
        assertThat(hikari.getJdbcUrl()).isEqualTo(clickhouse.getJdbcUrl()).startsWith("jdbc:clickhouse://127.0.0.1:");
        assertThat(hikari.getDataSourceProperties()).containsEntry("jdbc_ignore_unsupported_values", "true");
        // in tests (chorm-test on the class path) the database is a fresh one on chorm-test's engine
        assertThat(clickhouse.database()).startsWith("test_embeddedclickhousedatabase_");
        assertThat(jdbc.queryForObject("SELECT currentDatabase()", String.class)).isEqualTo(clickhouse.database());
    }

    @Test
    void statementsAreTimedAndRowsCountedInMicrometer() {
        double inserts = count("chorm.statements", "insert");
        double written = meters.find("chorm.rows.written").counters().stream().mapToDouble(c -> c.count()).sum();
        double returned = meters.find("chorm.rows.returned").counters().stream().mapToDouble(c -> c.count()).sum();

        service.record(List.of(new PageVisit("DE", "/m1", 1, 10, T0), new PageVisit("DE", "/m2", 2, 20, T0),
                new PageVisit("DE", "/m3", 3, 30, T0)));
        assertThat(visits.findByCountryOrderByVisitedAtAsc("DE")).hasSize(3);

        assertThat(count("chorm.statements", "insert")).isGreaterThan(inserts); // one batch
        assertThat(count("chorm.statements", "select")).isPositive();
        assertThat(meters.find("chorm.rows.written").tag("datasource", "dataSource").counter().count() - written).isEqualTo(3);
        assertThat(meters.find("chorm.rows.returned").counters().stream().mapToDouble(c -> c.count()).sum() - returned)
                .isGreaterThanOrEqualTo(3);
        assertThat(meters.find("chorm.statements").tag("kind", "insert").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
    }

    private double count(String name, String kind) {
        return meters.find(name).tag("kind", kind).tag("outcome", "success").timers().stream().mapToDouble(t -> t.count()).sum();
    }

    @Test
    void theHealthIndicatorReportsClickHouseAndItsVersion() {
        var result = ((HealthIndicator) health).health();
        assertThat(result.getStatus()).isEqualTo(Status.UP);
        assertThat(result.getDetails()).containsEntry("database", "ClickHouse")
                .containsEntry("currentDatabase", clickhouse.database());
        assertThat((String) result.getDetails().get("version")).matches("\\d+\\.\\d+.*");
    }

    @Test
    void transactionalServiceMethodsCommitWithoutErrorsOrWarnings() {
        service.record(List.of(new PageVisit("DE", "/a", 1, 10, T0), new PageVisit("DE", "/b", 2, 20, T0)));
        assertThat(visits.count()).isEqualTo(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRolledBackTransactionKeepsItsRowsAndSaysSo() {
        assertThatThrownBy(() -> service.recordThenFail(List.of(new PageVisit("FR", "/x", 3, 30, T0))))
                .isInstanceOf(IllegalStateException.class).hasMessage("failed after writing");
        assertThat(visits.count()).isEqualTo(1);
        assertThat(warnings).singleElement().extracting(LogRecord::getMessage).asString()
                .contains("rolled back on ClickHouse, which has no rollback", "stay written");
    }

    @Test
    void readOnlyTransactionsAndJdbcTemplateInTransactionsWork() {
        service.record(List.of(new PageVisit("US", "/c", 4, 40, T0)));
        assertThat(service.pathsInVisitOrder()).isEqualTo("/c");
        Long inTransaction = transactions.execute(status -> {
            jdbc.update("INSERT INTO page_visit (id, country, path, visitor_id, load_millis, visited_at) VALUES (7, 'US', '/d', 5, 50, now64(6))");
            return jdbc.queryForObject("SELECT count() FROM page_visit", Long.class);
        });
        assertThat(inTransaction).isEqualTo(2);
        assertThat(warnings).isEmpty();
    }
}
