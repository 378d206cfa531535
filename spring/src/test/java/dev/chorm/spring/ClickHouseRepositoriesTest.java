package dev.chorm.spring;

import dev.chorm.spring.app.PageVisit;
import dev.chorm.spring.app.PageVisitRepository;
import dev.chorm.spring.app.VisitService;
import dev.chorm.spring.test.AutoConfigureClickHouseTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application, isolated like the slice: a database of this class's own, truncated after each test. */
@SpringBootTest(classes = dev.chorm.spring.app.AnalyticsApplication.class)
@AutoConfigureClickHouseTestDatabase
class ClickHouseRepositoriesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Autowired
    PageVisitRepository visits;
    @Autowired
    VisitService service;

    @BeforeEach
    void data() {
        assertThat(visits.count()).isZero(); // truncated after the previous test
        service.record(List.of(
                new PageVisit("DE", "/", 1, 120, T0),
                new PageVisit("DE", "/pricing", 1, 300, T0.plusSeconds(60)),
                new PageVisit("FR", "/", 2, 80, T0.plusSeconds(120)),
                new PageVisit("FR", "/docs", 3, 900, T0.plusSeconds(180)),
                new PageVisit("US", "/", 4, 200, T0.plusSeconds(240))));
    }

    @Test
    void derivedQueriesFilterSortAndCount() {
        assertThat(visits.findByCountryOrderByVisitedAtAsc("DE")).extracting(PageVisit::getPath).containsExactly("/", "/pricing");
        assertThat(visits.countByCountry("FR")).isEqualTo(2);
        assertThat(visits.existsByPath("/docs")).isTrue();
        assertThat(visits.findByLoadMillisGreaterThanAndVisitedAtBetween(100, T0, T0.plusSeconds(200), Sort.by(Sort.Direction.DESC, "loadMillis")))
                .extracting(PageVisit::getLoadMillis).containsExactly(900, 300, 120);
    }

    @Test
    void clickHouseFunctionsInQueries() {
        assertThat(visits.uniqueVisitors("/")).isEqualTo(3);
        assertThat(visits.medianLoad("FR")).isEqualTo(490.0);
        assertThat(visits.p95LoadByCountry()).extracting(row -> row[0]).containsExactly("DE", "FR", "US");
        assertThat(((Number) visits.p95LoadByCountry().get(2)[1]).doubleValue()).isEqualTo(200.0);
    }

    @Test
    void pagesCarryTheTotalCount() {
        Page<PageVisit> page = visits.findAll(PageRequest.of(1, 2, Sort.by("visitedAt")));
        assertThat(page.getTotalElements()).isEqualTo(5);
        assertThat(page.getTotalPages()).isEqualTo(3);
        assertThat(page.getContent()).extracting(PageVisit::getPath).containsExactly("/", "/docs");
        assertThat(visits.topPaths(PageRequest.of(0, 2))).extracting(PageVisitRepository.PathVisits::getPath, PageVisitRepository.PathVisits::getVisits)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/", 3L), org.assertj.core.groups.Tuple.tuple("/docs", 1L));
    }

    @Test
    void streamsResults() {
        assertThat(service.pathsInVisitOrder()).isEqualTo("/,/pricing,/,/docs,/");
    }
}
