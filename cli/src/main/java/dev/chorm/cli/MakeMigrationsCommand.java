package dev.chorm.cli;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.migrations.Migrations;
import dev.chorm.migrations.Operation;
import dev.chorm.migrations.RenameResolver;
import dev.chorm.migrations.SchemaState;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code chorm makemigrations}: compares the entity model with the state of the last migration and
 * writes the next migration; nothing when they agree. A possible column rename is asked on a terminal,
 * else it must be given ({@code --rename table.old=new}) or refused ({@code --no-rename}).
 */
final class MakeMigrationsCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return MigrationSettings.merge(MigrationSettings.directory(), MigrationSettings.cluster(), MigrationSettings.model(),
                Map.of("name", true, "rename", true, "no-rename", false, "empty", false, "check", false));
    }

    @Override
    public String usage() {
        return "usage: chorm makemigrations (--packages P[,P] | --classes C[,C]) [--classpath CP] [--dir DIR] [--cluster NAME] [--name NAME]"
                + " [--rename TABLE.OLD=NEW[,...]] [--no-rename] [--empty] [--check]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        Migrations migrations = MigrationSettings.migrations(options);
        if (options.has("empty")) {
            return MigrationSettings.guarded("makemigrations", err, () -> {
                Path file = migrations.makeEmpty(options.get("name", null));
                out.println("wrote " + file + " (empty: add your SQL, or '-- chorm:java com.example.MyMigration')");
                return 0;
            });
        }
        ClassLoader loader = MigrationSettings.classLoader(options);
        RenameResolver renames = renames(options, out);
        return MigrationSettings.guarded("makemigrations", err, () -> {
            SchemaState model = MigrationSettings.model(options, loader);
            List<Operation> changes = migrations.changes(model, renames);
            if (changes.isEmpty()) {
                out.println("no changes: the migrations in " + migrations.directory() + " match the model");
                return 0;
            }
            if (options.has("check")) {
                out.println("the model has changes no migration holds yet:");
                changes.forEach(op -> out.println("  - " + op.describe()));
                return 1;
            }
            Optional<Path> file = migrations.make(model, renames, options.get("name", null));
            out.println("wrote " + file.orElseThrow());
            changes.forEach(op -> out.println("  - " + op.describe()));
            return 0;
        });
    }

    private static RenameResolver renames(Options options, PrintStream out) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String pair : MigrationSettings.list(options.get("rename", ""))) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.indexOf('.') < 0 || pair.indexOf('.') > eq) {
                throw new UsageException("--rename takes TABLE.OLD=NEW, got '" + pair + "'");
            }
            given.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        RenameResolver fromFlags = RenameResolver.given(given, options.has("no-rename"));
        Console console = System.console();
        if (console == null || options.has("no-rename")) {
            return fromFlags;
        }
        return (String table, ColumnDefinition from, ColumnDefinition to) -> {
            if (given.containsKey(table + "." + from.name())) {
                return fromFlags.isRename(table, from, to);
            }
            String answer = console.readLine("Was %s.%s renamed to %s (%s)? Its values are kept if so. [y/N] ",
                    table, from.name(), to.name(), to.type().render());
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        };
    }
}
