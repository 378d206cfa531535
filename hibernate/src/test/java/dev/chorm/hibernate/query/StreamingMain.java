package dev.chorm.hibernate.query;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Run in a JVM of its own with a small heap by {@link LargeResultsTest}: streams the Hit table
 * through {@code getResultStream()} and prints "RESULT rows sum maxUsedHeapBytes millis closeMillis".
 * With a row limit as the last argument, it stops after that many rows and closes the stream, then
 * reads the whole table once more for comparison ("FULL millis").
 */
public final class StreamingMain {

    private long rows;
    private long sum;
    private long maxUsed;
    private long millis;
    private long closeMillis;

    public static void main(String[] args) {
        long stopAfter = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
        EntityManagerFactory factory = new HibernatePersistenceConfiguration("streaming")
                .jdbcUrl(args[0]).jdbcCredentials(args[1], args[2])
                .managedClass(Hit.class)
                .createEntityManagerFactory();
        StreamingMain run = new StreamingMain();
        run.stream(factory, stopAfter);
        System.out.println("RESULT " + run.rows + " " + run.sum + " " + run.maxUsed + " " + run.millis + " " + run.closeMillis);
        if (stopAfter != Long.MAX_VALUE) {
            StreamingMain full = new StreamingMain();
            full.stream(factory, Long.MAX_VALUE);
            System.out.println("FULL " + full.millis);
        }
        factory.close();
    }

    private void stream(EntityManagerFactory factory, long stopAfter) {
        Runtime runtime = Runtime.getRuntime();
        long start = System.nanoTime();
        try (EntityManager em = factory.createEntityManager()) {
            Stream<Object[]> stream = em.createQuery("select h.id, h.page from Hit h", Object[].class).getResultStream();
            try {
                Iterator<Object[]> iterator = stream.iterator();
                while (rows < stopAfter && iterator.hasNext()) {
                    Object[] row = iterator.next();
                    sum += (Long) row[0];
                    if (((String) row[1]).isEmpty()) {
                        throw new IllegalStateException("empty page");
                    }
                    rows++;
                    if ((rows & 0xFFFF) == 0) {
                        maxUsed = Math.max(maxUsed, runtime.totalMemory() - runtime.freeMemory());
                    }
                }
            } finally {
                long closing = System.nanoTime();
                stream.close();
                closeMillis = (System.nanoTime() - closing) / 1_000_000;
            }
        }
        millis = (System.nanoTime() - start) / 1_000_000;
    }
}
