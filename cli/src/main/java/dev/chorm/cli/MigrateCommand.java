package dev.chorm.cli;

import dev.chorm.migrations.MigrateOptions;
import dev.chorm.migrations.MigrationExecutor;
import dev.chorm.migrations.MigrationLock;

import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

/** {@code chorm migrate}: applies pending migrations (or reverses down to {@code --target}), printing progress. */
final class MigrateCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return MigrationSettings.merge(MigrationSettings.directory(), MigrationSettings.cluster(), MigrationSettings.database(),
                Map.of("target", true, "fake", false, "force", false, "unlock", false, "lock-wait", true, "classpath", true));
    }

    @Override
    public String usage() {
        return "usage: chorm migrate --url JDBC_URL [--user U --password P] [--dir DIR] [--cluster NAME] [--target VERSION] [--fake] [--force]"
                + " [--lock-wait SECONDS] [--classpath CP] [--unlock]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        MigrateOptions migrate = MigrateOptions.defaults().fake(options.has("fake")).force(options.has("force"))
                .classLoader(MigrationSettings.classLoader(options));
        if (options.has("target")) {
            migrate = migrate.target(number("target", options.get("target", null)));
        }
        if (options.has("lock-wait")) {
            migrate = migrate.lockWait(Duration.ofSeconds(number("lock-wait", options.get("lock-wait", null))));
        }
        MigrateOptions chosen = migrate;
        return MigrationSettings.guarded("migrate", err, () -> {
            try (Connection connection = MigrationSettings.connect(options)) {
                if (options.has("unlock")) {
                    String holder = MigrationLock.forceRelease(connection);
                    out.println(holder == null ? "the migration lock was free" : "broke the migration lock held by " + holder);
                    return 0;
                }
                MigrationExecutor.Result result = MigrationSettings.existingMigrations(options).migrate(connection, chosen, out::println);
                if (result.applied().isEmpty() && result.faked().isEmpty() && result.reverted().isEmpty()) {
                    out.println("nothing to do: the database is up to date");
                }
                return 0;
            }
        });
    }

    static int number(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes a number, got '" + value + "'");
        }
    }
}
