package dev.chorm.migrations;

import dev.chorm.migrations.HistoryTable.Entry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * chorm migrations for one migration directory: the Java API behind {@code chorm makemigrations},
 * {@code migrate}, {@code showmigrations} and {@code sqlmigrate}.
 *
 * <pre>{@code
 * Migrations migrations = Migrations.in(Path.of("src/main/resources/db/chorm"));
 * migrations.make(EntityModel.of(Event.class), RenameResolver.refuse(), null);   // writes V0001__initial.sql
 * migrations.migrate(connection, MigrateOptions.defaults(), System.out::println);
 * }</pre>
 */
public final class Migrations {

    private final Path directory;
    private final String cluster;

    private Migrations(Path directory, String cluster) {
        this.directory = directory;
        this.cluster = cluster;
    }

    public static Migrations in(Path directory) {
        return new Migrations(directory, null);
    }

    /**
     * These migrations for a cluster: the files written from now on send every statement about a
     * table {@code ON CLUSTER cluster}, and the history table is created {@code ON CLUSTER} as one
     * Replicated table shared by every server ({@link HistoryTable#definition(String)}). Null for a
     * single server.
     */
    public Migrations onCluster(String cluster) {
        return new Migrations(directory, cluster == null || cluster.isBlank() ? null : cluster.strip());
    }

    public Path directory() {
        return directory;
    }

    /** The migrations on disk, by version. */
    public List<Migration> load() {
        return MigrationLoader.load(directory);
    }

    /** The operations that would bring the migrations' state to {@code model}. */
    public List<Operation> changes(SchemaState model, RenameResolver renames) {
        return new Autodetector(renames).diff(MigrationLoader.latestState(load()), model);
    }

    /**
     * Writes the next migration, leading from the last migration's state to {@code model}; nothing when
     * they are the same.
     *
     * @param name the migration's name, or null for one derived from what it does
     * @return the forward file written, or empty when the model has not changed
     */
    public Optional<Path> make(SchemaState model, RenameResolver renames, String name) {
        List<Migration> migrations = load();
        SchemaState before = MigrationLoader.latestState(migrations);
        List<Operation> operations = new Autodetector(renames).diff(before, model);
        if (operations.isEmpty()) {
            return Optional.empty();
        }
        String chosen = name != null ? name : MigrationWriter.suggestName(operations, migrations.isEmpty());
        return Optional.of(MigrationWriter.write(directory, nextVersion(migrations), chosen, operations, before, cluster));
    }

    /** Writes an empty migration to fill in by hand (custom SQL, {@code -- chorm:java} data migrations). */
    public Path makeEmpty(String name) {
        List<Migration> migrations = load();
        return MigrationWriter.write(directory, nextVersion(migrations), name == null ? "custom" : name, List.of(),
                MigrationLoader.latestState(migrations), cluster);
    }

    public MigrationExecutor.Result migrate(Connection connection, MigrateOptions options, Consumer<String> progress)
            throws SQLException {
        return new MigrationExecutor(connection, progress, cluster).migrate(load(), options);
    }

    /** One line of {@code showmigrations}. */
    public record Status(int version, String id, String state, Optional<Entry> entry) {
        /** {@code [X] V0001__initial}, with {@code [ ]} pending, {@code [!]} failed, {@code [F]} faked. */
        public String display() {
            String mark = switch (state) {
                case "applied" -> "[X]";
                case "faked" -> "[F]";
                case "failed", "running" -> "[!]";
                case "missing" -> "[?]";
                default -> "[ ]";
            };
            String detail = entry.filter(e -> e.status() == HistoryTable.Status.FAILED || e.status() == HistoryTable.Status.RUNNING)
                    .map(e -> "  " + e.status().name().toLowerCase() + " at step " + (e.stepsDone() + 1) + " of " + e.stepsTotal()
                            + (e.error().isEmpty() ? "" : ": " + e.error().lines().findFirst().orElse("")))
                    .orElse(state.equals("missing") ? "  applied, but its file is gone" : "");
            return mark + " " + id + detail;
        }
    }

    /** Every migration on disk and in the history, with its state. */
    public List<Status> show(Connection connection) throws SQLException {
        HistoryTable history = new HistoryTable(connection, cluster);
        history.create();
        TreeMap<Integer, Entry> entries = history.read();
        Map<Integer, Migration> byVersion = new TreeMap<>();
        load().forEach(m -> byVersion.put(m.version(), m));
        TreeMap<Integer, Status> lines = new TreeMap<>();
        byVersion.forEach((version, migration) -> {
            Entry entry = entries.get(version);
            String state = entry == null || entry.status() == HistoryTable.Status.REVERTED ? "pending" : entry.status().name().toLowerCase();
            lines.put(version, new Status(version, migration.id(), state, Optional.ofNullable(entry)));
        });
        entries.forEach((version, entry) -> {
            if (!byVersion.containsKey(version) && entry.status().isApplied()) {
                lines.put(version, new Status(version, MigrationFiles.baseName(version, entry.name()), "missing", Optional.of(entry)));
            }
        });
        return new ArrayList<>(lines.values());
    }

    /** The statements of migration {@code version} (or of its reverse), as they would run, without running them. */
    public String sql(int version, boolean reverse) {
        Migration migration = load().stream().filter(m -> m.version() == version).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no migration has version " + version + " in " + directory));
        List<MigrationScript.Step> steps = reverse
                ? migration.reverseSteps().orElseThrow(() -> new IllegalArgumentException(migration.id() + " is irreversible"))
                : migration.steps();
        StringBuilder out = new StringBuilder("-- " + migration.id() + (reverse ? " (reverse)" : "") + "\n");
        for (MigrationScript.Step step : steps) {
            out.append("\n-- step ").append(step.number())
                    .append(step.restartFrom() != step.number() ? " (a failure restarts at step " + step.restartFrom() + ")" : "")
                    .append('\n').append(step.display()).append('\n');
        }
        return out.toString();
    }

    private static int nextVersion(List<Migration> migrations) {
        return migrations.isEmpty() ? 1 : migrations.get(migrations.size() - 1).version() + 1;
    }
}
