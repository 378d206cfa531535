package dev.chorm.engine.chdb;

import com.sun.jna.Pointer;

/**
 * A running query read chunk by chunk. {@link #next} returns chunks until it returns
 * {@code null}; {@link #close} cancels the query if it has not finished, so a reader that stops
 * early stops the engine too.
 */
public final class StreamingQuery implements AutoCloseable {

    private final LibChdb lib;
    private final Pointer conn;
    private final Pointer handle;
    private Pointer chunk;
    private boolean finished;
    private boolean closed;
    private QueryStats stats = QueryStats.NONE;

    StreamingQuery(LibChdb lib, Pointer conn, Pointer handle) {
        this.lib = lib;
        this.conn = conn;
        this.handle = handle;
    }

    /**
     * The next chunk of output, valid until the following call to {@code next} or {@code close};
     * {@code null} at the end. Throws {@link ChdbException} when the query fails midway.
     */
    public Chunk next() {
        releaseChunk();
        if (finished || closed) {
            return null;
        }
        Pointer result = lib.chdb_stream_fetch_result(conn, handle);
        String error = result == null ? "Code: 1001. DB::Exception: no result from the engine (STD_EXCEPTION)"
                : lib.chdb_result_error(result);
        if (error != null) {
            if (result != null) {
                lib.chdb_destroy_query_result(result);
            }
            finished = true;
            throw ChdbException.parse(error);
        }
        long length = lib.chdb_result_length(result);
        stats = stats.plus(ChdbConnection.stats(lib, result));
        if (length == 0) {
            lib.chdb_destroy_query_result(result);
            finished = true;
            return null;
        }
        chunk = result;
        return new Chunk(lib.chdb_result_buffer(result), length);
    }

    /** Totals over the chunks fetched so far. */
    public QueryStats stats() {
        return stats;
    }

    public boolean isFinished() {
        return finished;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        releaseChunk();
        if (!finished) {
            lib.chdb_stream_cancel_query(conn, handle);
        }
        closed = true;
        lib.chdb_destroy_query_result(handle);
    }

    private void releaseChunk() {
        if (chunk != null) {
            lib.chdb_destroy_query_result(chunk);
            chunk = null;
        }
    }

    /** Engine-owned bytes: copy them out before the next call. */
    public record Chunk(Pointer data, long length) {
        public void copyTo(long offset, byte[] target, int targetOffset, int count) {
            data.read(offset, target, targetOffset, count);
        }
    }
}
