package dev.chorm.engine.http;

import dev.chorm.engine.chdb.ChdbConnection;
import dev.chorm.engine.chdb.ChdbException;
import dev.chorm.engine.chdb.QueryClass;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code KILL QUERY [ON CLUSTER c] WHERE <condition> [SYNC | ASYNC]}, answered by the server
 * itself: chDB's own KILL QUERY only knows chDB's query ids, never the ones clients send.
 *
 * <p>The condition is evaluated by the engine over the server's running queries
 * ({@link RunningQueries}), exposed with the columns of {@code system.processes} that the server
 * knows: {@code query_id, user, query, elapsed, current_database, initial_query_id,
 * initial_user, is_initial_query}. The answer has ClickHouse's columns ({@code kill_status,
 * query_id, user, query}), one row per query found: {@code waiting} once the kill is sent,
 * {@code finished} once the query has ended (SYNC waits for that).
 */
final class KillQuery {

    private static final Pattern KILL_QUERY = Pattern.compile("(?is)^\\s*KILL\\s+QUERY\\b.*");
    private static final Pattern SHAPE = Pattern.compile("(?is)^\\s*KILL\\s+QUERY\\s+"
            + "(?:ON\\s+CLUSTER\\s+(?:`[^`]*`|\"[^\"]*\"|'[^']*'|[^\\s]+)\\s+)?"
            + "WHERE\\s+(?<condition>.+?)\\s*(?<mode>\\b(?:SYNC|ASYNC|TEST))?\\s*"
            + "(?:\\bFORMAT\\s+[A-Za-z0-9_]+\\s*)?;?\\s*$");
    /** How long SYNC waits for the killed queries to end; ClickHouse waits without a bound. */
    static final long SYNC_WAIT_MILLIS = 30_000;
    /** How often SYNC sends the kill again, for a query that reached the engine after the first one. */
    private static final long RESEND_MILLIS = 200;

    private KillQuery() {
    }

    static boolean isKillQuery(String keyword, String sql) {
        return keyword.equals("KILL") && KILL_QUERY.matcher(sql).matches();
    }

    /**
     * Kills the queries {@code sql} selects and returns the SELECT that produces the answer rows
     * (with the request's FORMAT clause, if it had one).
     */
    static String execute(String sql, String format, RunningQueries queries, RunningQueries.Query self,
                          Request request, ChdbConnection engine) {
        Matcher m = SHAPE.matcher(sql);
        if (!m.matches()) {
            throw ClickHouseError.syntax("Syntax error: expected KILL QUERY [ON CLUSTER c] WHERE <condition> "
                    + "[SYNC | ASYNC] [FORMAT f]");
        }
        String mode = m.group("mode") == null ? "ASYNC" : m.group("mode").toUpperCase(Locale.ROOT);
        if (mode.equals("TEST")) {
            throw new ClickHouseError(48, "NOT_IMPLEMENTED", "KILL QUERY ... TEST is not served by the embedded "
                    + "server; run the KILL without TEST");
        }
        List<RunningQueries.Query> candidates = new ArrayList<>();
        for (RunningQueries.Query query : queries.snapshot()) {
            // a read-only account may stop its own queries only
            if (query != self && (request.readonly == 0 || query.user().equals(request.user))) {
                candidates.add(query);
            }
        }
        List<RunningQueries.Query> found = select(m.group("condition"), candidates, engine);
        boolean sync = mode.equals("SYNC");
        // ClickHouse's statuses: "waiting" once the kill is sent, "finished" for a query that has ended
        // (before the kill, or, with SYNC, once waited for); an ASYNC kill does not look again
        List<String> statuses = new ArrayList<>();
        for (RunningQueries.Query query : found) {
            statuses.add(query.ended() ? "finished" : "waiting");
            query.kill(engine);
        }
        if (sync) {
            awaitEnd(found, engine);
            for (int i = 0; i < found.size(); i++) {
                statuses.set(i, found.get(i).ended() ? "finished" : "waiting");
            }
        }
        return answer(found, statuses, format);
    }

    private static List<RunningQueries.Query> select(String condition, List<RunningQueries.Query> candidates,
                                                     ChdbConnection engine) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            RunningQueries.Query q = candidates.get(i);
            rows.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" AS chorm_row, ")
                    .append(EngineSession.literal(q.queryId())).append(" AS query_id, ")
                    .append(EngineSession.literal(q.user())).append(" AS user, ")
                    .append(EngineSession.literal(q.query())).append(" AS query, ")
                    .append("toFloat64(").append(q.elapsedSeconds()).append(") AS elapsed, ")
                    .append(EngineSession.literal(q.database())).append(" AS current_database, ")
                    .append(EngineSession.literal(q.queryId())).append(" AS initial_query_id, ")
                    .append(EngineSession.literal(q.user())).append(" AS initial_user, ")
                    .append("toUInt8(1) AS is_initial_query");
        }
        if (candidates.isEmpty()) {
            // no rows, but the same columns, so that the condition is still checked
            rows.append("SELECT -1 AS chorm_row, '' AS query_id, '' AS user, '' AS query, toFloat64(0) AS elapsed, "
                    + "'' AS current_database, '' AS initial_query_id, '' AS initial_user, toUInt8(1) AS is_initial_query");
        }
        String select = "SELECT chorm_row FROM (" + rows + ") WHERE chorm_row >= 0 AND (" + condition + ")";
        byte[] bytes = select.getBytes(StandardCharsets.UTF_8);
        ChdbConnection.Classification classification;
        try {
            classification = engine.classify(bytes);
        } catch (ChdbException e) {
            classification = null; // the engine could not parse it
        }
        if (classification == null || classification.statements() != 1
                || classification.queryClass() != QueryClass.READ_ONLY) {
            throw ClickHouseError.syntax("Syntax error: the condition of KILL QUERY is not an expression: " + condition);
        }
        String text = engine.query(bytes, "TabSeparated", java.util.Map.of()).text();
        List<RunningQueries.Query> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                found.add(candidates.get(Integer.parseInt(line.strip())));
            }
        }
        return found;
    }

    private static void awaitEnd(List<RunningQueries.Query> found, ChdbConnection engine) {
        long deadline = System.nanoTime() + SYNC_WAIT_MILLIS * 1_000_000;
        try {
            for (RunningQueries.Query query : found) {
                while (!query.awaitEnd(RESEND_MILLIS) && System.nanoTime() < deadline) {
                    query.kill(engine);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String answer(List<RunningQueries.Query> found, List<String> statuses, String format) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < found.size(); i++) {
            RunningQueries.Query q = found.get(i);
            rows.append(rows.length() == 0 ? "" : " UNION ALL ").append("SELECT ")
                    .append(EngineSession.literal(statuses.get(i))).append(" AS kill_status, ")
                    .append(EngineSession.literal(q.queryId())).append(" AS query_id, ")
                    .append(EngineSession.literal(q.user())).append(" AS user, ")
                    .append(EngineSession.literal(q.query())).append(" AS query");
        }
        if (found.isEmpty()) {
            rows.append("SELECT '' AS kill_status, '' AS query_id, '' AS user, '' AS query WHERE 0");
        }
        return rows + (format == null ? "" : " FORMAT " + format);
    }
}
