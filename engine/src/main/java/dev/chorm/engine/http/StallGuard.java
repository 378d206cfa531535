package dev.chorm.engine.http;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts connections whose client stops sending or reading: ClickHouse's
 * {@code http_receive_timeout} / {@code http_send_timeout}, a limit on each wait for the peer rather
 * than on the whole request, so a slow-loris client cannot hold a worker thread while a long but
 * steady upload is never cut.
 *
 * <p>The JDK server reads the request line and headers on a worker thread before any handler
 * runs, and exposes no socket to put a timeout on. Its reads and writes are blocking NIO channel
 * operations, which are interruptible: interrupting a thread blocked in one closes the channel
 * and fails the operation. So every worker task is watched from the moment it starts (headers
 * being read) and, inside the handler, around each body read and response write; a watchdog
 * interrupts a thread that has waited on its peer longer than the limit. Between those waits the
 * thread is never interrupted, so the engine (JNA calls) never sees an interrupt.
 */
final class StallGuard implements AutoCloseable {

    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();

    private final long limitNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    private final AtomicLong cut = new AtomicLong();

    StallGuard(long limitMillis) {
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chorm-http-stall-guard");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, Math.min(1000, limitMillis / 4));
        watchdog.scheduleWithFixedDelay(this::cutStalled, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs each task of {@code executor} under watch, starting in the waiting state (headers). */
    Executor watching(Executor executor) {
        return task -> executor.execute(() -> run(task));
    }

    /** How many connections were cut for stalling. */
    long cutConnections() {
        return cut.get();
    }

    /** The request headers have been read: the thread works until its next read or write. */
    static void headersRead() {
        Watch watch = CURRENT.get();
        if (watch != null) {
            watch.working();
        }
    }

    /** {@code in}, with each read counted as a wait on the peer. */
    static InputStream watched(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                Watch watch = waiting();
                try {
                    return super.read();
                } finally {
                    working(watch);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Watch watch = waiting();
                try {
                    return in.read(b, off, len);
                } finally {
                    working(watch);
                }
            }
        };
    }

    /** {@code out}, with each write and flush counted as a wait on the peer. */
    static OutputStream watched(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                Watch watch = waiting();
                try {
                    out.write(b);
                } finally {
                    working(watch);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Watch watch = waiting();
                try {
                    out.write(b, off, len);
                } finally {
                    working(watch);
                }
            }

            @Override
            public void flush() throws IOException {
                Watch watch = waiting();
                try {
                    out.flush();
                } finally {
                    working(watch);
                }
            }

            @Override
            public void close() throws IOException {
                Watch watch = waiting();
                try {
                    out.close();
                } finally {
                    working(watch);
                }
            }
        };
    }

    /** Runs {@code io} (e.g. closing an exchange, which drains the unread body) as a wait on the peer. */
    static void whileWaiting(Runnable io) {
        Watch watch = waiting();
        try {
            io.run();
        } finally {
            working(watch);
        }
    }

    private static Watch waiting() {
        Watch watch = CURRENT.get();
        if (watch != null) {
            watch.waiting();
        }
        return watch;
    }

    private static void working(Watch watch) {
        if (watch != null) {
            watch.working();
        }
    }

    private void run(Runnable task) {
        Watch watch = new Watch(Thread.currentThread());
        CURRENT.set(watch);
        watches.add(watch);
        try {
            task.run();
        } finally {
            watches.remove(watch);
            watch.finish();
            CURRENT.remove();
        }
    }

    private void cutStalled() {
        long now = System.nanoTime();
        for (Watch watch : watches) {
            if (watch.interruptIfStalled(now, limitNanos)) {
                cut.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** One worker task: whether, and since when, it waits on its peer. */
    private static final class Watch {
        private final Thread thread;
        private long waitingSince;
        private boolean waiting = true; // a task starts by reading the request line and headers
        private boolean done;

        Watch(Thread thread) {
            this.thread = thread;
            this.waitingSince = System.nanoTime();
        }

        synchronized void waiting() {
            waiting = true;
            waitingSince = System.nanoTime();
        }

        synchronized void working() {
            waiting = false;
            // An interrupt that came as a wait ended has closed nothing: the wait succeeded.
            Thread.interrupted();
        }

        synchronized boolean interruptIfStalled(long now, long limit) {
            if (done || !waiting || now - waitingSince < limit) {
                return false;
            }
            waiting = false;
            thread.interrupt(); // closes the blocked channel: the read or write fails, the connection ends
            return true;
        }

        synchronized void finish() {
            done = true;
            Thread.interrupted(); // an interrupt meant for this task must not reach the next one
        }
    }
}
