package dev.chorm.hibernate.id;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnowflakeTest {

    @Test
    void idsArePositiveStrictlyIncreasingAndCarryTheirTimeAndWorker() {
        Snowflake snowflake = Snowflake.worker(517);
        Instant before = Instant.now().minusMillis(1);
        long previous = 0;
        for (int i = 0; i < 100_000; i++) {
            long id = snowflake.nextId();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        assertThat(Snowflake.workerOf(previous)).isEqualTo(517);
        assertThat(Snowflake.timestampOf(previous)).isAfter(before).isBefore(Instant.now().plusSeconds(60));
    }

    @Test
    void concurrentCallersNeverGetTheSameIdAndEachSeesIncreasingIds() throws Exception {
        Snowflake snowflake = Snowflake.worker(3);
        Set<Long> all = ConcurrentHashMap.newKeySet();
        AtomicBoolean ordered = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                long previous = 0;
                for (int i = 0; i < 50_000; i++) {
                    long id = snowflake.nextId();
                    if (id <= previous) {
                        ordered.set(false);
                    }
                    previous = id;
                    all.add(id);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(all).hasSize(200_000);
        assertThat(ordered).isTrue();
    }

    @Test
    void differentWorkersNeverCollide() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Snowflake.worker(10).nextId());
            ids.add(Snowflake.worker(11).nextId());
        }
        assertThat(ids).hasSize(20_000);
    }

    @Test
    void workerIdsOutsideTenBitsAreRefused() {
        assertThatThrownBy(() -> Snowflake.worker(1024)).hasMessageContaining("0..1023, got 1024");
        System.setProperty("chorm.snowflake.worker-id", "x");
        try {
            assertThatThrownBy(Snowflake::configuredWorkerId).hasMessageContaining("must be 0..1023, got 'x'");
        } finally {
            System.clearProperty("chorm.snowflake.worker-id");
        }
    }
}
