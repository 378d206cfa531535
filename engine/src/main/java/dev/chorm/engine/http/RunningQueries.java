package dev.chorm.engine.http;

import dev.chorm.engine.chdb.ChdbConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The statements this server is running, under the query ids their clients gave them.
 *
 * <p>chDB names its queries itself (its {@code system.processes} shows its own ids), so a client's
 * {@code KILL QUERY WHERE query_id = '...'} would find nothing there. The server therefore keeps
 * its own list: a query id is refused while a query of the same user runs under it (as ClickHouse
 * does, code 216), and a kill reaches the engine through the marker of the engine connection the
 * query runs on ({@link EngineSession#MARKER_SETTING}).
 */
public final class RunningQueries {

    private final Map<String, Query> running = new ConcurrentHashMap<>();

    /** One running statement, from the moment its text is read until its answer is complete. */
    public static final class Query {
        private final String queryId;
        private final String user;
        private final String text;
        private final String database;
        private final Instant startedAt = Instant.now();
        private final long startedNanos = System.nanoTime();
        private final CountDownLatch finished = new CountDownLatch(1);
        /** The engine connection the statement runs on; null before it has one and once it is done. */
        private EngineSession engine;
        private volatile boolean killed;

        Query(String queryId, String user, String text, String database) {
            this.queryId = queryId;
            this.user = user;
            this.text = text;
            this.database = database;
        }

        /** The id the client gave (or the server chose): what KILL QUERY matches. */
        public String queryId() {
            return queryId;
        }

        public String user() {
            return user;
        }

        /** The statement (for an INSERT, without its data). */
        public String query() {
            return text;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public double elapsedSeconds() {
            return (System.nanoTime() - startedNanos) / 1e9;
        }

        @Override
        public String toString() {
            return "Query[" + queryId + ", " + user + ", " + String.format(java.util.Locale.ROOT, "%.1f s", elapsedSeconds())
                    + (killed ? ", killed" : "") + ": " + text + "]";
        }

        String database() {
            return database;
        }

        boolean killed() {
            return killed;
        }

        /** Throws the engine's "cancelled" error once the query was killed. */
        void checkNotKilled() {
            if (killed) {
                throw new ClickHouseError(394, "QUERY_WAS_CANCELLED", "Query was cancelled");
            }
        }

        synchronized void runsOn(EngineSession session) {
            this.engine = session;
        }

        /**
         * Marks the query killed and cancels its engine statement, if one runs. Holding this
         * query's lock while the engine kill is sent keeps the connection from being handed to
         * another request meanwhile ({@link RunningQueries#end} takes the same lock).
         */
        synchronized void kill(ChdbConnection killer) {
            killed = true;
            if (engine != null) {
                killer.query("KILL QUERY WHERE Settings['" + EngineSession.MARKER_SETTING + "'] = '"
                        + engine.marker + "' ASYNC", "TabSeparated");
            }
        }

        boolean awaitEnd(long millis) throws InterruptedException {
            return finished.await(millis, TimeUnit.MILLISECONDS);
        }

        boolean ended() {
            return finished.getCount() == 0;
        }

        private synchronized void end() {
            engine = null;
            finished.countDown();
        }
    }

    /**
     * Registers a statement about to run.
     *
     * @throws ClickHouseError 216 when a query of {@code user} runs under {@code queryId} already
     */
    Query start(String queryId, String user, String text, String database) {
        Query query = new Query(queryId, user, text, database);
        Query existing = running.putIfAbsent(key(user, queryId), query);
        if (existing != null) {
            throw new ClickHouseError(216, "QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING",
                    "Query with id = " + queryId + " is already running.");
        }
        return query;
    }

    /** The statement is done: its connection may serve others from now on. */
    void end(Query query) {
        // off the list first: whoever sees the query ended (KILL ... SYNC) no longer finds it running
        running.remove(key(query.user, query.queryId), query);
        query.end();
    }

    /** The statements running now, oldest first. */
    public List<Query> snapshot() {
        List<Query> result = new ArrayList<>(running.values());
        result.sort((a, b) -> Long.compare(a.startedNanos, b.startedNanos));
        return result;
    }

    private static String key(String user, String queryId) {
        return user + '\0' + queryId;
    }
}
