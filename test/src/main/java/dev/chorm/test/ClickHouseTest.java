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
 * {@code chorm.test.password} ({@code CHORM_TEST_USER}, {@code CHORM_TEST_PASSWORD}). When that
 * server is one of a cluster's, set {@code chorm.test.cluster} ({@code CHORM_TEST_CLUSTER}) to the
 * cluster's name: each test database is then created and dropped {@code ON CLUSTER} through that
 * server, so it exists on every server of the cluster.
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

    /**
     * A cluster the tests need, e.g. for {@code Distributed('analytics', ...)} tables. On the
     * embedded engine it is defined as one shard with one replica, the engine itself
     * ({@code EmbeddedClickHouse.Builder#cluster}); the engine defines clusters when it starts, so
     * the first class asking for one the engine lacks restarts it (a second or so, on the same data
     * directory and port; other test classes' databases stay). With test classes running in
     * parallel, start the engine with the cluster instead ({@code -Dchorm.test.cluster=name}), so it
     * is never restarted under another class. A configured server ({@code chorm.test.url}) must
     * have the cluster already. Default: none.
     */
    String cluster() default "";
}
