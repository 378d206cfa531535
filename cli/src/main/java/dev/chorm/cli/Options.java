package dev.chorm.cli;

import java.util.HashMap;
import java.util.Map;

/** Parsed {@code --name value} / {@code --name=value} / {@code --flag} options of one command. */
final class Options {

    /** The name under which a command's one positional argument is kept. */
    static final String POSITIONAL = "";

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    static Options parse(String command, String[] args, Map<String, Boolean> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                // a command that declares the option "" takes one positional argument (sqlmigrate VERSION)
                if (!known.containsKey(POSITIONAL) || values.put(POSITIONAL, arg) != null) {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Boolean takesValue = known.get(name);
            if (takesValue == null) {
                throw new UsageException("unknown option --" + name);
            }
            if (takesValue && value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args[++i];
            } else if (!takesValue && value != null) {
                throw new UsageException("option --" + name + " takes no value");
            }
            if (values.put(name, value == null ? "true" : value) != null) {
                throw new UsageException("option --" + name + " given twice");
            }
        }
        return new Options(values);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    int port(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a port number 0..65535, got '" + value + "'");
        }
    }
}
