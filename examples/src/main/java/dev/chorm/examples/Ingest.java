package dev.chorm.examples;

import dev.chorm.examples.model.DailyPageStats;
import dev.chorm.examples.model.Event;
import dev.chorm.examples.model.PageView;
import dev.chorm.examples.model.VisitSession;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes generated traffic through Hibernate: a {@link StatelessSession} per run, entities of one
 * kind inserted back to back so that each JDBC batch is full (chorm sends a batch as one INSERT,
 * one part in ClickHouse). Alongside, the SummingMergeTree rollup gets each chunk's partial sums.
 */
final class Ingest {

    /** chorm's default JDBC batch size: a buffer of this many rows of one entity is one INSERT. */
    static final int BATCH = 5_000;

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
        List<PageView> views = new ArrayList<>(BATCH);
        List<Event> events = new ArrayList<>(BATCH);
        List<VisitSession> sessions = new ArrayList<>(BATCH);
        Map<List<Object>, long[]> rollup = new HashMap<>();
        long written = 0;
        long pageViews = 0;
        long eventCount = 0;
        long sessionRows = 0;
        long rollupRows = 0;
        long start = System.nanoTime();
        Progress progress = new Progress(rows, start);
        try (StatelessSession session = factory.openStatelessSession()) {
            session.beginTransaction();
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
                if (views.size() >= BATCH) {
                    pageViews += insert(session, views, false);
                }
                if (events.size() >= BATCH) {
                    eventCount += insert(session, events, false);
                }
                if (sessions.size() >= BATCH) {
                    sessionRows += insert(session, sessions, false);
                }
                if (rollup.size() >= BATCH || written >= rows) {
                    rollupRows += insertRollup(session, rollup);
                }
                progress.show(written, false);
            }
            pageViews += insert(session, views, true);
            eventCount += insert(session, events, true);
            sessionRows += insert(session, sessions, true);
            rollupRows += insertRollup(session, rollup);
            session.getTransaction().commit();
        }
        progress.show(written, true);
        return new Result(pageViews, eventCount, sessionRows, rollupRows, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Inserts whole batches only (all of them when {@code all}): a partial batch would be sent as a
     * small INSERT of its own as soon as another entity's insert starts, making a small part.
     */
    private static int insert(StatelessSession session, List<?> entities, boolean all) {
        int n = all ? entities.size() : entities.size() / BATCH * BATCH;
        List<?> chunk = entities.subList(0, n);
        for (Object entity : chunk) {
            session.insert(entity);
        }
        chunk.clear();
        return n;
    }

    private static int insertRollup(StatelessSession session, Map<List<Object>, long[]> rollup) {
        int n = rollup.size();
        rollup.forEach((key, sums) -> session.insert(new DailyPageStats((LocalDate) key.get(0), (String) key.get(1),
                (String) key.get(2), sums[0], sums[1])));
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
