package dev.chorm.cli;

import dev.chorm.migrations.Migrations;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/** {@code chorm showmigrations}: every migration with {@code [X]} applied, {@code [ ]} pending, {@code [!]} failed, {@code [F]} faked. */
final class ShowMigrationsCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return MigrationSettings.merge(MigrationSettings.directory(), MigrationSettings.cluster(), MigrationSettings.database());
    }

    @Override
    public String usage() {
        return "usage: chorm showmigrations --url JDBC_URL [--user U --password P] [--dir DIR] [--cluster NAME]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        return MigrationSettings.guarded("showmigrations", err, () -> {
            try (Connection connection = MigrationSettings.connect(options)) {
                List<Migrations.Status> lines = MigrationSettings.existingMigrations(options).show(connection);
                if (lines.isEmpty()) {
                    out.println("no migrations in " + options.get("dir", MigrationSettings.DEFAULT_DIRECTORY));
                }
                lines.forEach(line -> out.println(line.display()));
                return 0;
            }
        });
    }
}
