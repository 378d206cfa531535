package dev.chorm.engine.http;

import dev.chorm.engine.chdb.ChdbConnection;
import dev.chorm.engine.chdb.ChdbException;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An engine connection plus what it currently differs in from a fresh one: its database and the
 * settings set on it. chDB keeps {@code SET} and {@code USE} on the connection, while ClickHouse's
 * HTTP interface scopes them to one request; {@link #prepare} moves the connection to exactly the
 * state a request asks for, and a connection whose state is no longer known is discarded instead.
 */
final class EngineSession implements AutoCloseable {

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    /**
     * The setting that tags every statement of a connection in the engine's {@code system.processes}
     * ({@code Settings[...]}), so that KILL QUERY can reach the engine's query behind a client's
     * query id. chDB has no HTTP interface, so this HTTP setting changes nothing else; the server
     * keeps clients from setting it (it is a protocol parameter, see {@link Request}).
     */
    static final String MARKER_SETTING = "http_headers_progress_interval_ms";
    private static final AtomicLong MARKERS = new AtomicLong(1_000_000_000L);

    final ChdbConnection connection;
    /** This connection's value of {@link #MARKER_SETTING}. */
    final long marker;
    private String database = "default";
    /** Settings whose value differs from the connection's baseline, as last set. */
    private final Map<String, String> changed = new HashMap<>();
    /** False once the state cannot be tracked (a SET/USE statement ran, a SET failed, ...). */
    private boolean clean = true;

    EngineSession(ChdbConnection connection) {
        this.connection = connection;
        this.marker = MARKERS.incrementAndGet();
        try {
            connection.query("SET " + MARKER_SETTING + " = " + marker, "TabSeparated");
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Brings the connection to {@code database} with {@code settings} on top of the baseline. */
    void prepare(String database, Map<String, String> settings) {
        Map<String, String> baseline = connection.baseline();
        StringBuilder set = new StringBuilder();
        Map<String, String> target = new HashMap<>();
        settings.forEach((name, value) -> {
            if (!Objects.equals(baseline.get(name), value)) {
                target.put(name, value);
            }
        });
        for (String name : changed.keySet()) {
            if (!target.containsKey(name)) {
                String base = baseline.get(name);
                append(set, name, base == null ? "DEFAULT" : literal(base));
            }
        }
        target.forEach((name, value) -> {
            if (!value.equals(changed.get(name))) {
                append(set, name, literal(value));
            }
        });
        if (set.length() > 0) {
            try {
                connection.query("SET " + set, "TabSeparated");
            } catch (ChdbException e) {
                clean = false; // some of the settings may have been applied
                // The engine's message names the bad value, not the setting: name them all.
                throw new ChdbException(e.code(), e.name(), "Code: " + e.code() + ". DB::Exception: Cannot apply the "
                        + "request's settings (" + set + "): "
                        + e.getMessage().replaceFirst("^Code: \\d+\\. DB::Exception: ", ""));
            } catch (RuntimeException e) {
                clean = false;
                throw e;
            }
            changed.clear();
            changed.putAll(target);
        }
        if (!database.equals(this.database)) {
            connection.query("USE " + quoteIdentifier(database), "TabSeparated");
            this.database = database;
        }
    }

    /**
     * For a {@code session_id} session, whose own SET and USE must survive: applies one request's
     * database and settings and returns what puts the session back as it was.
     */
    Runnable applyForOneRequest(String requestDatabase, Map<String, String> settings) {
        Map<String, String> saved = settings.isEmpty() ? Map.of() : currentValues(settings);
        String savedDatabase = requestDatabase == null ? null
                : connection.query("SELECT currentDatabase()", "TabSeparated").text().strip();
        apply(settings);
        if (requestDatabase != null) {
            connection.query("USE " + quoteIdentifier(requestDatabase), "TabSeparated");
        }
        return () -> {
            try {
                apply(saved);
                if (savedDatabase != null) {
                    connection.query("USE " + quoteIdentifier(savedDatabase), "TabSeparated");
                }
            } catch (RuntimeException e) {
                clean = false; // the session cannot be trusted any more: it is closed
            }
        };
    }

    private Map<String, String> currentValues(Map<String, String> settings) {
        StringBuilder names = new StringBuilder();
        for (String name : settings.keySet()) {
            checkSettingName(name);
            names.append(names.length() == 0 ? "" : ", ").append(literal(name));
        }
        Map<String, String> values = new HashMap<>();
        String rows = connection.query("SELECT name, value FROM system.settings WHERE name IN (" + names + ")",
                "TabSeparatedRaw").text();
        for (String row : rows.split("\n")) {
            int tab = row.indexOf('\t');
            if (tab > 0) {
                values.put(row.substring(0, tab), row.substring(tab + 1));
            }
        }
        return values;
    }

    private void apply(Map<String, String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        StringBuilder set = new StringBuilder();
        settings.forEach((name, value) -> append(set, name, literal(value)));
        connection.query("SET " + set, "TabSeparated");
    }

    /** The connection ran a statement whose effect on its state is not tracked. */
    void markDirty() {
        clean = false;
    }

    boolean isClean() {
        return clean && !connection.isClosed();
    }

    @Override
    public void close() {
        connection.close();
    }

    static void checkSettingName(String name) {
        if (!SETTING_NAME.matcher(name).matches()) {
            throw new ClickHouseError(115, "UNKNOWN_SETTING", "Unknown setting '" + name + "'");
        }
    }

    private static void append(StringBuilder set, String name, String value) {
        checkSettingName(name);
        if (set.length() > 0) {
            set.append(", ");
        }
        set.append(name).append(" = ").append(value);
    }

    static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }

    static String quoteIdentifier(String name) {
        return '`' + name.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }
}
