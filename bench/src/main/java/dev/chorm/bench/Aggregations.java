package dev.chorm.bench;

import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Small aggregations, p50 and p99: an HQL query through chorm against the same SQL by hand through
 * the raw driver, alternating query by query so that both see the same load. Each ORM answer is
 * compared with the hand-written one once, so a fast wrong answer cannot pass.
 */
final class Aggregations {

    private static final int WARM_UP = 50;
    private static final int ITERATIONS = 500;

    private Aggregations() {
    }

    /** Table rows: {group, path, time, rows/s, ratio}. */
    static List<String[]> measure(Connection jdbc, SessionFactory sessions) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (StatelessSession session = sessions.openStatelessSession();
             PreparedStatement byCountry = jdbc.prepareStatement(
                     "SELECT country, count(), sum(amount) FROM event GROUP BY country ORDER BY country");
             PreparedStatement inRange = jdbc.prepareStatement("SELECT count() FROM event WHERE day BETWEEN ? AND ?")) {
            var hqlByCountry = session.createSelectionQuery(
                    "select country, count(*), sum(amount) from Event group by country order by country", Object[].class);
            compare("count and sum by country", rawByCountry(byCountry), ormByCountry(hqlByCountry.getResultList()));
            long[][] byCountryTimes = alternate(() -> rawByCountry(byCountry), () -> hqlByCountry.getResultList());
            add(rows, "count+sum group by country", byCountryTimes);

            LocalDate from = LocalDate.of(2025, 3, 1);
            LocalDate to = LocalDate.of(2025, 3, 31);
            var hqlInRange = session.createSelectionQuery("select count(*) from Event where day between :from and :to",
                    Long.class).setParameter("from", from).setParameter("to", to);
            compare("count in a date range", rawInRange(inRange, from, to), hqlInRange.getSingleResult());
            long[][] inRangeTimes = alternate(() -> rawInRange(inRange, from, to), hqlInRange::getSingleResult);
            add(rows, "count where day between", inRangeTimes);
        }
        return rows;
    }

    interface Query {
        Object run() throws Exception;
    }

    /** {raw times, orm times}, sorted, after a warm-up of both. */
    private static long[][] alternate(Query raw, Query orm) throws Exception {
        long[] rawTimes = new long[ITERATIONS];
        long[] ormTimes = new long[ITERATIONS];
        for (int i = -WARM_UP; i < ITERATIONS; i++) {
            long start = System.nanoTime();
            Objects.requireNonNull(raw.run());
            long middle = System.nanoTime();
            Objects.requireNonNull(orm.run());
            long end = System.nanoTime();
            if (i >= 0) {
                rawTimes[i] = middle - start;
                ormTimes[i] = end - middle;
            }
        }
        Arrays.sort(rawTimes);
        Arrays.sort(ormTimes);
        return new long[][]{rawTimes, ormTimes};
    }

    private static void add(List<String[]> rows, String query, long[][] times) {
        for (int percentile : new int[]{50, 99}) {
            long raw = times[0][times[0].length * percentile / 100];
            long orm = times[1][times[1].length * percentile / 100];
            rows.add(row("raw JDBC: " + query + ", p" + percentile, raw, "1.00 (base)"));
            rows.add(row("chorm HQL: " + query + ", p" + percentile, orm,
                    String.format(Locale.ROOT, "%.2f", (double) raw / orm)));
        }
    }

    private static String[] row(String path, long nanos, String ratio) {
        return new String[]{"aggregation", path, String.format(Locale.ROOT, "%.3f ms", nanos / 1e6), "", ratio};
    }

    private static String rawByCountry(PreparedStatement statement) throws Exception {
        StringBuilder result = new StringBuilder();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                result.append(rs.getString(1)).append('=').append(rs.getLong(2)).append('/')
                        .append(Math.round(rs.getDouble(3) * 100)).append(' ');
            }
        }
        return result.toString();
    }

    private static String ormByCountry(List<Object[]> rows) {
        StringBuilder result = new StringBuilder();
        for (Object[] row : rows) {
            result.append(row[0]).append('=').append(((Number) row[1]).longValue()).append('/')
                    .append(Math.round(((Number) row[2]).doubleValue() * 100)).append(' ');
        }
        return result.toString();
    }

    private static long rawInRange(PreparedStatement statement, LocalDate from, LocalDate to) throws Exception {
        statement.setObject(1, from);
        statement.setObject(2, to);
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void compare(String what, Object raw, Object orm) {
        if (!String.valueOf(raw).equals(String.valueOf(orm)) || String.valueOf(raw).isEmpty()) {
            throw new IllegalStateException(what + ": chorm answered " + orm + ", the SQL by hand " + raw);
        }
    }
}
