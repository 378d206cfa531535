package dev.chorm.migrations;

import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.TableRef;
import dev.chorm.hibernate.type.SqlQuoting;
import dev.chorm.migrations.HistoryTable.Entry;
import dev.chorm.migrations.HistoryTable.Status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies migrations to a database: pending ones in version order, recording every step in the
 * {@link HistoryTable} as it completes, under the {@link MigrationLock}. ClickHouse DDL is not
 * transactional, so a migration that fails halfway stays recorded as failed at its step, and the next
 * run resumes there (from the start of the step's group) without repeating what succeeded.
 * Mutations a step starts (type changes, MATERIALIZE INDEX, DROP COLUMN) are waited for, with progress.
 */
public final class MigrationExecutor {

    private static final Pattern ALTER_TABLE = Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\s+(?:(`(?:[^`\\\\]|\\\\.)*`|[A-Za-z_][A-Za-z0-9_]*)\\.)?(`(?:[^`\\\\]|\\\\.)*`|[A-Za-z_][A-Za-z0-9_]*)");
    private static final String NAME = "(`(?:[^`\\\\]|\\\\.)*`|[A-Za-z_][A-Za-z0-9_]*)";
    private static final Pattern EXCHANGE = Pattern.compile("(?is)^\\s*EXCHANGE\\s+TABLES\\s+" + NAME + "\\s+AND\\s+" + NAME + "\\s*$");
    private static final Pattern COPY = Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+.*\\sFROM\\s+" + NAME + "\\s*$");
    private static final Pattern INSERT = Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+.*");

    private final Connection connection;
    private final Consumer<String> progress;
    private final HistoryTable history;

    /**
     * @param connection the database to migrate (its default database)
     * @param progress   receives one line per event (applying, step done, mutation progress)
     */
    public MigrationExecutor(Connection connection, Consumer<String> progress) {
        this(connection, progress, null);
    }

    /**
     * As {@link #MigrationExecutor(Connection, Consumer)}, with the history on {@code cluster} (null
     * for a single server): see {@link HistoryTable#definition(String)}.
     */
    public MigrationExecutor(Connection connection, Consumer<String> progress, String cluster) {
        this.connection = connection;
        this.progress = progress;
        this.history = new HistoryTable(connection, cluster);
    }

    /** What a run did. */
    public record Result(List<String> applied, List<String> faked, List<String> reverted) {
    }

    /**
     * Brings the database to {@code options.target()} (the latest migration by default).
     *
     * @throws MigrationFailedException when a step fails (recorded; the next run resumes there)
     * @throws IllegalStateException    when an applied migration was edited or removed (unless forced), or
     *                                  a migration to reverse is irreversible
     */
    public Result migrate(List<Migration> migrations, MigrateOptions options) throws SQLException {
        history.create();
        try (MigrationLock lock = MigrationLock.acquire(connection, options.lockWait(), progress)) {
            // read the history only under the lock: another process may just have applied migrations
            TreeMap<Integer, Entry> entries = history.read();
            Map<Integer, Migration> byVersion = new TreeMap<>();
            migrations.forEach(m -> byVersion.put(m.version(), m));
            verify(entries, byVersion, options.force());
            int target = options.target() != null ? options.target()
                    : migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
            if (options.target() != null && target != 0 && !byVersion.containsKey(target)) {
                throw new IllegalArgumentException("no migration has version " + target);
            }
            List<String> applied = new ArrayList<>();
            List<String> faked = new ArrayList<>();
            List<String> reverted = new ArrayList<>();
            for (Entry entry : entries.descendingMap().values()) {
                Migration migration = byVersion.get(entry.version());
                if (entry.version() > target && entry.status().isApplied() && (migration == null || !migration.reversible())) {
                    throw new IllegalStateException("cannot go below " + MigrationFiles.baseName(entry.version(), entry.name())
                            + ": it is irreversible (no " + MigrationFiles.reverse(entry.version(), entry.name()) + "); nothing was reversed");
                }
            }
            for (Entry entry : entries.descendingMap().values()) {
                if (entry.version() > target && entry.status().isApplied()) {
                    Migration migration = byVersion.get(entry.version());
                    reverse(migration, entry, options);
                    reverted.add(migration.id());
                }
            }
            for (Migration migration : migrations) {
                if (migration.version() > target) {
                    break;
                }
                Entry entry = entries.get(migration.version());
                if (entry != null && entry.status().isApplied()) {
                    continue;
                }
                if (options.fake()) {
                    Instant now = Instant.now();
                    history.write(new Entry(migration.version(), migration.name(), migration.checksum(), Status.FAKED,
                            migration.steps().size(), migration.steps().size(),
                            migration.steps().stream().map(MigrationScript.Step::checksum).toList(), 0, "", now, now, 0));
                    progress.accept("faked " + migration.id() + " (recorded as applied, nothing run)");
                    faked.add(migration.id());
                } else {
                    apply(migration, entry, options);
                    applied.add(migration.id());
                }
            }
            return new Result(applied, faked, reverted);
        }
    }

    private void verify(TreeMap<Integer, Entry> entries, Map<Integer, Migration> byVersion, boolean force) throws SQLException {
        for (Entry entry : entries.values()) {
            if (!entry.status().isApplied()) {
                continue;
            }
            Migration migration = byVersion.get(entry.version());
            if (migration == null) {
                if (!force) {
                    throw new IllegalStateException("migration " + MigrationFiles.baseName(entry.version(), entry.name())
                            + " is applied but its file is gone from the migration directory (--force to go on)");
                }
                continue;
            }
            if (!migration.checksum().equals(entry.checksum())) {
                if (!force) {
                    throw new IllegalStateException("migration " + migration.id() + " was edited after it was applied"
                            + " (checksum " + entry.checksum() + " recorded, " + migration.checksum() + " on disk)."
                            + " Put the file back, or write a new migration; --force accepts the edit without running it");
                }
                progress.accept("accepting the edited " + migration.id() + " (--force): recording its new checksum");
                history.write(entry.with(entry.status(), entry.stepsDone(), entry.stepChecksums(), entry.failedStep(),
                        entry.error(), entry.appliedAt(), entry.durationMs()).withChecksum(migration.checksum()));
            }
        }
    }

    private void apply(Migration migration, Entry previous, MigrateOptions options) throws SQLException {
        List<MigrationScript.Step> steps = migration.steps();
        int start = 0;
        List<String> done = new ArrayList<>();
        if (previous != null && (previous.status() == Status.FAILED || previous.status() == Status.RUNNING) && previous.stepsDone() > 0) {
            for (int i = 0; i < previous.stepsDone() && i < steps.size(); i++) {
                if (!steps.get(i).checksum().equals(previous.stepChecksums().get(i)) && !options.force()) {
                    throw new IllegalStateException("migration " + migration.id() + " failed at step " + (previous.stepsDone() + 1)
                            + " last time, and step " + (i + 1) + ", which had succeeded, was edited since. Put it back (only"
                            + " steps not yet run may change), or --force to resume anyway");
                }
            }
            start = previous.stepsDone() < steps.size() ? steps.get(previous.stepsDone()).restartFrom() - 1 : steps.size();
            done.addAll(HistoryTable.prefix(previous.stepChecksums(), start));
            progress.accept("resuming " + migration.id() + " at step " + (start + 1) + " of " + steps.size()
                    + " (steps 1-" + start + " were done)");
        } else {
            progress.accept("applying " + migration.id() + " (" + steps.size() + " step" + (steps.size() == 1 ? ")" : "s)"));
        }
        Instant started = Instant.now();
        Entry entry = new Entry(migration.version(), migration.name(), migration.checksum(), Status.RUNNING, steps.size(), start,
                done, 0, "", started, started, 0);
        history.write(entry);
        for (int i = start; i < steps.size(); i++) {
            MigrationScript.Step step = steps.get(i);
            try {
                Matcher exchange = EXCHANGE.matcher(step.text());
                if (!exchange.matches()) {
                    run(migration, step, options);
                } else if (i == start && previous != null && swappedBefore(previous.error(), exchange)) {
                    progress.accept("  step " + step.number() + ": the run that died had exchanged " + unquote(exchange.group(1))
                            + " and " + unquote(exchange.group(2)) + " already; not swapping them back");
                } else {
                    // the one step not safe to repeat: record the tables' identities first, so that a run
                    // killed after the swap and before its record does not swap them back
                    entry = entry.with(Status.RUNNING, i, done, 0, inFlight(exchange), Instant.now(),
                            Duration.between(started, Instant.now()).toMillis());
                    history.write(entry);
                    run(migration, step, options);
                }
            } catch (Exception e) {
                history.write(entry.with(Status.FAILED, i, done, step.number(), String.valueOf(e.getMessage()), Instant.now(),
                        Duration.between(started, Instant.now()).toMillis()));
                throw new MigrationFailedException(migration, step, false, e);
            }
            done.add(step.checksum());
            entry = entry.with(Status.RUNNING, i + 1, done, 0, "", Instant.now(), Duration.between(started, Instant.now()).toMillis());
            history.write(entry);
        }
        long millis = Duration.between(started, Instant.now()).toMillis();
        history.write(entry.with(Status.APPLIED, steps.size(), done, 0, "", Instant.now(), millis));
        progress.accept("applied " + migration.id() + " in " + millis + " ms");
    }

    private void reverse(Migration migration, Entry entry, MigrateOptions options) throws SQLException {
        if (migration == null || migration.reverseSteps().isEmpty()) {
            String id = migration == null ? MigrationFiles.baseName(entry.version(), entry.name()) : migration.id();
            throw new IllegalStateException("cannot go below " + id + ": it is irreversible (no "
                    + MigrationFiles.reverse(entry.version(), entry.name()) + ")");
        }
        List<MigrationScript.Step> steps = migration.reverseSteps().get();
        progress.accept("reversing " + migration.id() + " (" + steps.size() + " step" + (steps.size() == 1 ? ")" : "s)"));
        Instant started = Instant.now();
        for (MigrationScript.Step step : steps) {
            try {
                run(migration, step, options);
            } catch (Exception e) {
                history.write(entry.with(entry.status(), entry.stepsDone(), entry.stepChecksums(), step.number(),
                        "reverse failed at step " + step.number() + ": " + e.getMessage(), entry.appliedAt(), entry.durationMs()));
                throw new MigrationFailedException(migration, step, true, e);
            }
        }
        history.write(entry.with(Status.REVERTED, 0, List.of(), 0, "", Instant.now(), Duration.between(started, Instant.now()).toMillis()));
        progress.accept("reversed " + migration.id());
    }

    private void run(Migration migration, MigrationScript.Step step, MigrateOptions options) throws Exception {
        String firstLine = step.display().lines().findFirst().orElse("");
        progress.accept("  step " + step.number() + ": " + (firstLine.length() > 100 ? firstLine.substring(0, 100) + "..." : firstLine));
        if (step.kind() == MigrationScript.Step.Kind.JAVA) {
            Class<?> type = Class.forName(step.text(), true, options.classLoader());
            if (!JavaMigration.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("class " + step.text() + " does not implement " + JavaMigration.class.getName());
            }
            JavaMigration java = (JavaMigration) type.getDeclaredConstructor().newInstance();
            java.migrate(new JavaMigration.Context(connection, migration.version(), progress));
            return;
        }
        Matcher copy = COPY.matcher(step.text());
        if (copy.matches()) {
            reportRows(unquote(copy.group(1)));
        }
        try (Statement statement = connection.createStatement()) {
            try {
                statement.execute(step.text());
            } catch (SQLException e) {
                Matcher failedAlter = ALTER_TABLE.matcher(step.text());
                if (failedAlter.find()) {
                    // a mutation the server waited for and saw fail stays queued, retrying for ever and
                    // blocking later mutations of the table: take it out
                    killFailedMutations(unquote(failedAlter.group(2)));
                }
                Matcher exchange = EXCHANGE.matcher(step.text());
                if (!exchange.matches() || !exchangeUnsupported(e)) {
                    throw e;
                }
                swapByRenaming(unquote(exchange.group(1)), unquote(exchange.group(2)));
                return;
            }
            if (INSERT.matcher(step.text()).matches() && statement.getUpdateCount() >= 0) {
                progress.accept("    " + statement.getUpdateCount() + " rows written");
            }
        }
        Matcher alter = ALTER_TABLE.matcher(step.text());
        if (alter.find()) {
            awaitMutations(unquote(alter.group(2)));
        }
    }

    private static final String EXCHANGING = "in flight: EXCHANGE TABLES ";

    /** The marker recorded before an EXCHANGE: both tables with their UUIDs. */
    private String inFlight(Matcher exchange) throws SQLException {
        String first = unquote(exchange.group(1));
        String second = unquote(exchange.group(2));
        return EXCHANGING + first + " " + uuid(first) + " AND " + second + " " + uuid(second);
    }

    /**
     * True when the marker left by a dead run names this exchange and the first table now has the
     * UUID the second had then: the swap happened. Tables without UUIDs (Ordinary databases) are never
     * judged swapped.
     */
    private boolean swappedBefore(String marker, Matcher exchange) throws SQLException {
        String[] parts = marker.startsWith(EXCHANGING) ? marker.substring(EXCHANGING.length()).split(" ") : new String[0];
        if (parts.length != 5 || !parts[0].equals(unquote(exchange.group(1))) || !parts[3].equals(unquote(exchange.group(2)))) {
            return false;
        }
        String now = uuid(parts[0]);
        return !parts[4].equals(parts[1]) && !parts[4].matches("[0-]*") && parts[4].equals(now) && !now.equals(parts[1]);
    }

    private String uuid(String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT toString(uuid) FROM system.tables WHERE database = currentDatabase()"
                     + " AND name = " + SqlQuoting.quoteString(table))) {
            return rs.next() ? rs.getString(1) : "-";
        }
    }

    /** Before a long copy ({@code INSERT ... SELECT ... FROM table}), how many rows it has to copy. */
    private void reportRows(String table) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count() FROM " + DdlRenderer.quoteIdentifier(table))) {
            if (rs.next()) {
                progress.accept("    copying " + rs.getLong(1) + " rows from " + table);
            }
        } catch (SQLException e) {
            // only a progress line: the copy itself reports any real problem
        }
    }

    private void killFailedMutations(String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("KILL MUTATION WHERE database = currentDatabase() AND table = " + SqlQuoting.quoteString(table)
                    + " AND NOT is_done AND latest_fail_reason != ''");
        }
    }

    /**
     * The fallback for databases without {@code EXCHANGE TABLES} (Ordinary, some older engines): the
     * same end state through three renames. Not atomic: between them, for milliseconds, the table is
     * missing under its name.
     */
    private void swapByRenaming(String table, String other) throws SQLException {
        String parked = table + "__chorm_swap";
        progress.accept("    EXCHANGE TABLES is not supported here: swapping " + table + " and " + other + " by renaming (not atomic)");
        try (Statement statement = connection.createStatement()) {
            statement.execute(DdlRenderer.renameTable(TableRef.of(table), parked));
            statement.execute(DdlRenderer.renameTable(TableRef.of(other), table));
            statement.execute(DdlRenderer.renameTable(TableRef.of(parked), other));
        }
    }

    private static boolean exchangeUnsupported(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == 48 || message.contains("Code: 48.") || message.contains("NOT_IMPLEMENTED")
                || message.toLowerCase(java.util.Locale.ROOT).contains("exchang");
    }

    /** Waits for the table's unfinished mutations, printing their progress; fails (and kills them) when one fails. */
    private void awaitMutations(String table) throws SQLException, InterruptedException {
        String lastReport = null;
        while (true) {
            Optional<String[]> pending = Optional.empty();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT mutation_id, command, parts_to_do, latest_fail_reason FROM system.mutations"
                         + " WHERE database = currentDatabase() AND table = " + SqlQuoting.quoteString(table)
                         + " AND is_done = 0 ORDER BY create_time LIMIT 1")) {
                if (rs.next()) {
                    pending = Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            String[] m = pending.get();
            if (!m[3].isEmpty()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("KILL MUTATION WHERE database = currentDatabase() AND table = " + SqlQuoting.quoteString(table)
                            + " AND mutation_id = " + SqlQuoting.quoteString(m[0]));
                }
                throw new SQLException("mutation " + m[0] + " (" + m[1] + ") on " + table + " failed and was killed: " + m[3]);
            }
            String report = "    mutation on " + table + ": " + m[2] + " part(s) to do";
            if (!report.equals(lastReport)) {
                progress.accept(report);
                lastReport = report;
            }
            Thread.sleep(50);
        }
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("\\`", "`").replace("\\\\", "\\") : name;
    }
}
