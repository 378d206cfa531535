package dev.chorm.hibernate.id;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 64-bit, time-ordered, unique ids generated in the client: 41 bits of milliseconds since
 * 2020-01-01T00:00:00Z (enough until 2089), 10 bits of worker id, 12 bits of sequence (4,096 ids
 * per millisecond per worker). Ids are positive and strictly increasing per worker, also when the
 * clock steps back (the generator then keeps counting from the last time it used) or when more
 * than 4,096 ids are asked for within one millisecond (it borrows the next millisecond).
 *
 * <p>Ids are unique across processes only if each process has its own worker id: set
 * {@code chorm.snowflake.worker-id} (system property) or {@code CHORM_SNOWFLAKE_WORKER_ID}
 * (environment) to 0..1023. Without it the worker id is derived from the host name and process id,
 * which makes collisions unlikely but not impossible.
 */
public final class Snowflake {

    public static final long EPOCH_MILLIS = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    public static final int MAX_WORKER_ID = 1023;
    private static final int SEQUENCE_BITS = 12;
    private static final int WORKER_BITS = 10;
    private static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    private static final Map<Integer, Snowflake> WORKERS = new ConcurrentHashMap<>();

    private final int workerId;
    private long lastMillis = -1;
    private long sequence;

    private Snowflake(int workerId) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("Snowflake worker id must be 0.." + MAX_WORKER_ID + ", got " + workerId);
        }
        this.workerId = workerId;
    }

    /** The generator of {@code workerId}, shared in this JVM so that its ids stay ordered. */
    public static Snowflake worker(int workerId) {
        return WORKERS.computeIfAbsent(workerId, Snowflake::new);
    }

    /** The generator of the configured worker id (see the class comment). */
    public static Snowflake configured() {
        return worker(configuredWorkerId());
    }

    public int workerId() {
        return workerId;
    }

    /** The next id of this worker. */
    public synchronized long nextId() {
        long now = System.currentTimeMillis() - EPOCH_MILLIS;
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        } else if (++sequence > MAX_SEQUENCE) {
            lastMillis++; // borrow the next millisecond rather than wait for it
            sequence = 0;
        }
        return (lastMillis << (WORKER_BITS + SEQUENCE_BITS)) | ((long) workerId << SEQUENCE_BITS) | sequence;
    }

    /** When an id was generated. */
    public static Instant timestampOf(long id) {
        return Instant.ofEpochMilli((id >>> (WORKER_BITS + SEQUENCE_BITS)) + EPOCH_MILLIS);
    }

    /** Which worker generated an id. */
    public static int workerOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & MAX_WORKER_ID);
    }

    static int configuredWorkerId() {
        String value = System.getProperty("chorm.snowflake.worker-id");
        if (value == null || value.isBlank()) {
            value = System.getenv("CHORM_SNOWFLAKE_WORKER_ID");
        }
        if (value != null && !value.isBlank()) {
            try {
                int id = Integer.parseInt(value.trim());
                if (id >= 0 && id <= MAX_WORKER_ID) {
                    return id;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("chorm.snowflake.worker-id / CHORM_SNOWFLAKE_WORKER_ID must be 0.."
                    + MAX_WORKER_ID + ", got '" + value + "'");
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        String process = ManagementFactory.getRuntimeMXBean().getName();
        return Math.floorMod((host + "/" + process).hashCode(), MAX_WORKER_ID + 1);
    }
}
