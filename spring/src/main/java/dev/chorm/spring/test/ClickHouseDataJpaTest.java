package dev.chorm.spring.test;

import dev.chorm.spring.ChormAutoConfiguration;
import dev.chorm.spring.ChormMigrationsAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.core.annotation.AliasFor;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Spring Data JPA test slice on ClickHouse: {@link DataJpaTest}'s slice (entities, repositories,
 * {@code TestEntityManager}, no other beans), on a database of the test class's own.
 *
 * <ul>
 *   <li>the database lives on chorm-test's embedded engine (one per JVM), or on the server named
 *       by {@code chorm.test.url} / {@code CHORM_TEST_URL};</li>
 *   <li>the schema comes from chorm's migrations when {@code chorm.migrations.location} holds some,
 *       else Hibernate creates it from the entities ({@code spring.jpa.hibernate.ddl-auto=create}
 *       unless set otherwise);</li>
 *   <li>every table is truncated after each test, table by table: ClickHouse cannot roll back, so
 *       test methods run without a test-managed transaction (unlike {@code @DataJpaTest});</li>
 *   <li>after the last test the application context is closed and the database dropped.</li>
 * </ul>
 * The {@link dev.chorm.test.TestDatabase} is a bean of the context: inject it to run SQL.
 * Needs {@code chorm-test} and {@code spring-boot-data-jpa-test} on the test class path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@ImportAutoConfiguration({ChormAutoConfiguration.class, ChormMigrationsAutoConfiguration.class})
@AutoConfigureClickHouseTestDatabase
public @interface ClickHouseDataJpaTest {

    /** Properties in {@code key=value} form added to the context's environment. */
    @AliasFor(annotation = DataJpaTest.class)
    String[] properties() default {};

    /** Whether to log the SQL Hibernate sends. */
    @AliasFor(annotation = DataJpaTest.class)
    boolean showSql() default true;
}
