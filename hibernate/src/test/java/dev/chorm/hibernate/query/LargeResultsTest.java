package dev.chorm.hibernate.query;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large results stream: {@code getResultStream()} reads 10,000,000 rows in a JVM whose heap is
 * 256 MB (the rows alone would take several times that); closing a stream early discards the rest.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeResultsTest {

    static final long ROWS = Long.getLong("chorm.test.stream-rows", 10_000_000L);

    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, new QueryTests.Statements(), Hit.class);
        db.execute("insert into Hit (id, page, country, at, loadMs) select number, concat('/page/', toString(number)), "
                + "'NL', now64(6), toInt32(number % 1000) from numbers(" + ROWS + ")");
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    /** The RESULT fields of a {@link StreamingMain} run, and its FULL time last when it stopped early. */
    private static String[] stream(TestDatabase db, String heap, long stopAfter) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), StreamingMain.class.getName(),
                db.jdbcUrl(), db.user(), db.password()));
        if (stopAfter > 0) {
            command.add(Long.toString(stopAfter));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String result = output.lines().filter(line -> line.startsWith("RESULT ")).findFirst().orElseThrow(
                () -> new AssertionError("no result line in:\n" + output));
        String full = output.lines().filter(line -> line.startsWith("FULL ")).findFirst().orElse("FULL -1");
        return (result.substring(7) + " " + full.substring(5)).split(" ");
    }

    @Test
    void tenMillionRowsStreamThroughA256MegabyteHeap(TestDatabase db) throws Exception {
        String[] result = stream(db, "256m", 0);
        assertThat(Long.parseLong(result[0])).isEqualTo(ROWS);
        assertThat(Long.parseLong(result[1])).isEqualTo(ROWS * (ROWS - 1) / 2); // every id once
        assertThat(Long.parseLong(result[2])).isLessThan(256L << 20);
        System.out.printf("streamed %s rows in %s ms, max used heap %d MB%n", result[0], result[3],
                Long.parseLong(result[2]) >> 20);
    }

    @Test
    void scrollableResultsReadRowByRow() {
        try (EntityManager em = factory.createEntityManager();
             ScrollableResults<Object[]> rows = em.createQuery("select h.id, h.loadMs from Hit h where h.id < 300000",
                     Object[].class).unwrap(org.hibernate.query.Query.class).scroll(ScrollMode.FORWARD_ONLY)) {
            long count = 0;
            long sum = 0;
            while (rows.next()) {
                Object[] row = rows.get();
                count++;
                sum += (Integer) row[1];
            }
            assertThat(count).isEqualTo(300_000L);
            assertThat(sum).isEqualTo(300L * 499_500L); // 300 rounds of 0..999
        }
    }

    @Test
    void aStreamClosedEarlyStopsTheServerQueryAndReturnsFasterThanReadingIt(TestDatabase db) throws Exception {
        String[] result = stream(db, "256m", 1000);
        assertThat(Long.parseLong(result[0])).isEqualTo(1000L);
        System.out.printf("read 1000 rows in %s ms, closed the stream in %s ms (reading all rows: %s ms)%n",
                result[3], result[4], result[5]);
        // closing cancels the query on the server (KILL QUERY) before the driver reads what is left
        CancellationTest.awaitServerRunning(db, "from Hit h1_0", false);
        assertThat(Long.parseLong(result[4])).isLessThan(Long.parseLong(result[5]));
    }
}
