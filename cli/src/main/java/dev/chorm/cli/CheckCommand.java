package dev.chorm.cli;

import dev.chorm.migrations.LiveSchema;
import dev.chorm.migrations.Operation;
import dev.chorm.migrations.SchemaState;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * {@code chorm check}: compares the live schema with the entity model; exit code 0 when they agree, 1
 * with the differences (as the operations that would fix them) when they drift.
 */
final class CheckCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return MigrationSettings.merge(MigrationSettings.database(), MigrationSettings.model());
    }

    @Override
    public String usage() {
        return "usage: chorm check --url JDBC_URL [--user U --password P] (--packages P[,P] | --classes C[,C]) [--classpath CP]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        ClassLoader loader = MigrationSettings.classLoader(options);
        return MigrationSettings.guarded("check", err, () -> {
            SchemaState model = MigrationSettings.model(options, loader);
            try (Connection connection = MigrationSettings.connect(options)) {
                SchemaState live = LiveSchema.read(connection, null);
                SchemaState modelled = SchemaState.of(live.tables().values().stream()
                        .filter(t -> model.tables().containsKey(t.name())).toList());
                List<Operation> drift = LiveSchema.drift(modelled, model);
                if (drift.isEmpty()) {
                    out.println("no drift: the database matches the model (" + model.tables().size() + " tables)");
                    return 0;
                }
                out.println("the database differs from the model; to match it, it would need:");
                drift.forEach(op -> out.println("  - " + op.describe()));
                return 1;
            }
        });
    }
}
