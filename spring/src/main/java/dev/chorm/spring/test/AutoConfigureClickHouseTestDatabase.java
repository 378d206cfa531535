package dev.chorm.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points the test's application context at a ClickHouse database of the test class's own,
 * whatever {@code spring.datasource.url} says, and cleans up after it: tables truncated after
 * each test, context closed and database dropped after the class. Part of
 * {@link ClickHouseDataJpaTest}; put it on a {@code @SpringBootTest} class to give a full
 * application the same isolation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureClickHouseTestDatabase {

    /** Truncate every table of the database after each test method (default true). */
    boolean truncateAfterEachTest() default true;
}
