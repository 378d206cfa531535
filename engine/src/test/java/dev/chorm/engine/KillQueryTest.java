package dev.chorm.engine;

import dev.chorm.engine.http.RunningQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Queries run under the query ids their clients give, and {@code KILL QUERY WHERE query_id = ...}
 * (what the official driver's {@code Statement.cancel()} sends) stops them in the engine.
 */
class KillQueryTest {

    /** Minutes of work unless killed; the timeout only keeps a broken kill from hanging the build. */
    static final String LONG_QUERY = "SELECT count() FROM numbers(100000000000) SETTINGS max_execution_time = 60";

    private final EmbeddedClickHouse server = SharedServer.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void nothingLeftRunning() throws Exception {
        awaitNoneRunning("numbers(100000000000)");
    }

    @Test
    void theDriversCancelStopsARunningQueryWithTheCancelledError() throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "default", "");
             Statement statement = connection.createStatement()) {
            CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = statement.executeQuery(LONG_QUERY)) {
                    rs.next();
                    return rs.getLong(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRunning("numbers(100000000000)");
            long start = System.nanoTime();
            statement.cancel();
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .rootCause().hasMessageContaining("Code: 394");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
            awaitNoneRunning("numbers(100000000000)");
            assertThat(engineProcessesRunning("numbers(100000000000)")).isZero();
        }
    }

    @Test
    void killSyncAnswersWithClickHousesColumnsOnceTheQueryHasEnded() throws Exception {
        String id = "kill-sync-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> running = start(id, LONG_QUERY);
        awaitRunning(id);
        HttpResponse<String> kill = post(null, "KILL QUERY WHERE query_id = '" + id + "' SYNC FORMAT TabSeparatedWithNames");
        assertThat(kill.statusCode()).isEqualTo(200);
        assertThat(kill.body()).isEqualTo("kill_status\tquery_id\tuser\tquery\n"
                + "finished\t" + id + "\tdefault\t" + LONG_QUERY + "\n");
        HttpResponse<String> killed = running.get(5, TimeUnit.SECONDS);
        assertThat(killed.statusCode()).isEqualTo(500);
        assertThat(killed.headers().firstValue("X-ClickHouse-Exception-Code")).contains("394");
        assertThat(killed.body()).contains("QUERY_WAS_CANCELLED");
    }

    @Test
    void killAsyncAnswersWaitingAndTheQueryEndsSoonAfter() throws Exception {
        String id = "kill-async-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> running = start(id, LONG_QUERY);
        awaitRunning(id);
        HttpResponse<String> kill = post(null, "KILL QUERY WHERE query_id = '" + id + "'");
        assertThat(kill.body()).startsWith("waiting\t" + id + "\tdefault\t");
        assertThat(running.get(5, TimeUnit.SECONDS).headers().firstValue("X-ClickHouse-Exception-Code")).contains("394");
    }

    @Test
    void killWithInStopsEveryQueryNamed() throws Exception {
        String a = "kill-in-a-" + UUID.randomUUID();
        String b = "kill-in-b-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> first = start(a, LONG_QUERY);
        CompletableFuture<HttpResponse<String>> second = start(b, LONG_QUERY);
        awaitRunning(a);
        awaitRunning(b);
        HttpResponse<String> kill = post(null, "KILL QUERY WHERE query_id IN ('" + a + "', '" + b + "') SYNC");
        assertThat(kill.body().lines()).hasSize(2).allMatch(line -> line.startsWith("finished\t"));
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
    }

    @Test
    void killMatchingNothingAnswersNoRows() throws Exception {
        HttpResponse<String> kill = post(null, "KILL QUERY WHERE query_id = 'no-such-query' SYNC");
        assertThat(kill.statusCode()).isEqualTo(200);
        assertThat(kill.body()).isEmpty();
    }

    @Test
    void killWithAConditionOnAnUnknownColumnIsTheEnginesError() throws Exception {
        HttpResponse<String> kill = post(null, "KILL QUERY WHERE no_such_column = 1");
        assertThat(kill.statusCode()).isEqualTo(404);
        assertThat(kill.body()).contains("no_such_column");
    }

    @Test
    void killWithAConditionThatIsNoExpressionIsASyntaxError() throws Exception {
        HttpResponse<String> kill = post(null, "KILL QUERY WHERE query_id = ) SYNC");
        assertThat(kill.headers().firstValue("X-ClickHouse-Exception-Code")).contains("62");
        assertThat(kill.body()).contains("the condition of KILL QUERY is not an expression");
    }

    @Test
    void aSecondQueryUnderARunningQueryIdIsRefused() throws Exception {
        String id = "duplicate-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> running = start(id, LONG_QUERY);
        awaitRunning(id);
        HttpResponse<String> second = post(id, "SELECT 1");
        assertThat(second.headers().firstValue("X-ClickHouse-Exception-Code")).contains("216");
        assertThat(second.body()).contains("Query with id = " + id + " is already running");
        post(null, "KILL QUERY WHERE query_id = '" + id + "' SYNC");
        running.get(5, TimeUnit.SECONDS);
        assertThat(post(id, "SELECT 1").body()).isEqualTo("1\n"); // the id is free again
    }

    @Test
    void killWorksWhenLongQueriesHoldEveryConcurrencySlot() throws Exception {
        try (EmbeddedClickHouse single = EmbeddedClickHouse.builder().dataDirectory(server.dataDirectory())
                .maxConcurrentQueries(1).start()) {
            String id = "full-" + UUID.randomUUID();
            HttpRequest longQuery = HttpRequest.newBuilder(URI.create(single.httpUrl() + "/?query_id=" + id))
                    .POST(HttpRequest.BodyPublishers.ofString(LONG_QUERY)).build();
            CompletableFuture<HttpResponse<String>> running = http.sendAsync(longQuery, HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (single.runningQueries().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            long start = System.nanoTime();
            HttpRequest kill = HttpRequest.newBuilder(URI.create(single.httpUrl() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("KILL QUERY WHERE query_id = '" + id + "' SYNC")).build();
            assertThat(http.send(kill, HttpResponse.BodyHandlers.ofString()).body()).startsWith("finished\t" + id);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5)); // no wait for a slot
            assertThat(running.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        }
    }

    @Test
    void theReadOnlyAccountMayKillOnlyItsOwnQueries() throws Exception {
        try (EmbeddedClickHouse guarded = EmbeddedClickHouse.builder().dataDirectory(server.dataDirectory())
                .readOnlyUser("reader", "r").start()) {
            String writers = "writer-" + UUID.randomUUID();
            String readers = "reader-" + UUID.randomUUID();
            CompletableFuture<HttpResponse<String>> writerQuery = http.sendAsync(
                    as(guarded, "default", "", writers, LONG_QUERY), HttpResponse.BodyHandlers.ofString());
            // read-only: no SETTINGS clause allowed
            String readerSql = "SELECT count() FROM numbers(100000000000)";
            CompletableFuture<HttpResponse<String>> readerQuery = http.sendAsync(
                    as(guarded, "reader", "r", readers, readerSql), HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a loaded CI machine is slow to start them
            while (guarded.runningQueries().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(guarded.runningQueries()).as("both queries running").hasSize(2);
            Thread.sleep(200);
            String all = "KILL QUERY WHERE query_id IN ('" + writers + "', '" + readers + "') SYNC";
            HttpResponse<String> byReader;
            try {
                byReader = http.send(as(guarded, "reader", "r", null, all), HttpResponse.BodyHandlers.ofString());
            } finally {
                // clean up if the reader's kill failed; the KILL statement itself may still be listed as it ends
                if (guarded.runningQueries().stream().anyMatch(q -> q.queryId().equals(readers))) {
                    http.send(as(guarded, "default", "", null, all), HttpResponse.BodyHandlers.ofString());
                }
            }
            assertThat(byReader.body().lines()).containsExactly("finished\t" + readers + "\treader\t" + readerSql);
            assertThat(readerQuery.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
            assertThat(guarded.runningQueries()).extracting(RunningQueries.Query::queryId)
                    .as("the writer's query runs on (it ended with: %s)", writerQuery.isDone()
                            ? writerQuery.join().statusCode() + " " + writerQuery.join().body() : "not ended")
                    .containsExactly(writers);
            HttpResponse<String> byWriter = http.send(as(guarded, "default", "", null, all), HttpResponse.BodyHandlers.ofString());
            assertThat(byWriter.body()).startsWith("finished\t" + writers + "\tdefault\t");
            assertThat(writerQuery.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        }
    }

    private static HttpRequest as(EmbeddedClickHouse target, String user, String password, String queryId, String sql) {
        String url = target.httpUrl() + "/" + (queryId == null ? "" : "?query_id=" + queryId);
        return HttpRequest.newBuilder(URI.create(url)).header("X-ClickHouse-User", user).header("X-ClickHouse-Key", password)
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
    }

    @Test
    void runningQueriesListsTheClientsQueryId() throws Exception {
        String id = "listed-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> running = start(id, LONG_QUERY);
        RunningQueries.Query listed = awaitRunning(id);
        assertThat(listed.user()).isEqualTo("default");
        assertThat(listed.query()).isEqualTo(LONG_QUERY);
        post(null, "KILL QUERY WHERE query_id = '" + id + "' SYNC");
        running.get(5, TimeUnit.SECONDS);
        assertThat(server.runningQueries()).noneMatch(q -> q.queryId().equals(id));
    }

    private CompletableFuture<HttpResponse<String>> start(String queryId, String sql) {
        return http.sendAsync(request(queryId, sql), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String queryId, String sql) throws Exception {
        return http.send(request(queryId, sql), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String queryId, String sql) {
        String url = server.httpUrl() + "/" + (queryId == null ? "" : "?query_id=" + URLEncoder.encode(queryId, StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
    }

    /** Waits until a query whose id or text contains {@code part} is listed. */
    private RunningQueries.Query awaitRunning(String part) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (RunningQueries.Query q : server.runningQueries()) {
                if (q.queryId().contains(part) || q.query().contains(part)) {
                    Thread.sleep(200); // let it reach the engine
                    return q;
                }
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("no running query matching " + part);
    }

    private void awaitNoneRunning(String part) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.runningQueries().stream().anyMatch(q -> q.query().contains(part))
                || engineProcessesRunning(part) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still running: " + server.runningQueries());
            }
            Thread.sleep(50);
        }
    }

    /** What chDB itself lists as running (its own query ids), other than this probe. */
    long engineProcessesRunning(String part) throws Exception {
        String body = post(null, "SELECT count() FROM system.processes WHERE query LIKE '%" + part
                + "%' AND query NOT LIKE '%system.processes%'").body();
        return Long.parseLong(body.strip());
    }
}
