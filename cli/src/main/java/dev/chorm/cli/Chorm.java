package dev.chorm.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code chorm <command> [options]}: the command-line entry point. */
public final class Chorm {

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("serve", new ServeCommand());
        COMMANDS.put("makemigrations", new MakeMigrationsCommand());
        COMMANDS.put("migrate", new MigrateCommand());
        COMMANDS.put("showmigrations", new ShowMigrationsCommand());
        COMMANDS.put("sqlmigrate", new SqlMigrateCommand());
        COMMANDS.put("inspectdb", new InspectDbCommand());
        COMMANDS.put("check", new CheckCommand());
    }

    private Chorm() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code (0 ok, 2 usage error, 1 failure). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("chorm: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        try {
            return command.run(Options.parse(args[0], Arrays.copyOfRange(args, 1, args.length), command.options()), out, err);
        } catch (UsageException e) {
            err.println("chorm " + args[0] + ": " + e.getMessage());
            err.println(command.usage());
            return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: chorm <command> [options]");
        out.println();
        out.println("commands:");
        COMMANDS.forEach((name, command) -> out.println("  " + command.usage().replaceFirst("^usage: chorm ", "")));
    }
}
