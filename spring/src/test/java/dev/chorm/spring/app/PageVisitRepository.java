package dev.chorm.spring.app;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

public interface PageVisitRepository extends JpaRepository<PageVisit, Long> {

    List<PageVisit> findByCountryOrderByVisitedAtAsc(String country);

    long countByCountry(String country);

    List<PageVisit> findByLoadMillisGreaterThanAndVisitedAtBetween(int loadMillis, Instant from, Instant to, Sort sort);

    Page<PageVisit> findByCountry(String country, Pageable pageable);

    boolean existsByPath(String path);

    /** ClickHouse's own aggregates, reached from HQL by name or through function(). */
    @Query("select function('uniq', v.visitorId) from PageVisit v where v.path = :path")
    long uniqueVisitors(@Param("path") String path);

    @Query("select function('median', v.loadMillis) from PageVisit v where v.country = :country")
    double medianLoad(@Param("country") String country);

    /** Parametric aggregates (quantile(0.95)(x)) have no HQL spelling: a native query. */
    @Query(value = "SELECT country, quantile(0.95)(load_millis) AS p95 FROM page_visit"
            + " GROUP BY country ORDER BY country", nativeQuery = true)
    List<Object[]> p95LoadByCountry();

    @Query("select v.path as path, count(v) as visits from PageVisit v group by v.path order by count(v) desc, v.path")
    List<PathVisits> topPaths(Pageable pageable);

    @Query("select v from PageVisit v order by v.visitedAt")
    Stream<PageVisit> streamAllByVisitTime();

    /** 10^10 rows: far more than anyone reads to the end. */
    @Query(value = "SELECT toInt64(number) FROM numbers(10000000000)", nativeQuery = true)
    Stream<Long> endlessNumbers();

    interface PathVisits {
        String getPath();

        long getVisits();
    }
}
