package dev.chorm.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the annotated test class a database of its own on ClickHouse, created before the first
 * test and dropped after the last one. Test methods and constructors may declare a
 * {@link TestDatabase} parameter to reach it.
 *
 * <p>By default the database lives on the embedded engine, started once per JVM. Set the system
 * property {@code chorm.test.url} (or environment variable {@code CHORM_TEST_URL}) to
 * {@code http://host:8123} to run against a server instead, with {@code chorm.test.user} and
 * {@code chorm.test.password} ({@code CHORM_TEST_USER}, {@code CHORM_TEST_PASSWORD}).
 *
 * <pre>{@code
 * @ClickHouseTest
 * class EventsTest {
 *     @Test
 *     void counts(TestDatabase db) throws SQLException {
 *         try (Connection c = db.openConnection()) { ... }
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ClickHouseExtension.class)
public @interface ClickHouseTest {

    /** Keep the database after the tests, for inspection (default: drop it). */
    boolean keepDatabase() default false;
}
