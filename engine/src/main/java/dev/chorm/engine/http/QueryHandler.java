package dev.chorm.engine.http;

import com.github.luben.zstd.ZstdOutputStream;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.chorm.engine.chdb.ChdbConnection;
import dev.chorm.engine.chdb.ChdbException;
import dev.chorm.engine.chdb.InsertStream;
import dev.chorm.engine.chdb.NativeResult;
import dev.chorm.engine.chdb.QueryClass;
import dev.chorm.engine.chdb.QueryStats;
import dev.chorm.engine.chdb.StreamingQuery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Serves {@code /}: one request, one statement, answered the way ClickHouse's HTTP interface
 * answers it. INSERT data never reaches the SQL parser: it is split from the statement here and
 * streamed into the engine's insert API.
 */
final class QueryHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(QueryHandler.class.getName());
    private static final Set<String> SESSION_STATEMENTS = Set.of("SET", "USE");
    /** Statements that may start mutations: ALTER ... UPDATE/DELETE, lightweight DELETE and UPDATE. */
    private static final Set<String> MUTATIONS = Set.of("ALTER", "DELETE", "UPDATE");
    /** One engine per process, so one lock for every server of the process. */
    private static final Object MUTATION_LOCK = new Object();
    private static final int COPY_BUFFER = 1 << 18;
    /** How much of an unread body is drained before an error; past it the connection is reset. */
    private static final long DRAIN_LIMIT = 256L << 20;
    /** How much of a statement's text the list of running queries keeps. */
    private static final int DISPLAY_LIMIT = 64 << 10;

    private final ServerConfig config;
    private final EnginePool pool;
    private final Sessions sessions;
    private final RunningQueries running;
    private final String serverTimezone;
    private final String version;

    QueryHandler(ServerConfig config, EnginePool pool, Sessions sessions, RunningQueries running,
                 String serverTimezone, String version) {
        this.config = config;
        this.pool = pool;
        this.sessions = sessions;
        this.running = running;
        this.serverTimezone = serverTimezone;
        this.version = version;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        StallGuard.headersRead();
        exchange.setStreams(StallGuard.watched(exchange.getRequestBody()), StallGuard.watched(exchange.getResponseBody()));
        Request request = null;
        boolean abort = false;
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/") && !path.equals("/query")) {
                notFound(exchange);
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("POST") && !method.equals("HEAD")) {
                throw new ClickHouseError(36, "BAD_ARGUMENTS", "HTTP method " + method
                        + " is not supported; use GET for reads and POST for everything");
            }
            if (exchange.getRequestURI().getRawQuery() == null && method.equals("GET")) {
                sendText(exchange, 200, "Ok.\n"); // what ClickHouse answers to GET / without a query
                return;
            }
            request = Request.read(exchange, config);
            execute(exchange, request);
        } catch (MidStreamFailure failure) {
            abort = true;
            throw failure.cause; // the server drops the connection: a cut-off body must not look complete
        } catch (ClickHouseError e) {
            sendError(exchange, request, e.code, e.name, e.getMessage());
        } catch (ChdbException e) {
            sendError(exchange, request, e.code(), e.name(), e.getMessage());
        } catch (IOException e) {
            sendError(exchange, request, 33, "CANNOT_READ_ALL_DATA",
                    "Cannot read all data from the request: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed", e);
            sendError(exchange, request, 1001, "STD_EXCEPTION", String.valueOf(e));
        } finally {
            if (!abort) {
                StallGuard.whileWaiting(exchange::close); // closing drains what is left of the body
            }
        }
    }

    private void execute(HttpExchange exchange, Request request) throws IOException {
        RequestText text = RequestText.read(request);
        SqlScanner.Statement statement = text.statement();
        if (statement.secondStatement() >= 0) {
            throw ClickHouseError.syntax("Syntax error (Multi-statements are not allowed): failed at position "
                    + (statement.secondStatement() + 1) + ": the embedded server runs one statement per request");
        }
        if (!statement.isInsertWithData() && text.isBlank()) {
            throw ClickHouseError.syntax("Empty query");
        }
        RunningQueries.Query query = running.start(request.queryId, request.user, text.display(),
                request.database == null ? "default" : request.database);
        try {
            if (KillQuery.isKillQuery(statement.keyword(), text.display())) {
                kill(exchange, request, text, query);
            } else {
                run(exchange, request, text, query);
            }
        } finally {
            running.end(query);
        }
    }

    /**
     * KILL QUERY runs on a connection of its own, outside the concurrency bound: it is most needed
     * when long queries hold every slot.
     */
    private void kill(HttpExchange exchange, Request request, RequestText text, RunningQueries.Query self)
            throws IOException {
        try (EngineSession engine = pool.openDedicated()) {
            String answer = KillQuery.execute(text.display(), text.statement().outputFormat(), running, self,
                    request, engine.connection);
            byte[] sql = answer.getBytes(StandardCharsets.UTF_8);
            query(exchange, request, engine, new RequestText(sql, SqlScanner.scan(answer, true)), null);
        }
    }

    private void run(HttpExchange exchange, Request request, RequestText text, RunningQueries.Query query)
            throws IOException {
        SqlScanner.Statement statement = text.statement();
        Sessions.Session session = null;
        EngineSession engine;
        Runnable restore = null;
        if (request.hasSession()) {
            session = sessions.acquire(request.sessionId, request.sessionTimeoutSeconds, request.sessionCheck);
            engine = session.engine;
        } else {
            engine = pool.acquire();
        }
        query.runsOn(engine);
        try {
            query.checkNotKilled(); // killed while waiting for a connection
            if (session != null) {
                // URL settings and database last one request; the session's own SET and USE stay.
                restore = engine.applyForOneRequest(request.database, request.settings);
            } else {
                engine.prepare(request.database == null ? "default" : request.database, request.settings);
                if (request.readonly != 0) {
                    engine.markDirty(); // readonly cannot be lifted again on this connection
                    engine.connection.query("SET readonly = " + request.readonly, "TabSeparated");
                }
            }
            if (statement.isInsertWithData()) {
                query.checkNotKilled();
                insert(exchange, request, engine, text);
            } else {
                query(exchange, request, engine, text, query);
            }
        } catch (RuntimeException | IOException e) {
            if (!(e instanceof ClickHouseError)) {
                engine.markDirty(); // a failure midway may leave the connection in any state
            }
            throw e;
        } finally {
            running.end(query); // before the connection can serve another request
            if (session != null) {
                if (restore != null) {
                    restore.run();
                }
                sessions.release(request.sessionId, session, request.sessionTimeoutSeconds);
            } else {
                pool.release(engine);
            }
        }
    }

    /**
     * Read-only access inside a session is enforced here, not with the readonly setting, which
     * could not be lifted again and would end the session.
     */
    private static void checkSessionAccess(Request request, boolean allowed) {
        if (request.hasSession() && request.readonly != 0 && !allowed) {
            throw new ClickHouseError(164, "READONLY", "Cannot execute query in readonly mode"
                    + (request.readonly == 2 ? ": for queries over HTTP, method GET implies readonly. "
                    + "Use POST for queries that modify data" : ""));
        }
    }

    private void insert(HttpExchange exchange, Request request, EngineSession engine, RequestText text)
            throws IOException {
        SqlScanner.Statement statement = text.statement();
        checkSessionAccess(request, false);
        byte[] head = statement.insertHead().getBytes(StandardCharsets.ISO_8859_1);
        ChdbConnection.Classification classification = engine.connection.classify(head);
        if (classification.statements() > 1) {
            throw ClickHouseError.syntax("Multi-statements are not allowed");
        }
        if (classification.queryClass() == QueryClass.CONTROL) {
            throw new ClickHouseError(48, "NOT_IMPLEMENTED",
                    "INSERT INTO FUNCTION and INTO OUTFILE are not served by the embedded server");
        }
        QueryStats stats;
        ValuesTailGuard guard = statement.insertFormat().equalsIgnoreCase("Values") ? new ValuesTailGuard() : null;
        try (InsertStream insert = engine.connection.insert(head, statement.insertFormat(), request.queryParameters)) {
            long total = 0;
            byte[] prefix = text.bytes();
            int start = statement.dataStart();
            if (start < prefix.length) {
                if (guard != null) {
                    guard.check(prefix, start, prefix.length - start);
                }
                insert.append(prefix, start, prefix.length - start);
                total += prefix.length - start;
            }
            byte[] buffer = new byte[1 << 20];
            InputStream body = request.body;
            while (true) {
                int n = body.readNBytes(buffer, 0, buffer.length);
                if (n <= 0) {
                    break;
                }
                total += n;
                if (total > config.maxInsertBytes()) {
                    throw new ClickHouseError(393, "QUERY_IS_TOO_LARGE", "INSERT body larger than the "
                            + config.maxInsertBytes() + " bytes this server accepts; nothing was inserted");
                }
                if (guard != null) {
                    guard.check(buffer, 0, n);
                }
                insert.append(buffer, 0, n);
            }
            stats = insert.finish();
        }
        Headers headers = exchange.getResponseHeaders();
        commonHeaders(headers, request, statement.insertFormat(), stats);
        exchange.sendResponseHeaders(200, -1);
    }

    private static final Pattern WRITES_OUTSIDE_TABLES = Pattern.compile(
            "\\bINTO\\s+OUTFILE\\b|\\bINSERT\\s+INTO\\s+(TABLE\\s+)?FUNCTION\\b", Pattern.CASE_INSENSITIVE);

    private static String withoutStringLiterals(String sql) {
        return sql.replaceAll("'(?:[^'\\\\]|\\\\.|'')*'", "''");
    }

    /** {@code running} is null for the server's own answers (KILL QUERY's rows). */
    private void query(HttpExchange exchange, Request request, EngineSession engine, RequestText text,
                       RunningQueries.Query running) throws IOException {
        SqlScanner.Statement statement = text.statement();
        byte[] sql = text.bytes();
        ChdbConnection.Classification classification = engine.connection.classify(sql);
        if (classification.statements() > 1) {
            throw ClickHouseError.syntax("Syntax error (Multi-statements are not allowed): "
                    + "the embedded server runs one statement per request");
        }
        String keyword = statement.keyword();
        if (classification.queryClass() == QueryClass.CONTROL && !SESSION_STATEMENTS.contains(keyword)
                && (keyword.equals("SELECT") || keyword.equals("WITH") || keyword.equals("INSERT"))
                && WRITES_OUTSIDE_TABLES.matcher(withoutStringLiterals(new String(sql, StandardCharsets.UTF_8))).find()) {
            // chDB also classifies INSERT ... SELECT ... SETTINGS as CONTROL: only the statements
            // that write files or table functions are refused
            throw new ClickHouseError(48, "NOT_IMPLEMENTED",
                    "INTO OUTFILE and INSERT INTO FUNCTION are not served by the embedded server");
        }
        checkSessionAccess(request, classification.queryClass() == QueryClass.READ_ONLY
                || request.readonly == 2 && SESSION_STATEMENTS.contains(keyword));
        if (SESSION_STATEMENTS.contains(keyword) && !request.hasSession()) {
            engine.markDirty(); // without a session, SET and USE last one request
        }
        String format = statement.outputFormat() != null ? statement.outputFormat() : request.defaultFormat;
        ResultFraming framing = ResultFraming.of(format);
        // chDB streams SELECTs only (DESCRIBE, SHOW, EXPLAIN... are answered whole; they are small).
        boolean streamable = classification.queryClass() == QueryClass.READ_ONLY
                && (keyword.equals("SELECT") || keyword.equals("WITH")) && framing != ResultFraming.WHOLE;
        if (!streamable) {
            if (running != null) {
                running.checkNotKilled();
            }
            NativeResult result;
            if (MUTATIONS.contains(keyword)) {
                // chDB 26.7 now and then acknowledges a mutation (mutations_sync = 1) that some
                // parts never show when several run at once (LoadTest: 3 of 5 one-minute runs); run
                // one at a time they do not. Mutations of one table apply in order anyway.
                synchronized (MUTATION_LOCK) {
                    result = engine.connection.queryNative(sql, request.defaultFormat, request.queryParameters);
                }
            } else {
                result = engine.connection.queryNative(sql, request.defaultFormat, request.queryParameters);
            }
            try (result) {
                respond(exchange, request, format, result);
            }
            return;
        }
        try (StreamingQuery stream = engine.connection.streamQuery(sql, request.defaultFormat, request.queryParameters)) {
            if (running != null) {
                // A kill sent before the engine listed this query did not reach it; one sent from now on does.
                running.checkNotKilled();
            }
            StreamingQuery.Chunk first = stream.next(); // most failures surface here, before any header is out
            if (request.waitEndOfQuery) {
                try (SpillBuffer buffer = new SpillBuffer()) {
                    try (OutputStream out = encoder(request, nonClosing(buffer))) {
                        copyAll(stream, first, framing, out);
                    }
                    commonHeaders(exchange.getResponseHeaders(), request, format, stream.stats());
                    exchange.sendResponseHeaders(200, buffer.size() == 0 ? -1 : buffer.size());
                    if (buffer.size() > 0) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            buffer.writeTo(out);
                        }
                    }
                }
                return;
            }
            HeldResponse response = new HeldResponse(exchange, request.responseBufferSize,
                    () -> commonHeaders(exchange.getResponseHeaders(), request, format, stream.stats()));
            OutputStream out = encoder(request, response);
            try {
                copyAll(stream, first, framing, out);
                out.close();
            } catch (ChdbException e) {
                if (!response.committed()) {
                    response.discard(); // nothing is out yet: an ordinary HTTP error follows
                    closeQuietly(out);
                    throw e;
                }
                // Headers are gone: ClickHouse's tagged exception block, then cut the connection.
                try {
                    out.flush();
                    response.writeException(request.exceptionTag, errorText(e.code(), e.name(), e.getMessage()));
                } catch (IOException gone) {
                    // the client left as well
                }
                throw new MidStreamFailure(new IOException("query failed after the response started: " + e.getMessage()));
            } catch (IOException e) {
                // The client went away: closing the stream cancels the query in the engine.
                throw new MidStreamFailure(e);
            }
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // only releasing the encoders' resources
        }
    }

    private void copyAll(StreamingQuery stream, StreamingQuery.Chunk first, ResultFraming framing, OutputStream out)
            throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        byte[] header = null;
        for (StreamingQuery.Chunk chunk = first; chunk != null; chunk = stream.next()) {
            long offset = 0;
            if (header == null) {
                header = framing.header(chunk);
            } else {
                offset = ResultFraming.rowsStart(chunk, header);
            }
            while (offset < chunk.length()) {
                int n = (int) Math.min(buffer.length, chunk.length() - offset);
                chunk.copyTo(offset, buffer, 0, n);
                out.write(buffer, 0, n);
                offset += n;
            }
        }
    }

    private void respond(HttpExchange exchange, Request request, String format, NativeResult result)
            throws IOException {
        commonHeaders(exchange.getResponseHeaders(), request, format, result.stats());
        boolean encoded = request.compressResponse || request.responseEncoding != null;
        long length = result.length();
        exchange.sendResponseHeaders(200, encoded ? 0 : (length == 0 ? -1 : length));
        if (!encoded && length == 0) {
            return;
        }
        try (OutputStream out = encoder(request, exchange.getResponseBody())) {
            byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, length))];
            for (long offset = 0; offset < length; ) {
                int n = (int) Math.min(buffer.length, length - offset);
                result.copyTo(offset, buffer, 0, n);
                out.write(buffer, 0, n);
                offset += n;
            }
        }
    }

    /** HTTP content encoding outside, ClickHouse native compression inside, as ClickHouse layers them. */
    private OutputStream encoder(Request request, OutputStream out) throws IOException {
        OutputStream result = out;
        if (request.responseEncoding != null) {
            result = switch (request.responseEncoding) {
                case "gzip" -> new GZIPOutputStream(result, 1 << 16);
                case "zstd" -> new ZstdOutputStream(result);
                default -> new DeflaterOutputStream(result);
            };
        }
        if (request.compressResponse) {
            result = new NativeCompressedOutputStream(result);
        }
        return result;
    }

    private void commonHeaders(Headers headers, Request request, String format, QueryStats stats) {
        headers.set("X-ClickHouse-Query-Id", request.queryId);
        headers.set("X-ClickHouse-Format", format);
        headers.set("X-ClickHouse-Timezone", request.settings.getOrDefault("session_timezone", serverTimezone));
        headers.set("X-ClickHouse-Server-Display-Name", config.displayName());
        headers.set("X-ClickHouse-Summary", summary(stats));
        headers.set("X-ClickHouse-Exception-Tag", request.exceptionTag);
        headers.set("Content-Type", contentType(format));
        if (request.responseEncoding != null) {
            headers.set("Content-Encoding", request.responseEncoding);
        }
    }

    static String summary(QueryStats stats) {
        return "{\"read_rows\":\"" + stats.readRows() + "\",\"read_bytes\":\"" + stats.readBytes()
                + "\",\"written_rows\":\"" + stats.writtenRows() + "\",\"written_bytes\":\"" + stats.writtenBytes()
                + "\",\"total_rows_to_read\":\"0\",\"result_rows\":\"" + stats.resultRows()
                + "\",\"result_bytes\":\"" + stats.resultBytes() + "\",\"elapsed_ns\":\"" + stats.elapsedNanos() + "\"}";
    }

    static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8; header=absent";
        }
        if (f.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (f.startsWith("pretty") || f.equals("vertical") || f.equals("markdown")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    private void sendError(HttpExchange exchange, Request request, int code, String name, String message) {
        try {
            String text = errorText(code, name, message);
            byte[] body = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
            Headers headers = exchange.getResponseHeaders();
            headers.set("X-ClickHouse-Exception-Code", Integer.toString(code));
            headers.set("X-ClickHouse-Server-Display-Name", config.displayName());
            if (request != null) {
                headers.set("X-ClickHouse-Query-Id", request.queryId);
            }
            headers.set("Content-Type", "text/plain; charset=UTF-8");
            drainRequestBody(exchange, DRAIN_LIMIT);
            exchange.sendResponseHeaders(HttpStatuses.of(name), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "could not send error response", e); // client gone, or headers already sent
        }
    }

    /** ClickHouse's error text: {@code Code: N. DB::Exception: message. (NAME) (version V)}. */
    private String errorText(int code, String name, String message) {
        return message.startsWith("Code: ") ? message
                : "Code: " + code + ". DB::Exception: " + message + ". (" + name + ") (version " + version + ")";
    }

    /** ClickHouse's answer to a path it has no handler for. */
    static void notFound(HttpExchange exchange) throws IOException {
        drainRequestBody(exchange, 1 << 20);
        sendText(exchange, 404, "There is no handle " + exchange.getRequestURI().getPath()
                + "\n\nUse / for queries, /ping and /replicas_status for health checks.\n");
    }

    /**
     * Reads what is left of the request body before an early answer: a client that sends its
     * whole body before reading would otherwise see a reset connection instead of the error.
     */
    static void drainRequestBody(HttpExchange exchange, long limit) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] sink = new byte[1 << 16];
            long left = limit;
            for (int n; left > 0 && (n = in.read(sink)) > 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the body is broken or the client is gone: the error response may not arrive either
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Thrown once the response has started: the only honest way left to fail is dropping the connection. */
    private static final class MidStreamFailure extends RuntimeException {
        final IOException cause;

        MidStreamFailure(IOException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /**
     * The statement text of a request: the {@code query} parameter followed by the body, read
     * only as far as needed. For an INSERT with inline data it stops where the data starts and the
     * rest of the body stays unread for streaming.
     */
    record RequestText(byte[] bytes, SqlScanner.Statement statement) {

        /** How the statement is shown to KILL QUERY: for an INSERT, without its data. */
        String display() {
            String sql = statement.isInsertWithData() ? statement.insertHead()
                    : new String(bytes, StandardCharsets.ISO_8859_1);
            byte[] raw = sql.getBytes(StandardCharsets.ISO_8859_1);
            return new String(raw, 0, Math.min(raw.length, DISPLAY_LIMIT), StandardCharsets.UTF_8);
        }

        boolean isBlank() {
            for (byte b : bytes) {
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }

        static RequestText read(Request request) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            String param = request.parameters.get("query");
            if (param != null && !param.isEmpty()) {
                buffer.write(param.getBytes(StandardCharsets.UTF_8));
                buffer.write('\n'); // as ClickHouse joins them: parameter, line break, body
            }
            boolean bodyDone = request.method.equals("GET") || request.method.equals("HEAD");
            int chunk = 1 << 16;
            while (true) {
                byte[] bytes = buffer.toByteArray();
                SqlScanner.Statement statement = SqlScanner.scan(new String(bytes, StandardCharsets.ISO_8859_1), bodyDone);
                if (statement.isInsertWithData() || statement.secondStatement() >= 0 || bodyDone) {
                    return new RequestText(bytes, statement);
                }
                if (bytes.length > request.maxQuerySize) {
                    throw new ClickHouseError(62, "SYNTAX_ERROR", "Max query size exceeded: the statement is "
                            + "longer than max_query_size = " + request.maxQuerySize + " bytes");
                }
                byte[] more = request.body.readNBytes(chunk);
                if (more.length < chunk) {
                    bodyDone = true;
                }
                buffer.write(more);
                chunk = Math.min(chunk * 2, 1 << 22);
            }
        }
    }
}
