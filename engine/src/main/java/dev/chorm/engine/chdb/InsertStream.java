package dev.chorm.engine.chdb;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A streaming INSERT: data goes in with {@link #append}, {@link #finish} commits it and
 * {@link #close} without finishing cancels. Binary-safe and of any size.
 */
public final class InsertStream implements AutoCloseable {

    private static final int BUFFER = 1 << 20;

    private final LibChdb lib;
    private final Pointer stream;
    private final Memory buffer = new Memory(BUFFER);
    private final long startNanos = System.nanoTime();
    private boolean done;
    private boolean closed;

    InsertStream(LibChdb lib, Pointer stream) {
        this.lib = lib;
        this.stream = stream;
    }

    /** Pushes bytes in the stream's input format; they are copied. */
    public void append(byte[] data, int offset, int length) {
        int position = offset;
        int left = length;
        while (left > 0) {
            int n = Math.min(left, BUFFER);
            buffer.write(0, data, position, n);
            if (lib.chdb_stream_append(stream, buffer, n) != 0) {
                String error = lib.chdb_stream_insert_error(stream);
                throw ChdbException.parse(error != null ? error
                        : "Code: 1001. DB::Exception: the insert stream refused data (STD_EXCEPTION)");
            }
            position += n;
            left -= n;
        }
    }

    /** Ends the input and commits; returns what was written. */
    public QueryStats finish() {
        done = true;
        Pointer result = lib.chdb_stream_done(stream);
        try {
            String error = result == null ? lib.chdb_stream_insert_error(stream) : lib.chdb_result_error(result);
            if (error != null || result == null) {
                throw ChdbException.parse(error);
            }
            QueryStats stats = ChdbConnection.stats(lib, result);
            // chDB's elapsed time of a streamed insert counts from the connection's start, not the insert's
            return new QueryStats(stats.readRows(), stats.readBytes(), stats.resultRows(), stats.resultBytes(),
                    stats.writtenRows(), stats.writtenBytes(), System.nanoTime() - startNanos);
        } finally {
            if (result != null) {
                lib.chdb_destroy_query_result(result);
            }
        }
    }

    /** Cancels the insert unless it was finished; always releases the handle. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!done) {
                lib.chdb_stream_cancel_insert(stream);
            }
        } finally {
            lib.chdb_destroy_insert_stream(stream);
            buffer.close();
        }
    }
}
