package dev.chorm.cli;

import dev.chorm.migrations.EntitySourceWriter;
import dev.chorm.migrations.LiveSchema;
import dev.chorm.migrations.SchemaState;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/** {@code chorm inspectdb}: writes a JPA entity source, with chorm's annotations, for every table of a database. */
final class InspectDbCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return MigrationSettings.merge(MigrationSettings.database(), Map.of("package", true, "out", true, "tables", true));
    }

    @Override
    public String usage() {
        return "usage: chorm inspectdb --url JDBC_URL [--user U --password P] --package com.example.model --out SRC_DIR"
                + " [--tables T[,T]]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        if (!options.has("package") || !options.has("out")) {
            throw new UsageException("--package and --out are required (sources go to OUT/com/example/model/)");
        }
        String pkg = options.get("package", null);
        List<String> only = MigrationSettings.list(options.get("tables", ""));
        return MigrationSettings.guarded("inspectdb", err, () -> {
            try (Connection connection = MigrationSettings.connect(options)) {
                SchemaState live = LiveSchema.read(connection, null);
                Path dir = Path.of(options.get("out", null)).resolve(pkg.replace('.', '/'));
                Files.createDirectories(dir);
                int written = 0;
                for (var table : live.tables().values()) {
                    if (!only.isEmpty() && !only.contains(table.name())) {
                        continue;
                    }
                    EntitySourceWriter.Source source = EntitySourceWriter.write(table, pkg);
                    Path file = dir.resolve(source.className() + ".java");
                    Files.writeString(file, source.text());
                    out.println("wrote " + file + " (table " + table.name() + ")");
                    source.unsupported().forEach(problem -> out.println("  not expressible as annotations: " + problem));
                    written++;
                }
                if (written == 0) {
                    out.println("no table to inspect");
                }
                return 0;
            }
        });
    }
}
