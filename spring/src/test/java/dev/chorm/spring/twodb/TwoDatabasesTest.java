package dev.chorm.spring.twodb;

import dev.chorm.spring.EnableClickHouseJpa;
import dev.chorm.spring.twodb.events.PurchaseRepository;
import dev.chorm.spring.twodb.shop.Customer;
import dev.chorm.spring.twodb.shop.CustomerRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PostgreSQL for the shop and ClickHouse for the events, in one application. PostgreSQL comes
 * from Debian's packages, started by {@code src/test/scripts/postgres.sh}; without it the test is
 * skipped with the reason.
 */
@SpringBootTest(classes = TwoDatabasesApplication.class, properties = "spring.jpa.hibernate.ddl-auto=create")
@DirtiesContext
class TwoDatabasesTest {

    private static final Path SCRIPT = Path.of("src/test/scripts/postgres.sh");
    private static Path directory;
    private static String postgresUrl;

    @Autowired
    ShopService shop;
    @Autowired
    CustomerRepository customers;
    @Autowired
    PurchaseRepository purchases;
    @Autowired
    DataSource primary;
    @Autowired
    @Qualifier(EnableClickHouseJpa.DATA_SOURCE)
    DataSource clickhouse;
    @Autowired
    @Qualifier("clickhouseHealthContributor")
    HealthContributor healthContributor;

    @BeforeAll
    static void startPostgres() throws Exception {
        directory = Files.createTempDirectory("chorm-postgres-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder("bash", SCRIPT.toString(), "start", directory.toString(), String.valueOf(port))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = process.waitFor();
        assumeTrue(exit != 3, "PostgreSQL is not installed (apt-get install -y postgresql): " + output);
        if (exit != 0) {
            throw new IllegalStateException("postgres.sh start failed (" + exit + "): " + output);
        }
        postgresUrl = output.lines().reduce((first, second) -> second).orElseThrow();
    }

    @AfterAll
    static void stopPostgres() throws IOException, InterruptedException {
        if (directory != null) {
            new ProcessBuilder("bash", SCRIPT.toString(), "stop", directory.toString()).inheritIO().start().waitFor();
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgresUrl);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Test
    void eachEntityLivesInItsOwnDatabase() {
        Customer ada = shop.signUp("Ada", false);
        shop.recordPurchases(ada.getId(), new BigDecimal("19.99"), new BigDecimal("5.01"));

        assertThat(customers.findById(ada.getId())).map(Customer::getName).contains("Ada");
        assertThat(purchases.totalSpent(ada.getId())).isEqualByComparingTo("25.00");

        JdbcTemplate postgres = new JdbcTemplate(primary);
        JdbcTemplate events = new JdbcTemplate(clickhouse);
        assertThat(postgres.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(events.queryForObject("SELECT count() FROM purchase", Long.class)).isEqualTo(2);
        assertThat(postgres.queryForObject("select count(*) from information_schema.tables where table_name = 'purchase'", Long.class)).isZero();
        assertThat(events.queryForObject("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'customer'", Long.class)).isZero();
    }

    @Test
    void theClickHouseHealthIndicatorWatchesTheClickHouseDataSourceOnly() {
        var health = ((HealthIndicator) healthContributor).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("database", "ClickHouse");
    }

    @Test
    void thePrimaryDatabaseKeepsRealRollbacks() {
        long before = customers.count();
        assertThatThrownBy(() -> shop.signUp("Bob", true)).hasMessage("sign-up failed");
        assertThat(customers.count()).isEqualTo(before);
    }
}
