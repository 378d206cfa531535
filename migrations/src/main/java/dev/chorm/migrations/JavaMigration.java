package dev.chorm.migrations;

import java.sql.Connection;
import java.util.function.Consumer;

/**
 * A data migration written in Java, run as a step of a migration file by the line
 * {@code -- chorm:java com.example.Backfill}. The class needs a public no-argument constructor.
 * ClickHouse has no transactions: make the work safe to repeat, because a failure re-runs the whole step.
 */
@FunctionalInterface
public interface JavaMigration {

    void migrate(Context context) throws Exception;

    /**
     * What a Java migration works with.
     *
     * @param connection the connection the migration runs on (its database is the migrated one)
     * @param version    the migration's version
     * @param progress   prints a progress line on the CLI
     */
    record Context(Connection connection, int version, Consumer<String> progress) {
    }
}
