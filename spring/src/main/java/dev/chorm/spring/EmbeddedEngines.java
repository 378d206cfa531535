package dev.chorm.spring;

import dev.chorm.engine.EmbeddedClickHouse;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The embedded engine of this JVM, shared by every application context that asks for it. chDB
 * serves one data directory per process, so a second context (a test context, a DevTools
 * restart overlapping the old one) joins the running engine instead of failing; the engine
 * stops when the last context releases it.
 */
final class EmbeddedEngines {

    private static EmbeddedClickHouse running;
    private static Path requestedDirectory;
    private static int users;

    private EmbeddedEngines() {
    }

    /** The running engine if its data directory matches, else a new one; pair with {@link #release}. */
    static synchronized EmbeddedClickHouse acquire(ChormProperties.Embedded settings) {
        Path directory = settings.getDataDirectory() == null ? null : settings.getDataDirectory().toAbsolutePath().normalize();
        if (running != null) {
            if (!Objects.equals(directory, requestedDirectory)) {
                throw new IllegalStateException("chorm.embedded.data-directory=" + (directory == null ? "(temporary)" : directory)
                        + ", but this JVM already runs the embedded engine on " + running.dataDirectory()
                        + ": chDB serves one data directory per process");
            }
            users++;
            return running;
        }
        EmbeddedClickHouse.Builder builder = EmbeddedClickHouse.builder()
                .host(settings.getHost())
                .port(settings.getPort())
                .maxConcurrentQueries(settings.getMaxConcurrentQueries());
        if (directory != null) {
            builder.dataDirectory(directory);
        }
        running = builder.start();
        requestedDirectory = directory;
        users = 1;
        return running;
    }

    static synchronized void release(EmbeddedClickHouse engine) {
        if (engine == running && --users == 0) {
            running = null;
            requestedDirectory = null;
            engine.stop();
        }
    }
}
