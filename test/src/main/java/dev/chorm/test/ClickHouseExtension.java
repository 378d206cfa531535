package dev.chorm.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Locale;
import java.util.UUID;

/**
 * The JUnit 5 extension behind {@link ClickHouseTest}: one database per test class, created in
 * {@code beforeAll}, dropped in {@code afterAll}, injected as a {@link TestDatabase} parameter.
 */
public final class ClickHouseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClickHouseExtension.class);
    private static final String KEY = "database";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getStore(NAMESPACE).get(KEY) != null) {
            return; // a @Nested class: it shares its enclosing class's database (stores look up their parents)
        }
        ClickHouseTest annotation = context.getRequiredTestClass().getAnnotation(ClickHouseTest.class);
        TestServer server = TestServer.get(annotation == null ? "" : annotation.cluster());
        TestDatabase database = new TestDatabase(server, databaseName(context.getRequiredTestClass()));
        server.execute(server.createDatabase(database.name()));
        context.getStore(NAMESPACE).put(KEY, database);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase database = context.getStore(NAMESPACE).remove(KEY, TestDatabase.class);
        ClickHouseTest annotation = context.getRequiredTestClass().getAnnotation(ClickHouseTest.class);
        if (database != null && (annotation == null || !annotation.keepDatabase())) {
            database.drop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return database(context);
    }

    /** The database of the test class that {@code context} belongs to (nested classes share it). */
    public static TestDatabase database(ExtensionContext context) {
        TestDatabase database = context.getStore(NAMESPACE).get(KEY, TestDatabase.class);
        if (database != null) {
            return database;
        }
        throw new IllegalStateException("no ClickHouse test database: annotate the test class with @ClickHouseTest");
    }

    static String databaseName(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "test_" + base + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
