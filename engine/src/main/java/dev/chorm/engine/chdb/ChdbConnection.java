package dev.chorm.engine.chdb;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One engine session. Not thread-safe: a connection runs one statement at a time, and a
 * streaming query or insert owns it until that stream is closed.
 */
public final class ChdbConnection implements AutoCloseable {

    private final LibChdb lib;
    private final Pointer holder;
    private final Pointer conn;
    private final Map<String, String> baseline;
    private boolean closed;

    ChdbConnection(LibChdb lib, Pointer holder, Map<String, String> baseline) {
        this.lib = lib;
        this.holder = holder;
        this.conn = holder.getPointer(0);
        this.baseline = baseline;
    }

    /** The settings this connection started with. */
    public Map<String, String> baseline() {
        return baseline;
    }

    /** Runs a statement and returns its whole output; for small results and DDL. */
    public Result query(String sql, String format) {
        return query(sql.getBytes(StandardCharsets.UTF_8), format, Map.of());
    }

    /** Runs a statement with ClickHouse query parameters ({@code {name:Type}}) and returns its whole output. */
    public Result query(byte[] sql, String format, Map<String, String> parameters) {
        try (NativeResult result = queryNative(sql, format, parameters)) {
            return new Result(result.toByteArray(), result.stats());
        }
    }

    /**
     * Runs a statement and leaves its whole output in engine memory, to be copied out in slices:
     * for outputs that must be complete before they are sent, without needing the Java heap.
     */
    public NativeResult queryNative(byte[] sql, String format, Map<String, String> parameters) {
        ensureOpen();
        try (Memory text = copy(sql); Params params = new Params(parameters)) {
            byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
            Pointer result = params.count == 0
                    ? lib.chdb_query_n(conn, text, sql.length, fmt, fmt.length)
                    : lib.chdb_query_with_params_n(conn, text, sql.length, fmt, fmt.length,
                    params.names, params.nameLengths, params.values, params.valueLengths, params.count);
            try {
                failOnError(result);
            } catch (RuntimeException e) {
                if (result != null) {
                    lib.chdb_destroy_query_result(result);
                }
                throw e;
            }
            return new NativeResult(lib, result, stats(lib, result));
        }
    }

    /** Starts a query whose output is fetched chunk by chunk; the connection is busy until it is closed. */
    public StreamingQuery streamQuery(byte[] sql, String format, Map<String, String> parameters) {
        ensureOpen();
        try (Memory text = copy(sql); Params params = new Params(parameters)) {
            byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
            Pointer handle = params.count == 0
                    ? lib.chdb_stream_query_n(conn, text, sql.length, fmt, fmt.length)
                    : lib.chdb_stream_query_with_params_n(conn, text, sql.length, fmt, fmt.length,
                    params.names, params.nameLengths, params.values, params.valueLengths, params.count);
            String error = lib.chdb_result_error(handle);
            if (error != null) {
                lib.chdb_destroy_query_result(handle);
                throw ChdbException.parse(error);
            }
            return new StreamingQuery(lib, conn, handle);
        }
    }

    /**
     * Starts a streaming INSERT. {@code head} is the statement without FORMAT clause or data,
     * e.g. {@code INSERT INTO t (a, b)}; the data follows through {@link InsertStream#append}.
     */
    public InsertStream insert(byte[] head, String format, Map<String, String> parameters) {
        ensureOpen();
        try (Memory text = copy(head); Params params = new Params(parameters)) {
            byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
            Pointer stream = params.count == 0
                    ? lib.chdb_stream_insert_n(conn, text, head.length, fmt, fmt.length)
                    : lib.chdb_stream_insert_with_params_n(conn, text, head.length, fmt, fmt.length,
                    params.names, params.nameLengths, params.values, params.valueLengths, params.count);
            String error = lib.chdb_stream_insert_error(stream);
            if (error != null) {
                lib.chdb_destroy_insert_stream(stream);
                throw ChdbException.parse(error);
            }
            return new InsertStream(lib, stream);
        }
    }

    /** Parses without running: how many statements the text holds and what they do. */
    public Classification classify(byte[] sql) {
        ensureOpen();
        try (Memory text = copy(sql); Memory analysis = new Memory(16)) {
            analysis.clear();
            analysis.setInt(0, 16);
            if (lib.chdb_classify_query_n(conn, text, sql.length, null, 0, analysis) != 0) {
                throw new ChdbException(1001, "STD_EXCEPTION", "the engine could not classify the statement");
            }
            return new Classification(analysis.getInt(4), QueryClass.of(analysis.getInt(12)));
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lib.chdb_close_conn(holder);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("connection closed");
        }
    }

    private void failOnError(Pointer result) {
        if (result == null) {
            throw new ChdbException(1001, "STD_EXCEPTION", "the engine returned no result");
        }
        String error = lib.chdb_result_error(result);
        if (error != null) {
            throw ChdbException.parse(error);
        }
    }

    /** The engine's counters of one result. */
    static QueryStats stats(LibChdb lib, Pointer result) {
        return new QueryStats(lib.chdb_result_storage_rows_read(result), lib.chdb_result_storage_bytes_read(result),
                lib.chdb_result_rows_read(result), lib.chdb_result_length(result),
                lib.chdb_result_rows_written(result), lib.chdb_result_bytes_written(result),
                (long) (lib.chdb_result_elapsed(result) * 1e9));
    }

    static Memory copy(byte[] bytes) {
        Memory memory = new Memory(Math.max(1, bytes.length));
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    /** A whole result. */
    public record Result(byte[] data, QueryStats stats) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The engine's parse of a text: statement count and class. */
    public record Classification(int statements, QueryClass queryClass) {
    }

    /** Query parameters laid out as chDB's length-prefixed name/value arrays. */
    private static final class Params implements AutoCloseable {
        final int count;
        final Pointer[] names;
        final long[] nameLengths;
        final Pointer[] values;
        final long[] valueLengths;
        private final Memory[] owned;

        Params(Map<String, String> parameters) {
            Map<String, String> ordered = new LinkedHashMap<>(Objects.requireNonNullElse(parameters, Map.of()));
            count = ordered.size();
            names = new Pointer[count];
            nameLengths = new long[count];
            values = new Pointer[count];
            valueLengths = new long[count];
            owned = new Memory[count * 2];
            int i = 0;
            for (Map.Entry<String, String> entry : ordered.entrySet()) {
                byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
                owned[2 * i] = copy(name);
                owned[2 * i + 1] = copy(value);
                names[i] = owned[2 * i];
                nameLengths[i] = name.length;
                values[i] = owned[2 * i + 1];
                valueLengths[i] = value.length;
                i++;
            }
        }

        @Override
        public void close() {
            for (Memory memory : owned) {
                memory.close();
            }
        }
    }
}
