package dev.chorm.engine.http;

import dev.chorm.engine.chdb.ChdbEngine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Engine connections shared by requests. Connections to one data path run in parallel, so the
 * pool bounds concurrency ({@code maxConcurrentQueries}) rather than connections; idle
 * connections are kept for reuse because their session state is tracked by {@link EngineSession}.
 */
final class EnginePool implements AutoCloseable {

    private final ChdbEngine engine;
    private final Semaphore permits;
    private final long waitMillis;
    private final int maxConcurrent;
    private final Deque<EngineSession> idle = new ArrayDeque<>();
    private boolean closed;

    EnginePool(ChdbEngine engine, int maxConcurrent, long waitMillis) {
        this.engine = engine;
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent, true);
        this.waitMillis = waitMillis;
    }

    /** A connection for one request; hand it back with {@link #release}. */
    EngineSession acquire() {
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new ClickHouseError(202, "TOO_MANY_SIMULTANEOUS_QUERIES",
                        "Too many simultaneous queries. Maximum: " + maxConcurrent);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseError(394, "QUERY_WAS_CANCELLED", "Query was cancelled while waiting for a slot");
        }
        try {
            EngineSession session;
            synchronized (this) {
                if (closed) {
                    throw new ClickHouseError(210, "NETWORK_ERROR", "Server is shutting down");
                }
                session = idle.pollFirst();
            }
            return session != null ? session : new EngineSession(engine.connect());
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; one whose state is no longer known is closed rather than reused. */
    void release(EngineSession session) {
        try {
            boolean keep;
            synchronized (this) {
                keep = !closed && session.isClean();
                if (keep) {
                    idle.addFirst(session);
                }
            }
            if (!keep) {
                session.close();
            }
        } finally {
            permits.release();
        }
    }

    /** A connection outside the concurrency bound, for a {@code session_id} session that owns it. */
    EngineSession openDedicated() {
        return new EngineSession(engine.connect());
    }

    @Override
    public void close() {
        Deque<EngineSession> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(EngineSession::close);
    }
}
