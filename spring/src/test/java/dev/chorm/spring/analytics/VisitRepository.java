package dev.chorm.spring.analytics;

import dev.chorm.hibernate.query.ClickHouseHints;
import jakarta.persistence.QueryHint;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.Param;

import java.util.List;

public interface VisitRepository extends JpaRepository<Visit, Long> {

    /**
     * Per page: distinct accounts and the 95th-percentile load time of the visits as they are now
     * (FINAL), for pages seen by at least {@code minAccounts} accounts; slowest first.
     */
    @Query("""
            select v.page as page, uniq(v.accountId) as accounts, quantile(0.95, v.loadMs) as p95
            from Visit v
            where final(v) and prewhere(v.loadMs > 0)
            group by v.page
            having uniq(v.accountId) >= :minAccounts
            order by quantile(0.95, v.loadMs) desc, v.page""")
    @QueryHints(@QueryHint(name = ClickHouseHints.DATABASE_HINT, value = "chorm.settings: max_threads = 2"))
    List<PageStats> slowestPages(@Param("minAccounts") long minAccounts, Limit limit);

    /** The same question with FINAL for every table through ClickHouse's {@code final} setting, as a hint. */
    @Query("""
            select v.page as page, uniq(v.accountId) as accounts, quantile(0.95, v.loadMs) as p95
            from Visit v
            group by v.page
            having uniq(v.accountId) >= :minAccounts
            order by quantile(0.95, v.loadMs) desc, v.page""")
    @QueryHints(@QueryHint(name = ClickHouseHints.DATABASE_HINT, value = "chorm.settings: final = 1"))
    List<PageStats> slowestPagesWithTheFinalSetting(@Param("minAccounts") long minAccounts);

    /** Without FINAL: every stored version counts. */
    @Query("""
            select v.page as page, uniq(v.accountId) as accounts, quantile(0.95, v.loadMs) as p95
            from Visit v
            group by v.page
            having uniq(v.accountId) >= :minAccounts
            order by quantile(0.95, v.loadMs) desc, v.page""")
    List<PageStats> slowestPagesCountingEveryVersion(@Param("minAccounts") long minAccounts);

    interface PageStats {
        String getPage();

        long getAccounts();

        double getP95();
    }
}
