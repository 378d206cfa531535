package dev.chorm.spring.test;

import dev.chorm.test.TestDatabase;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ClassUtils;

import java.util.List;
import java.util.Map;

/**
 * Registered in {@code META-INF/spring.factories}: for test classes carrying
 * {@link AutoConfigureClickHouseTestDatabase} (directly or through {@link ClickHouseDataJpaTest}),
 * creates the class's database when its context starts and points the DataSource at it.
 * The customizer is keyed by test class, so no two classes share a context (or a database).
 */
class ClickHouseTestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    static final String DATABASE_BEAN = "chormTestDatabase";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureClickHouseTestDatabase.class)) {
            return null;
        }
        if (!ClassUtils.isPresent("dev.chorm.test.TestDatabase", testClass.getClassLoader())) {
            throw new IllegalStateException(testClass.getName() + " asks for a ClickHouse test database, which needs"
                    + " dev.chorm:chorm-test on the test class path");
        }
        return new Customizer(testClass);
    }

    private record Customizer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestDatabase database = TestDatabase.create(testClass);
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            sources.addFirst(new MapPropertySource("chormTestDatabase", Map.of(
                    "spring.datasource.url", database.jdbcUrl(),
                    "spring.datasource.username", database.user(),
                    "spring.datasource.password", database.password())));
            // Lowest precedence: a test or application may still choose another schema action.
            sources.addLast(new MapPropertySource("chormTestDatabaseDefaults", Map.of(
                    "spring.jpa.hibernate.ddl-auto", "create")));
            context.getBeanFactory().registerSingleton(DATABASE_BEAN, database);
            // Manually registered singletons get no destruction callbacks: drop on the closed event.
            context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> dropQuietly(database));
        }
    }

    /** A context closed at JVM exit may find chorm-test's engine stopped already, its data gone with it. */
    private static void dropQuietly(TestDatabase database) {
        try {
            database.drop();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ClickHouseTestDatabaseContextCustomizerFactory.class)
                    .debug("could not drop test database {}: {}", database.name(), e.getMessage());
        }
    }
}
