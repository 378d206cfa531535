package dev.chorm.engine.http;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ClickHouse HTTP sessions ({@code session_id}): a connection of its own per session, so that
 * {@code SET}, {@code USE} and temporary tables last between the session's requests, and expire
 * after {@code session_timeout} seconds without use.
 */
final class Sessions implements AutoCloseable {

    static final int MAX_SESSIONS = 256;

    private final EnginePool pool;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Sessions(EnginePool pool) {
        this.pool = pool;
    }

    static final class Session {
        final EngineSession engine;
        final ReentrantLock lock = new ReentrantLock();
        volatile long expiresAt;

        Session(EngineSession engine) {
            this.engine = engine;
        }
    }

    /** The session, locked for this request; release with {@link #release}. */
    Session acquire(String id, int timeoutSeconds, boolean mustExist) {
        expire();
        Session session = sessions.get(id);
        if (session == null) {
            if (mustExist) {
                throw new ClickHouseError(372, "SESSION_NOT_FOUND", "Session " + id + " not found");
            }
            if (sessions.size() >= MAX_SESSIONS) {
                throw new ClickHouseError(202, "TOO_MANY_SIMULTANEOUS_QUERIES",
                        "Too many open sessions (" + MAX_SESSIONS + ")");
            }
            session = sessions.computeIfAbsent(id, key -> new Session(pool.openDedicated()));
        }
        try {
            // A client's next request can arrive before this request's thread has unlocked.
            if (!session.lock.tryLock(1, TimeUnit.SECONDS)) {
                throw new ClickHouseError(373, "SESSION_IS_LOCKED", "Session " + id + " is locked by a concurrent client");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseError(394, "QUERY_WAS_CANCELLED", "Interrupted while waiting for session " + id);
        }
        session.expiresAt = Long.MAX_VALUE;
        return session;
    }

    void release(String id, Session session, int timeoutSeconds) {
        session.expiresAt = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        if (!session.engine.isClean()) {
            sessions.remove(id, session);
            session.engine.close();
        }
        session.lock.unlock();
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            Session session = it.next().getValue();
            if (session.expiresAt - now < 0 && session.lock.tryLock()) {
                try {
                    it.remove();
                    session.engine.close();
                } finally {
                    session.lock.unlock();
                }
            }
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(session -> session.engine.close());
        sessions.clear();
    }
}
