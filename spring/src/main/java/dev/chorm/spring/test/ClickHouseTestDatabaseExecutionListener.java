package dev.chorm.spring.test;

import dev.chorm.test.TestDatabase;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Registered in {@code META-INF/spring.factories}: truncates the test database's tables after
 * each test, and closes the class's context after the last one (which drops the database).
 */
class ClickHouseTestDatabaseExecutionListener extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        return 2_500; // after dependency injection (2000), before transactions (4000) end
    }

    @Override
    public void afterTestMethod(TestContext testContext) {
        AutoConfigureClickHouseTestDatabase settings = settings(testContext);
        if (settings != null && settings.truncateAfterEachTest() && testContext.hasApplicationContext()) {
            ApplicationContext context = testContext.getApplicationContext();
            if (context.containsBean(ClickHouseTestDatabaseContextCustomizerFactory.DATABASE_BEAN)) {
                context.getBean(ClickHouseTestDatabaseContextCustomizerFactory.DATABASE_BEAN, TestDatabase.class)
                        .truncateAllTables();
            }
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        if (settings(testContext) != null && testContext.hasApplicationContext()) {
            testContext.markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);
        }
    }

    private static AutoConfigureClickHouseTestDatabase settings(TestContext testContext) {
        return TestContextAnnotationUtils.findMergedAnnotation(testContext.getTestClass(), AutoConfigureClickHouseTestDatabase.class);
    }
}
