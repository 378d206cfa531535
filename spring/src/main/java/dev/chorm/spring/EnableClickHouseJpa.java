package dev.chorm.spring;

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * ClickHouse for chosen packages, next to the application's primary database (PostgreSQL, say),
 * which Spring Boot keeps configuring from {@code spring.datasource.*} as before.
 *
 * <pre>{@code
 * @Configuration
 * @EnableClickHouseJpa(basePackages = "com.acme.events")   // entities and repositories on ClickHouse
 * class ClickHouseConfig {
 * }
 * }</pre>
 *
 * registers, for the entities and Spring Data repositories of {@code basePackages}:
 * <ul>
 *   <li>{@value #DATA_SOURCE}: a Hikari pool on {@code chorm.clickhouse.url} (with
 *       {@code chorm.clickhouse.username}/{@code password}, pool settings under
 *       {@code chorm.clickhouse.hikari.*}), or on the embedded engine when no URL is set;</li>
 *   <li>{@value #ENTITY_MANAGER_FACTORY}: a persistence unit for those packages only, named like
 *       Spring Boot names columns, schema action from {@code chorm.clickhouse.ddl-auto};</li>
 *   <li>{@value #TRANSACTION_MANAGER}: its transaction manager, for
 *       {@code @Transactional("clickhouseTransactionManager")}.</li>
 * </ul>
 * These beans are not default candidates (Spring Framework's {@code defaultCandidate = false}), so
 * Spring Boot still creates the primary DataSource, EntityManagerFactory and transaction manager
 * and plain injection points get those. Because Spring Data then sees an explicit repository
 * configuration, the application names its primary packages too: {@code @EntityScan} and
 * {@code @EnableJpaRepositories} on another configuration class (a class can carry only one
 * {@code @EnableJpaRepositories}, and this annotation is one).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@EnableJpaRepositories(entityManagerFactoryRef = EnableClickHouseJpa.ENTITY_MANAGER_FACTORY,
        transactionManagerRef = EnableClickHouseJpa.TRANSACTION_MANAGER)
@Import(ClickHouseJpaRegistrar.class)
public @interface EnableClickHouseJpa {

    String DATA_SOURCE = "clickhouseDataSource";
    String ENTITY_MANAGER_FACTORY = "clickhouseEntityManagerFactory";
    String TRANSACTION_MANAGER = "clickhouseTransactionManager";

    /** Packages holding the ClickHouse entities and their repositories (sub-packages included). */
    @AliasFor(annotation = EnableJpaRepositories.class, attribute = "basePackages")
    String[] basePackages();

    /** Where the ClickHouse connection settings live ({@code <prefix>.url}, ...); default {@code chorm.clickhouse}. */
    String prefix() default "chorm.clickhouse";
}
