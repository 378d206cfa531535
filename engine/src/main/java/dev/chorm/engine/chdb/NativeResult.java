package dev.chorm.engine.chdb;

import com.sun.jna.Pointer;

/** A whole statement output held in engine memory until {@link #close}. */
public final class NativeResult implements AutoCloseable {

    private final LibChdb lib;
    private final Pointer result;
    private final Pointer data;
    private final long length;
    private final QueryStats stats;
    private boolean closed;

    NativeResult(LibChdb lib, Pointer result, QueryStats stats) {
        this.lib = lib;
        this.result = result;
        this.data = lib.chdb_result_buffer(result);
        this.length = data == null ? 0 : lib.chdb_result_length(result);
        this.stats = stats;
    }

    public long length() {
        return length;
    }

    public QueryStats stats() {
        return stats;
    }

    /** Copies {@code count} bytes from {@code offset} into {@code target}. */
    public void copyTo(long offset, byte[] target, int targetOffset, int count) {
        data.read(offset, target, targetOffset, count);
    }

    /** The whole output on the heap: for small results only. */
    public byte[] toByteArray() {
        return length == 0 ? new byte[0] : data.getByteArray(0, Math.toIntExact(length));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lib.chdb_destroy_query_result(result);
        }
    }
}
