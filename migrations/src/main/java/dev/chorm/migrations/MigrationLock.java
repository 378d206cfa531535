package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.schema.TableRef;
import dev.chorm.hibernate.type.SqlQuoting;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lock that lets one {@code migrate} at a time work on a database, built on one guarantee ClickHouse
 * gives without transactions: {@code CREATE TABLE} of a name that exists fails, and two creations of
 * one name are serialised by the server (its DDL guard per table name), so exactly one succeeds. The
 * lock is the table {@code chorm_migrations_lock}; its comment names the holder; dropping it releases.
 *
 * <p>Guarantees: on one server (or one replica), at most one holder at a time. A holder that dies
 * leaves the lock behind: it is never broken automatically (a slow migration looks like a dead one);
 * {@link #forceRelease} (CLI {@code migrate --unlock}) breaks it once the holder is known dead. A holder
 * of this host that is gone (no process has its pid, or the one that has it started after the lock was
 * taken) is reported at once instead of after the whole wait: waiting cannot free its lock.
 * Not a cluster-wide lock: {@code ON CLUSTER} DDL is not atomic across replicas (cluster issue).
 */
public final class MigrationLock implements AutoCloseable {

    /** The lock table's name in the migrated database. */
    public static final String NAME = "chorm_migrations_lock";
    private static final int TABLE_ALREADY_EXISTS = 57;

    private final Connection connection;
    private final String owner;
    private boolean held;

    private MigrationLock(Connection connection, String owner) {
        this.connection = connection;
        this.owner = owner;
    }

    /**
     * Takes the lock, waiting up to {@code wait} while another process holds it.
     *
     * @throws MigrationLockedException naming the holder when the wait ends first
     */
    public static MigrationLock acquire(Connection connection, Duration wait, Consumer<String> progress) throws SQLException {
        String owner = ManagementFactory.getRuntimeMXBean().getName() + " " + UUID.randomUUID() + " since " + Instant.now();
        MigrationLock lock = new MigrationLock(connection, owner);
        long deadline = System.nanoTime() + wait.toNanos();
        boolean announced = false;
        while (true) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(DdlRenderer.createTable(definition(owner), false));
                lock.held = true;
                return lock;
            } catch (SQLException e) {
                if (!alreadyExists(e)) {
                    throw e;
                }
            }
            String holder = holder(connection);
            if (holder != null && goneFromThisHost(holder)) {
                throw new MigrationLockedException(holder, true);
            }
            if (System.nanoTime() > deadline) {
                throw new MigrationLockedException(holder, false);
            }
            if (!announced) {
                progress.accept("waiting for the migration lock held by " + holder);
                announced = true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationLockedException(holder, false);
            }
        }
    }

    /** Breaks the lock whoever holds it; for a holder that died. Returns the holder, or null when it was free. */
    public static String forceRelease(Connection connection) throws SQLException {
        String holder = holder(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute(DdlRenderer.dropTable(TableRef.of(NAME), true, true));
        }
        return holder;
    }

    /** Who holds the lock ({@code pid@host uuid since time}), or null when it is free. */
    public static String holder(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT comment FROM system.tables WHERE database = currentDatabase() AND name = "
                     + SqlQuoting.quoteString(NAME))) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Releases the lock if this process still holds it. */
    @Override
    public void close() throws SQLException {
        if (held && owner.equals(holder(connection))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(DdlRenderer.dropTable(TableRef.of(NAME), true, true));
            }
        }
        held = false;
    }

    private static final Pattern HOLDER = Pattern.compile("(\\d+)@(\\S+) \\S+ since (\\S+)");

    /**
     * True when {@code holder} ran on this host and is known to be gone: no process has its pid, or
     * the process that has it now started after the lock was taken (the pid was reused, for instance by
     * a restarted container). A process of another machine, or of another pid namespace under the same
     * host name, is never judged gone: at worst it is waited for.
     */
    static boolean goneFromThisHost(String holder) {
        Matcher m = HOLDER.matcher(holder);
        String self = ManagementFactory.getRuntimeMXBean().getName();
        if (!m.matches() || !self.substring(self.indexOf('@') + 1).equals(m.group(2))) {
            return false;
        }
        try {
            long pid = Long.parseLong(m.group(1));
            Instant since = Instant.parse(m.group(3));
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty()) {
                return true;
            }
            Optional<Instant> started = process.get().info().startInstant();
            return started.isPresent() && started.get().isAfter(since);
        } catch (RuntimeException e) {
            return false; // not a holder chorm wrote: wait, as for any other
        }
    }

    private static TableDefinition definition(String owner) {
        return TableDefinition.builder(NAME).column(ColumnDefinition.of("held", "UInt8")).engine(new Engine.Memory())
                .comment(owner).build();
    }

    private static boolean alreadyExists(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == TABLE_ALREADY_EXISTS) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("TABLE_ALREADY_EXISTS") || message.contains("Code: 57."))) {
                return true;
            }
        }
        return false;
    }

    /** Another migrate holds the lock, or a dead one left it. */
    public static final class MigrationLockedException extends IllegalStateException {
        public MigrationLockedException(String holder) {
            this(holder, false);
        }

        /** @param gone the holder ran on this host and is no longer running */
        public MigrationLockedException(String holder, boolean gone) {
            super(gone
                    ? "the migration lock is held by " + holder + ", a process of this host that is no longer running"
                    + " (a migrate killed or crashed mid-run). If no other migrate runs against this database, run"
                    + " 'chorm migrate --unlock' (drops table " + NAME + "), then migrate again: each migration resumes"
                    + " at its first unfinished step"
                    : "another migrate holds the migration lock (" + holder + "); if that process is dead, run"
                    + " 'chorm migrate --unlock' (drops table " + NAME + ")");
        }
    }
}
