package dev.chorm.spring;

import dev.chorm.engine.EmbeddedClickHouse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * With no {@code spring.datasource.url} (and no DataSource of the application's own), starts the
 * embedded ClickHouse engine and gives Spring Boot an {@link EmbeddedClickHouseDatabase} to build
 * the DataSource from: like an embedded H2, but real ClickHouse. Turn off with
 * {@code chorm.embedded.enabled=false}. With {@link EnableClickHouseJpa} ClickHouse is the second
 * database, never the primary one, so this backs off (that annotation has its own embedded case).
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({EmbeddedClickHouse.class, DataSource.class})
@ConditionalOnBooleanProperty(name = "chorm.embedded.enabled", matchIfMissing = true)
@Conditional(ChormEmbeddedAutoConfiguration.NoDataSourceUrl.class)
@ConditionalOnMissingBean(value = {DataSource.class, JdbcConnectionDetails.class}, name = EnableClickHouseJpa.DATA_SOURCE)
@EnableConfigurationProperties(ChormProperties.class)
public class ChormEmbeddedAutoConfiguration {

    private static final String TEST_DATABASE = "dev.chorm.test.TestDatabase";

    @Bean
    @ConditionalOnMissingBean
    public EmbeddedClickHouseDatabase embeddedClickHouseDatabase(ChormProperties properties) {
        return startDatabase(properties.getEmbedded());
    }

    /** A database on the embedded engine (or, in tests, on chorm-test's): shared with {@link EnableClickHouseJpa}. */
    static EmbeddedClickHouseDatabase startDatabase(ChormProperties.Embedded settings) {
        if (settings.isUseTestServer() && settings.getDataDirectory() == null
                && ClassUtils.isPresent(TEST_DATABASE, ChormEmbeddedAutoConfiguration.class.getClassLoader())) {
            return TestServerDatabases.create();
        }
        EmbeddedClickHouse engine = EmbeddedEngines.acquire(settings);
        try {
            EmbeddedClickHouseDatabase database = new EmbeddedClickHouseDatabase(engine.httpUrl(), settings.getDatabase(),
                    engine.user(), engine.password(), engine.dataDirectory(), () -> EmbeddedEngines.release(engine));
            if (!"default".equals(settings.getDatabase())) {
                createDatabase(database);
            }
            return database;
        } catch (RuntimeException e) {
            EmbeddedEngines.release(engine);
            throw e;
        }
    }

    /**
     * A database that lives only as long as the application (a temporary directory, or a test
     * database) starts empty: Hibernate creates the schema from the entities, unless
     * {@code spring.jpa.hibernate.ddl-auto} or a Hibernate schema setting says otherwise, or
     * chorm's migrations created it.
     */
    @Bean
    @ConditionalOnClass(HibernatePropertiesCustomizer.class)
    HibernatePropertiesCustomizer chormEmbeddedSchemaCreation(ChormProperties properties, Environment environment,
                                                              ObjectProvider<ChormMigrationsInitializer> migrations) {
        return settings -> {
            ChormMigrationsInitializer initializer = migrations.getIfAvailable();
            if (initializer != null && initializer.foundMigrations()) {
                return; // the migrations own the schema
            }
            boolean transientData = properties.getEmbedded().getDataDirectory() == null;
            boolean explicit = environment.containsProperty("spring.jpa.hibernate.ddl-auto")
                    || settings.containsKey("hibernate.hbm2ddl.auto")
                    || settings.containsKey("jakarta.persistence.schema-generation.database.action");
            if (transientData && !explicit) {
                settings.put("hibernate.hbm2ddl.auto", "create");
            }
        };
    }

    private static void createDatabase(EmbeddedClickHouseDatabase database) {
        String url = "jdbc:clickhouse:" + database.httpUrl().substring(database.httpUrl().indexOf("//")) + "/default";
        try (Connection connection = DriverManager.getConnection(url, database.getUsername(), database.getPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + database.database().replace("`", "\\`") + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database.database()
                    + " (chorm.embedded.database) on the embedded engine: " + e.getMessage(), e);
        }
    }

    /** Matches when the application names no {@code spring.datasource.url}. */
    static final class NoDataSourceUrl extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank()
                    ? ConditionOutcome.match("no spring.datasource.url")
                    : ConditionOutcome.noMatch("spring.datasource.url is set");
        }
    }

    /** Kept apart so that chorm-test is only loaded when present. */
    static final class TestServerDatabases {
        static EmbeddedClickHouseDatabase create() {
            dev.chorm.test.TestDatabase database = dev.chorm.test.TestDatabase.create(EmbeddedClickHouseDatabase.class);
            return new EmbeddedClickHouseDatabase(database.httpUrl(), database.name(), database.user(), database.password(),
                    null, () -> dropQuietly(database));
        }

        /** At JVM exit chorm-test may have stopped its engine first: its temporary data is gone with it. */
        static void dropQuietly(dev.chorm.test.TestDatabase database) {
            try {
                database.drop();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ChormEmbeddedAutoConfiguration.class)
                        .debug("could not drop test database {}: {}", database.name(), e.getMessage());
            }
        }
    }
}
