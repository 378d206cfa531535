package dev.chorm.examples;

import dev.chorm.examples.model.DailyPageStats;
import dev.chorm.examples.model.Event;
import dev.chorm.examples.model.PageView;
import dev.chorm.examples.model.VisitSession;
import dev.chorm.hibernate.jdbc.BulkInsert;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes generated traffic through Hibernate's metamodel with chorm's {@link BulkInsert}: one per
 * entity kind, each streaming its rows to ClickHouse as RowBinary blocks (one INSERT, one part, per
 * block of about a million rows). Alongside, the SummingMergeTree rollup gets each chunk's partial
 * sums through the {@link StatelessSession}.
 */
final class Ingest {

    /** How many distinct rollup keys are summed before they are written. */
    static final int ROLLUP_CHUNK = 5_000;

    record Result(long pageViews, long events, long sessionRows, long rollupRows, double seconds) {
        long rows() {
            return pageViews + events;
        }

        double rowsPerSecond() {
            return rows() / seconds;
        }
    }

    private final SessionFactory factory;
    private final PrintStream out;
    private final boolean interactive;

    Ingest(SessionFactory factory, PrintStream out, boolean interactive) {
        this.factory = factory;
        this.out = out;
        this.interactive = interactive;
    }

    Result run(long rows, long seed) {
        Traffic traffic = new Traffic(seed);
        Map<List<Object>, long[]> rollup = new HashMap<>();
        long written = 0;
        long rollupRows = 0;
        long start = System.nanoTime();
        Progress progress = new Progress(rows, start);
        try (StatelessSession session = factory.openStatelessSession();
             BulkInsert<PageView> views = BulkInsert.of(session, PageView.class);
             BulkInsert<Event> events = BulkInsert.of(session, Event.class);
             BulkInsert<VisitSession> sessions = BulkInsert.of(session, VisitSession.class)) {
            while (written < rows) {
                Traffic.Visit visit = traffic.next();
                long room = rows - written;
                int keptViews = (int) Math.min(visit.pageViews().size(), room);
                int keptEvents = (int) Math.min(visit.events().size(), room - keptViews);
                views.addAll(visit.pageViews().subList(0, keptViews));
                events.addAll(visit.events().subList(0, keptEvents));
                sessions.add(visit.started());
                sessions.add(keptViews + keptEvents == visit.rows() ? visit.ended() : Traffic.cut(visit, keptViews, keptEvents));
                for (PageView view : visit.pageViews().subList(0, keptViews)) {
                    LocalDate day = LocalDate.ofInstant(view.getAt(), ZoneOffset.UTC);
                    long[] sums = rollup.computeIfAbsent(List.of(day, view.getPage(), view.getCountry()), k -> new long[2]);
                    sums[0]++;
                    sums[1] += view.getLoadMs();
                }
                written += keptViews + keptEvents;
                if (rollup.size() >= ROLLUP_CHUNK || written >= rows) {
                    rollupRows += insertRollup(session, rollup);
                }
                progress.show(written, false);
            }
            rollupRows += insertRollup(session, rollup);
            views.flush();
            events.flush();
            sessions.flush();
            progress.show(written, true);
            return new Result(views.rowsWritten(), events.rowsWritten(), sessions.rowsWritten(), rollupRows,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** The rollup's partial sums, as one JDBC batch (one INSERT): a few thousand rows. */
    private static int insertRollup(StatelessSession session, Map<List<Object>, long[]> rollup) {
        int n = rollup.size();
        session.beginTransaction();
        rollup.forEach((key, sums) -> session.insert(new DailyPageStats((LocalDate) key.get(0), (String) key.get(1),
                (String) key.get(2), sums[0], sums[1])));
        session.getTransaction().commit();
        rollup.clear();
        return n;
    }

    /** A progress bar on a terminal (redrawn in place), a line per quarter elsewhere (logs, tests). */
    private final class Progress {
        private final long total;
        private final long start;
        private long lastDraw;
        private int lastQuarter;

        Progress(long total, long start) {
            this.total = total;
            this.start = start;
        }

        void show(long done, boolean last) {
            long now = System.nanoTime();
            if (interactive) {
                if (!last && now - lastDraw < 100_000_000L) {
                    return;
                }
                lastDraw = now;
                int width = 40;
                int filled = (int) (width * done / Math.max(1, total));
                double seconds = (now - start) / 1e9;
                out.printf("\r  [%s%s] %3d%%  %,d / %,d rows  %,.0f rows/s ", "#".repeat(filled), ".".repeat(width - filled),
                        100 * done / Math.max(1, total), done, total, done / Math.max(seconds, 1e-9));
                if (last) {
                    out.println();
                }
                out.flush();
            } else {
                int quarter = (int) (4 * done / Math.max(1, total));
                if (quarter > lastQuarter) {
                    lastQuarter = quarter;
                    out.printf("  %3d%%  %,d / %,d rows%n", 25 * quarter, done, total);
                }
            }
        }
    }
}
