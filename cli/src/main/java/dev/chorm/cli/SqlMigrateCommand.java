package dev.chorm.cli;

import java.io.PrintStream;
import java.util.Map;

/** {@code chorm sqlmigrate VERSION}: prints a migration's statements, step by step, without running them. */
final class SqlMigrateCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return MigrationSettings.merge(MigrationSettings.directory(), Map.of(Options.POSITIONAL, true, "reverse", false));
    }

    @Override
    public String usage() {
        return "usage: chorm sqlmigrate VERSION [--reverse] [--dir DIR]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        if (!options.has(Options.POSITIONAL)) {
            throw new UsageException("which migration? e.g. chorm sqlmigrate 3");
        }
        String text = options.get(Options.POSITIONAL, null).replaceFirst("^[VvUu]", "").replaceFirst("__.*$", "");
        int version = MigrateCommand.number("VERSION", text);
        return MigrationSettings.guarded("sqlmigrate", err, () -> {
            out.print(MigrationSettings.existingMigrations(options).sql(version, options.has("reverse")));
            return 0;
        });
    }
}
