package dev.chorm.spring.app;

import dev.chorm.spring.test.ClickHouseDataJpaTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@ClickHouseDataJpaTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClickHouseDataJpaTestSliceTest {

    @Autowired
    PageVisitRepository visits;
    @Autowired
    TestDatabase database;
    @Autowired
    ApplicationContext context;

    @Test
    @Order(1)
    void theSchemaIsCreatedFromTheEntitiesInADatabaseOfTheClassesOwn() {
        assertThat(database.name()).startsWith("test_clickhousedatajpatestslicetest_");
        assertThat(database.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'page_visit'"))
                .isEqualTo(1);
        visits.saveAll(List.of(new PageVisit("DE", "/", 1, 100, Instant.parse("2026-01-01T00:00:00Z")),
                new PageVisit("FR", "/", 2, 200, Instant.parse("2026-01-02T00:00:00Z"))));
        assertThat(visits.count()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void tablesAreTruncatedBetweenTests() {
        assertThat(visits.count()).isZero();
    }

    @Test
    @Order(3)
    void theSliceHoldsRepositoriesButNotServices() {
        assertThat(context.getBeanNamesForType(VisitService.class)).isEmpty();
        assertThat(context.getBeanNamesForType(PageVisitRepository.class)).hasSize(1);
    }

    @Test
    @Order(4)
    void anotherTestClassGetsAnotherDatabaseWhichIsDroppedAfterItsLastTest() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Inner.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(Inner.seen).isNotNull().isNotEqualTo(database.name());
        assertThat(database.queryLong("SELECT count() FROM system.databases WHERE name = '" + Inner.seen + "'")).isZero();
        assertThat(database.queryLong("SELECT count() FROM system.databases WHERE name = '" + database.name() + "'")).isEqualTo(1);
    }

    /** Run only through the test kit above (a static nested class: not picked up on its own by surefire's pattern). */
    @ClickHouseDataJpaTest
    static class Inner {
        static volatile String seen;

        @Autowired
        TestDatabase database;
        @Autowired
        PageVisitRepository visits;

        @Test
        void seesAnEmptyDatabaseOfItsOwn() {
            seen = database.name();
            assertThat(visits.count()).isZero();
        }
    }
}
