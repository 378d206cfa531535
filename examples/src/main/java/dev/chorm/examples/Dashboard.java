package dev.chorm.examples;

import dev.chorm.hibernate.query.ClickHouseQuery;
import dev.chorm.hibernate.query.Settings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's questions, each one HQL query with ClickHouse's functions and clauses. The
 * answers are plain records: the text tables and the HTML report are drawn from them.
 */
final class Dashboard {

    record TopPage(String page, long views, long visitors, double medianLoadMs) {
    }

    record Day(LocalDate day, long views, long visitors, long sessions) {
    }

    record CountryLoad(String country, double p95LoadMs, double medianLoadMs, long views) {
    }

    /** Visitors who landed; of those, who signed up after landing; of those, who bought after signing up. */
    record Funnel(long landed, long signedUp, long purchased) {
    }

    /** Cohort (Monday of the first visit's week) → visitors active in week 0, 1, 2, ... after it. */
    record Retention(Map<LocalDate, long[]> cohorts, int weeks) {
    }

    /** Page views and visitors carrying one value of an array element or a map entry. */
    record Segment(String kind, String value, long views, long visitors) {
    }

    record Answers(List<TopPage> topPages, List<Day> days, List<CountryLoad> loadByCountry, Funnel funnel,
                   Retention retention, Map<String, Long> devices, Map<String, Long> sessionVersions,
                   List<Segment> campaigns) {
    }

    private final EntityManagerFactory factory;

