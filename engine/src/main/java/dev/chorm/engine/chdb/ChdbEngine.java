package dev.chorm.engine.chdb;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chDB engine of this process, bound to one data directory.
 *
 * <p>chDB keeps one storage path per process: connections to that path can be opened at will
 * (each has its own session state and they run in parallel), but another path needs every
 * connection closed first. {@link #open} therefore hands out the running engine when the path
 * matches and refuses a second path while the first is in use.
 */
public final class ChdbEngine implements AutoCloseable {

    /**
     * Server-wide pool sizes, raised from chDB's embedded defaults (2 background threads, 2
     * schedule threads, 1 common thread) towards a server's. Test suites create hundreds of
     * MergeTree tables in one JVM and run mutations and lightweight deletes on them; with chDB's
     * defaults those share two threads and mutations queue behind each other's merges.
     */
    static final Map<String, String> SERVER_SETTINGS = Map.of(
            "background_pool_size", "8",
            "background_schedule_pool_size", "32",
            "background_common_pool_size", "4",
            "background_move_pool_size", "2");

    private static LibChdb library;
    private static ChdbEngine current;

    private final Path dataDirectory;
    private final String[] argv;
    private final Map<String, String> baseline;
    private final Map<String, String> serverSettings;
    private int users;

    private ChdbEngine(Path dataDirectory, Map<String, String> baseline, Map<String, String> serverSettings) {
        this.dataDirectory = dataDirectory;
        this.baseline = Map.copyOf(baseline);
        this.serverSettings = Map.copyOf(serverSettings);
        List<String> args = new ArrayList<>();
        args.add("clickhouse");
        args.add("--path=" + dataDirectory);
        SERVER_SETTINGS.forEach((name, value) -> args.add("--" + name + "=" + value));
        serverSettings.forEach((name, value) -> args.add("--" + name + "=" + value));
        baseline.forEach((name, value) -> args.add("--" + name + "=" + value));
        this.argv = args.toArray(String[]::new);
    }

    /**
     * Opens (or joins) the engine on {@code dataDirectory}. Every connection starts with the
     * {@code baseline} settings; chorm always adds {@code async_insert=0} (chDB defaults it to 1,
     * which would acknowledge inserts before they are stored) and {@code implicit_select=0}, as a
     * ClickHouse server has them.
     */
    public static ChdbEngine open(Path dataDirectory, Map<String, String> baseline) {
        return open(dataDirectory, baseline, Map.of());
    }

    /**
     * As {@link #open(Path, Map)}, with server configuration on top of chorm's ({@code serverSettings},
     * e.g. {@code storage_configuration.disks.default.keep_free_space_bytes}); they are fixed for the
     * life of the engine.
     */
    public static synchronized ChdbEngine open(Path dataDirectory, Map<String, String> baseline,
                                               Map<String, String> serverSettings) {
        Path path = dataDirectory.toAbsolutePath().normalize();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("async_insert", "0");
        settings.put("implicit_select", "0"); // chDB's default is 1; a server reads "1+1" as a syntax error
        settings.putAll(baseline);
        if (current != null) {
            if (!current.dataDirectory.equals(path)) {
                throw new IllegalStateException("the embedded engine of this JVM is already open on "
                        + current.dataDirectory + "; chDB serves one data directory per process, so "
                        + path + " can only be opened after every server on the first one is stopped");
            }
            if (!current.baseline.equals(settings)) {
                throw new IllegalStateException("the embedded engine on " + path
                        + " is already open with settings " + current.baseline + ", not " + settings);
            }
            if (!current.serverSettings.equals(serverSettings)) {
                throw new IllegalStateException("the embedded engine on " + path + " is already open with server "
                        + "settings " + current.serverSettings + ", not " + serverSettings);
            }
            current.users++;
            return current;
        }
        LibChdb lib = library();
        ChdbEngine engine = new ChdbEngine(path, settings, serverSettings);
        engine.users = 1;
        // Fail here, with the engine's reason, rather than on the first request.
        engine.connect().close();
        current = engine;
        return engine;
    }

    /** The bound library, loaded once per JVM with chDB's own signal handlers off (the JVM owns them). */
    static synchronized LibChdb library() {
        if (library == null) {
            Path file = ChdbDistribution.library();
            try {
                LibChdb lib = Native.load(file.toString(), LibChdb.class);
                lib.chdb_set_signal_handlers_enabled(0);
                library = lib;
            } catch (UnsatisfiedLinkError e) {
                throw new ChdbUnavailableException("cannot load " + file + ": " + e.getMessage(), e);
            }
        }
        return library;
    }

    /** The engine's version as chDB reports it, e.g. {@code 26.7.3}. */
    public static String libraryVersion() {
        return library().chdb_version();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** A new connection with the baseline settings and database {@code default}. */
    public ChdbConnection connect() {
        LibChdb lib = library;
        Pointer holder = lib.chdb_connect(argv.length, argv);
        if (holder == null || holder.getPointer(0) == null) {
            throw new ChdbException(1001, "STD_EXCEPTION", "chDB could not open a connection on "
                    + dataDirectory + " (is another process using this directory?)");
        }
        return new ChdbConnection(lib, holder, baseline);
    }

    /** The settings every connection starts with. */
    public Map<String, String> baseline() {
        return baseline;
    }

    /**
     * Releases this user's hold on the engine. Connections must be closed by their owners first;
     * the library itself stays loaded, ready for the next {@link #open}.
     */
    @Override
    public void close() {
        synchronized (ChdbEngine.class) {
            if (users > 0 && --users == 0 && current == this) {
                current = null;
            }
        }
    }
}
