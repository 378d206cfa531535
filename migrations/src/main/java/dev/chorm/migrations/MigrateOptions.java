package dev.chorm.migrations;

import java.time.Duration;

/**
 * How {@link MigrationExecutor#migrate} runs.
 *
 * @param target      the version to end at (lower than the applied ones: reverse down to it); null for the latest
 * @param fake        record migrations as applied without running them (the schema already is so)
 * @param force       run although an applied migration's file changed (its recorded checksum is updated)
 * @param lockWait    how long to wait for another migrate's lock
 * @param classLoader loads {@link JavaMigration} classes
 */
public record MigrateOptions(Integer target, boolean fake, boolean force, Duration lockWait, ClassLoader classLoader) {

    public static MigrateOptions defaults() {
        return new MigrateOptions(null, false, false, Duration.ofMinutes(10), Thread.currentThread().getContextClassLoader());
    }

    public MigrateOptions target(Integer target) {
        return new MigrateOptions(target, fake, force, lockWait, classLoader);
    }

    public MigrateOptions fake(boolean fake) {
        return new MigrateOptions(target, fake, force, lockWait, classLoader);
    }

    public MigrateOptions force(boolean force) {
        return new MigrateOptions(target, fake, force, lockWait, classLoader);
    }

    public MigrateOptions lockWait(Duration lockWait) {
        return new MigrateOptions(target, fake, force, lockWait, classLoader);
    }

    public MigrateOptions classLoader(ClassLoader classLoader) {
        return new MigrateOptions(target, fake, force, lockWait, classLoader);
    }
}
