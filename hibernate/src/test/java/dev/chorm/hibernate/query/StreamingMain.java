package dev.chorm.hibernate.query;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Run in a JVM of its own with a small heap by {@link LargeResultsTest}: streams the Hit table
 * through {@code getResultStream()} and prints "rows sum maxUsedHeapBytes millis". With a row
 * limit as the last argument, it stops after that many rows and closes the stream.
 */
public final class StreamingMain {

    public static void main(String[] args) {
        String url = args[0];
        long stopAfter = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
        EntityManagerFactory factory = new HibernatePersistenceConfiguration("streaming")
                .jdbcUrl(url).jdbcCredentials(args[1], args[2])
                .managedClass(Hit.class)
                .createEntityManagerFactory();
        Runtime runtime = Runtime.getRuntime();
        long rows = 0;
        long sum = 0;
        long maxUsed = 0;
        long start = System.nanoTime();
        try (EntityManager em = factory.createEntityManager();
             Stream<Object[]> stream = em.createQuery("select h.id, h.page from Hit h", Object[].class)
                     .getResultStream()) {
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
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        factory.close();
        System.out.println("RESULT " + rows + " " + sum + " " + maxUsed + " " + millis);
    }
}
