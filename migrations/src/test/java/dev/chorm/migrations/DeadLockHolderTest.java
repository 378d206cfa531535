package dev.chorm.migrations;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When a lock's holder counts as gone from this host (reported at once) and when it is waited for. */
class DeadLockHolderTest {

    private final String self = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    private final long pid = ProcessHandle.current().pid();
    private final String host = self.substring(self.indexOf('@') + 1);

    @Test
    void aLiveProcessOfThisHostIsWaitedFor() {
        assertThat(MigrationLock.goneFromThisHost(self + " 1b4e28ba since " + Instant.now())).isFalse();
    }

    @Test
    void aPidNoProcessHasIsGone() throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
                .redirectErrorStream(true).start();
        child.getInputStream().readAllBytes();
        child.waitFor();
        assertThat(MigrationLock.goneFromThisHost(child.pid() + "@" + host + " 1b4e28ba since " + Instant.now())).isTrue();
    }

    @Test
    void aPidTakenByAProcessStartedAfterTheLockIsGone() {
        Instant beforeThisJvm = ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(60);
        assertThat(MigrationLock.goneFromThisHost(pid + "@" + host + " 1b4e28ba since " + beforeThisJvm)).isTrue();
    }

    @Test
    void aHolderOfAnotherHostOrOfAnUnknownFormIsWaitedFor() {
        assertThat(MigrationLock.goneFromThisHost("1@another-host-" + host + " 1b4e28ba since " + Instant.EPOCH)).isFalse();
        assertThat(MigrationLock.goneFromThisHost("someone else")).isFalse();
        assertThat(MigrationLock.goneFromThisHost(pid + "@" + host + " 1b4e28ba since yesterday")).isFalse();
    }
}
