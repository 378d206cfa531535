package dev.chorm.spring.analytics;

import dev.chorm.spring.test.AutoConfigureClickHouseTestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * docs/queries.md's analytics question as Spring Data repository methods (@Query with FINAL and
 * PREWHERE, @QueryHints with settings), on versions not yet merged by ClickHouse.
 */
@SpringBootTest(classes = AnalyticsQuestionApplication.class)
@AutoConfigureClickHouseTestDatabase
class AnalyticsQuestionTest {

    @Autowired
    VisitRepository visits;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @PersistenceContext
    EntityManager em;

    @BeforeEach
    void data() {
        jdbc.execute("SYSTEM STOP MERGES visit"); // keep the replaced versions on disk
        transactions.executeWithoutResult(status -> List.of(
                new Visit(1, 1, "/a", 100, 1), new Visit(2, 2, "/a", 200, 1), new Visit(3, 1, "/b", 300, 1),
                new Visit(4, 2, "/b", 50, 1), new Visit(5, 3, "/b", 10, 1)).forEach(em::persist));
        // new versions: visit 1 was slower than first recorded, visit 4 was of page /c
        transactions.executeWithoutResult(status -> List.of(
                new Visit(1, 1, "/a", 500, 2), new Visit(4, 2, "/c", 70, 2)).forEach(em::persist));
        assertThat(jdbc.queryForObject("select count() from visit", Long.class)).isEqualTo(7);
    }

    @Test
    void theAnalyticsQuestionCountsEachVisitAsItIsNow() {
        List<VisitRepository.PageStats> pages = visits.slowestPages(2, Limit.of(10));
        assertThat(pages).extracting(VisitRepository.PageStats::getPage).containsExactly("/a", "/b");
        assertThat(pages).extracting(VisitRepository.PageStats::getAccounts).containsExactly(2L, 2L);
        assertThat(pages.get(0).getP95()).isCloseTo(485.0, within(0.01)); // between 200 and 500
        assertThat(pages.get(1).getP95()).isCloseTo(285.5, within(0.01)); // between 10 and 300

        assertThat(visits.slowestPages(2, Limit.of(1))).extracting(VisitRepository.PageStats::getPage).containsExactly("/a");
        // the final setting as a hint gives the same answer; every version counted gives another
        assertThat(visits.slowestPagesWithTheFinalSetting(2)).extracting(VisitRepository.PageStats::getPage, VisitRepository.PageStats::getAccounts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/a", 2L), org.assertj.core.groups.Tuple.tuple("/b", 2L));
        assertThat(visits.slowestPagesCountingEveryVersion(2)).extracting(VisitRepository.PageStats::getPage, VisitRepository.PageStats::getAccounts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/a", 2L), org.assertj.core.groups.Tuple.tuple("/b", 3L));
    }

    @Test
    void findByIdReturnsTheLatestVersion() {
        assertThat(visits.findById(4L)).map(Visit::getPage).hasValue("/c"); // two versions on disk, one entity
        assertThat(visits.findById(1L)).map(Visit::getLoadMs).hasValue(500);
        assertThat(visits.count()).isEqualTo(7); // a count query keeps the user's choice: no FINAL
    }
}