    Dashboard(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /**
     * Top pages by views, with distinct visitors (uniq: approximate past 65,536 but deterministic) and
     * the median load time (quantileExact: the same seed prints the same numbers; plain quantile samples).
     */
    List<TopPage> topPages(EntityManager em) {
        return em.createQuery("""
                        select p.page, count(p), uniq(p.visitorId), quantileExact(0.5, p.loadMs)
                        from PageView p
                        group by p.page
                        order by count(p) desc, p.page
                        limit 10""", Object[].class).getResultList().stream()
                .map(r -> new TopPage((String) r[0], (Long) r[1], (Long) r[2], ((Number) r[3]).doubleValue()))
                .toList();
    }

    /**
     * Per day: views from the SummingMergeTree rollup (summed, since merges are eventual), distinct
     * visitors from the raw page views, visits from the latest version of each session (FINAL).
     */
    List<Day> days(EntityManager em) {
        Map<LocalDate, Long> views = new TreeMap<>();
        em.createQuery("select d.day, sum(d.views) from DailyPageStats d group by d.day order by d.day", Object[].class)
                .getResultList().forEach(r -> views.put((LocalDate) r[0], (Long) r[1]));
        Map<LocalDate, Long> visitors = new TreeMap<>();
        em.createQuery("""
                        select toStartOfDay(p.at), uniq(p.visitorId)
                        from PageView p
                        group by toStartOfDay(p.at)""", Object[].class)
                .getResultList().forEach(r -> visitors.put(day(r[0]), (Long) r[1]));
        Map<LocalDate, Long> sessions = new TreeMap<>();
        em.createQuery("""
                        select toStartOfDay(s.startedAt), count(s)
                        from VisitSession s
                        where final(s)
                        group by toStartOfDay(s.startedAt)""", Object[].class)
                .getResultList().forEach(r -> sessions.put(day(r[0]), (Long) r[1]));
        List<Day> days = new ArrayList<>();
        views.forEach((day, n) -> days.add(new Day(day, n, visitors.getOrDefault(day, 0L), sessions.getOrDefault(day, 0L))));
        return days;
    }

    /** The 95th and 50th percentile of load time per country (exact), slowest first. */
    List<CountryLoad> loadByCountry(EntityManager em) {
        return em.createQuery("""
                        select p.country, quantileExact(0.95, p.loadMs), quantileExact(0.5, p.loadMs), count(p)
                        from PageView p
                        group by p.country
                        order by quantileExact(0.95, p.loadMs) desc, p.country""", Object[].class).getResultList().stream()
                .map(r -> new CountryLoad((String) r[0], ((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue(), (Long) r[3]))
                .toList();
    }

    /**
     * Landing, then signup, then purchase, in that order, per visitor: the first time of each step
     * (minIf) in a derived table, compared in the outer query (countIf).
     */
    Funnel funnel(EntityManager em) {
        Object[] r = em.createQuery("""
                select count(*), countIf(f.signup >= f.landing), countIf(f.purchase >= f.signup and f.signup >= f.landing)
                from (select e.visitorId as visitor,
                             minIf(e.at, e.name = 'landing') as landing,
                             minIf(e.at, e.name = 'signup') as signup,
                             minIf(e.at, e.name = 'purchase') as purchase
                      from Event e
                      where e.name in ('landing', 'signup', 'purchase')
                      group by e.visitorId) f
                where f.landing is not null""", Object[].class).getSingleResult();
        return new Funnel((Long) r[0], (Long) r[1], (Long) r[2]);
    }

    /**
     * Visitors by the week of their first visit, and how many of them came back in each later week.
     * Weeks are counted from the window's first Monday ({@code datediff(week, :start, at)}).
     */
    Retention retention(EntityManager em) {
        List<Object[]> rows = em.createQuery("""
                with firsts as (
                    select v.visitorId as visitor, min(datediff(week, :start, v.at)) as cohort
                    from PageView v
                    group by v.visitorId
                )
                select c.cohort, datediff(week, :start, p.at) - c.cohort, uniq(p.visitorId)
                from PageView p join firsts c on c.visitor = p.visitorId
                group by 1, 2
                order by 1, 2""", Object[].class)
                .setParameter("start", Traffic.START)
                .getResultList();
        int weeks = (Traffic.DAYS + 6) / 7;
        LocalDate first = LocalDate.ofInstant(Traffic.START, ZoneOffset.UTC);
        Map<LocalDate, long[]> cohorts = new TreeMap<>();
        for (Object[] r : rows) {
            int week = ((Number) r[1]).intValue();
            if (week >= 0 && week < weeks) {
                LocalDate cohort = first.plusWeeks(((Number) r[0]).longValue());
                cohorts.computeIfAbsent(cohort, k -> new long[weeks])[week] = (Long) r[2];
            }
        }
        return new Retention(cohorts, weeks);
    }

    /**
     * Where traffic comes from: page views per {@code utm_source} (a key of the {@code properties}
     * Map), then per tag (an element of the {@code tags} Array, one row per element with arrayJoin).
     */
    List<Segment> campaigns(EntityManager em) {
        List<Segment> segments = new ArrayList<>();
        em.createQuery("""
                        select arrayElement(p.properties, 'utm_source'), count(p), uniq(p.visitorId)
                        from PageView p
                        where mapContains(p.properties, 'utm_source')
                        group by 1
                        order by 2 desc, 1""", Object[].class).getResultList()
                .forEach(r -> segments.add(new Segment("utm_source", (String) r[0], (Long) r[1], (Long) r[2])));
        em.createQuery("""
                        select arrayJoin(p.tags), count(p), uniq(p.visitorId)
                        from PageView p
                        where length(p.tags) > 0
                        group by 1
                        order by 2 desc, 1""", Object[].class).getResultList()
                .forEach(r -> segments.add(new Segment("tag", (String) r[0], (Long) r[1], (Long) r[2])));
        return segments;
    }

    /** Visitors per device, counting each visit's latest version (FINAL) of the sessions table. */
    Map<String, Long> devices(EntityManager em) {
        Map<String, Long> devices = new LinkedHashMap<>();
        em.createQuery("""
                        select s.device, uniq(s.visitorId) from VisitSession s where final(s)
                        group by s.device order by 2 desc""", Object[].class)
                .getResultList().forEach(r -> devices.put((String) r[0], (Long) r[1]));
        return devices;
    }

    /** Rows stored in the sessions table against sessions seen through FINAL (the latest version of each). */
    Map<String, Long> sessionVersions(EntityManager em) {
        long stored = em.createQuery("select count(s) from VisitSession s", Long.class).getSingleResult();
        long latest = em.createQuery("select count(s) from VisitSession s where final(s)", Long.class).getSingleResult();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("stored", stored);
        counts.put("latest", latest);
        return counts;
    }

    Answers answers() {
        // settings for every query of this EntityManager: a dashboard query that runs away is stopped
        try (EntityManager em = ClickHouseQuery.createEntityManager(factory, Settings.of("max_execution_time", 60))) {
            return new Answers(topPages(em), days(em), loadByCountry(em), funnel(em), retention(em), devices(em),
                    sessionVersions(em), campaigns(em));
        }
    }

    private static LocalDate day(Object value) {
        if (value instanceof Instant instant) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof java.time.LocalDateTime time) {
            return time.toLocalDate();
        }
        if (value instanceof java.time.OffsetDateTime time) {
            return time.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        }
        throw new IllegalStateException("not a date: " + value + " (" + value.getClass() + ")");
    }
}
