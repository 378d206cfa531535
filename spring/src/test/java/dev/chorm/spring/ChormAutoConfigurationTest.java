package dev.chorm.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions of the auto-configuration: when the engine starts, and when chorm stays out of the way. */
class ChormAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChormEmbeddedAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, ChormAutoConfiguration.class));

    @Test
    void aDataSourceUrlKeepsTheEngineOffAndGetsTheDriverDefaults() {
        runner.withPropertyValues("spring.datasource.url=jdbc:clickhouse://db.example:8123/events")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EmbeddedClickHouseDatabase.class);
                    HikariDataSource dataSource = context.getBean(HikariDataSource.class);
                    assertThat(dataSource.getDataSourceProperties()).containsEntry("jdbc_ignore_unsupported_values", "true");
                });
    }

    @Test
    void anExplicitDriverSettingWins() {
        runner.withPropertyValues("spring.datasource.url=jdbc:clickhouse://db.example:8123/events",
                        "spring.datasource.hikari.data-source-properties.jdbc_ignore_unsupported_values=false")
                .run(context -> assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
                        .containsEntry("jdbc_ignore_unsupported_values", "false"));
    }

    @Test
    void otherDatabasesAreLeftAlone() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example/app")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EmbeddedClickHouseDatabase.class);
                    assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties()).isEmpty();
                });
    }

    @Test
    void theEngineCanBeTurnedOffLeavingSpringBootsOwnBehaviour() {
        runner.withPropertyValues("chorm.embedded.enabled=false")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("Failed to determine a suitable driver class"));
    }

    @Test
    void anApplicationsOwnDataSourceWins() {
        runner.withUserConfiguration(OwnDataSource.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EmbeddedClickHouseDatabase.class);
                    assertThat(context).getBean(DataSource.class).isInstanceOf(SimpleDriverDataSource.class);
                });
    }

    @Test
    void withClickHouseAsTheSecondDatabaseThePrimaryIsNeverTheEmbeddedEngine() {
        runner.withBean(EnableClickHouseJpa.DATA_SOURCE, DataSource.class, SimpleDriverDataSource::new,
                        definition -> ((org.springframework.beans.factory.support.AbstractBeanDefinition) definition).setDefaultCandidate(false))
                // no primary URL: Spring Boot's own complaint, not a ClickHouse primary
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("Failed to determine a suitable driver class"));
    }

    @Test
    void withNothingConfiguredTheDataSourcePointsAtTheEmbeddedDatabase() {
        runner.run(context -> {
            EmbeddedClickHouseDatabase database = context.getBean(EmbeddedClickHouseDatabase.class);
            assertThat(context.getBean(HikariDataSource.class).getJdbcUrl()).isEqualTo(database.getJdbcUrl());
        });
    }

    @Test
    void withAMeterRegistryClickHouseDataSourcesAreMeasuredUnlessTurnedOff() {
        ApplicationContextRunner withRegistry = runner.withBean(SimpleMeterRegistry.class)
                .withPropertyValues("spring.datasource.url=jdbc:clickhouse://db.example:8123/events");
        withRegistry.run(context -> assertThat(ClickHouseStatementMetrics.isWrapped(context.getBean(DataSource.class))).isTrue());
        withRegistry.withPropertyValues("chorm.metrics.enabled=false")
                .run(context -> assertThat(ClickHouseStatementMetrics.isWrapped(context.getBean(DataSource.class))).isFalse());
    }

    @Test
    void theStatementKindIsReadFromTheSql() {
        assertThat(ClickHouseStatementMetrics.kind("  select 1")).isEqualTo("select");
        assertThat(ClickHouseStatementMetrics.kind("WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo("select");
        assertThat(ClickHouseStatementMetrics.kind("insert into t values (1)")).isEqualTo("insert");
        assertThat(ClickHouseStatementMetrics.kind("ALTER TABLE t UPDATE a = 1 WHERE id = 2 SETTINGS mutations_sync = 2")).isEqualTo("update");
        assertThat(ClickHouseStatementMetrics.kind("alter table t add column b Int8")).isEqualTo("ddl");
        assertThat(ClickHouseStatementMetrics.kind("DELETE FROM t WHERE 1")).isEqualTo("delete");
        assertThat(ClickHouseStatementMetrics.kind(null)).isEqualTo("other");
    }

    @Test
    void anUnreachableServerIsDownWithTheReason() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var health = new ClickHouseHealthIndicator(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                "jdbc:clickhouse://127.0.0.1:" + closedPort + "/default")).health(true);
        assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
        assertThat(health.getDetails()).containsKey("error");
    }

    @Test
    void everyPropertyIsDescribedForIdeCompletion() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String property : new String[]{"chorm.embedded.enabled", "chorm.embedded.data-directory", "chorm.embedded.host",
                    "chorm.embedded.port", "chorm.embedded.database", "chorm.embedded.max-concurrent-queries",
                    "chorm.embedded.use-test-server", "chorm.metrics.enabled", "chorm.clickhouse.url",
                    "chorm.clickhouse.username", "chorm.clickhouse.password", "chorm.clickhouse.ddl-auto",
                    "chorm.clickhouse.properties"}) {
                assertThat(metadata).contains("\"name\": \"" + property + "\"");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {
        @Bean
        DataSource dataSource() {
            return new SimpleDriverDataSource();
        }
    }
}
