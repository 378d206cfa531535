package dev.chorm.hibernate.jdbc;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.chorm.hibernate.type.ClickHouseType;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * chorm's fast path for batched inserts: a {@code PreparedStatement} for a plain
 * {@code insert into t (c1, c2, ...) values (?, ?, ...)} (what Hibernate writes for an entity)
 * collects the batch's bound values and, on {@code executeBatch}, sends them as one RowBinary
 * INSERT naming the columns, through the official client of the same connection.
 *
 * <p>Why: the driver (clickhouse-jdbc 0.11.0) renders every bound value as SQL text, row by row,
 * and sends {@code INSERT ... VALUES (...),(...)} for the server to parse; that rendering is most
 * of the driver's cost of an insert. The driver's own RowBinary writer
 * ({@code beta.row_binary_for_simple_insert}) cannot be used: it ignores the INSERT's column list.
 *
 * <p>Exactness: the column types are read from the server for each statement and every value is
 * encoded by {@link RowBinaryRows}, which accepts only values whose stored form is beyond doubt.
 * A batch holding any value it cannot encode (or a column type it has no writer for) is replayed
 * onto the driver's statement and sent by the driver, exactly as without the fast path. Server
 * errors keep their ClickHouse code ({@link SQLException#getErrorCode()}), so Hibernate maps them
 * as it maps the driver's.
 *
 * <p>Off with the Hibernate property {@value #SETTING}{@code =false} (read by chorm's connection
 * provider); {@link ClickHouseConnections#wrapIfClickHouse(Connection, boolean)} takes the same choice
 * for connections wrapped by hand.
 */
final class RowBinaryBatchInserts {

    /** Hibernate setting that turns the fast path off ({@code false}); on by default. */
    static final String SETTING = "chorm.jdbc.row_binary_inserts";

    private static final String IDENTIFIER = "(?:`[^`]+`|\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern PLAIN_INSERT = Pattern.compile(
            "\\s*insert\\s+into\\s+(" + IDENTIFIER + "(?:\\." + IDENTIFIER + ")?)\\s*\\(([^()]*)\\)\\s*values\\s*\\(([?,\\s]*)\\)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN = Pattern.compile("\\s*(" + IDENTIFIER + ")\\s*");
    private static final String DRIVER_CONNECTION = "com.clickhouse.jdbc.ConnectionImpl";

    /** Batches sent as RowBinary in this JVM: lets tests and diagnostics see which path a batch took. */
    static final java.util.concurrent.atomic.LongAdder BATCHES_SENT = new java.util.concurrent.atomic.LongAdder();

    private RowBinaryBatchInserts() {
    }

    /**
     * Where a statement gets its target's column types (name to type text); the connection may keep
     * them for the length of a transaction.
     */
    interface ColumnTypeSource {
        Map<String, String> columnTypes(Target target, Connection connection) throws SQLException;
    }

    /** Reads the column types from the server, every time. */
    static final ColumnTypeSource FROM_SERVER = RowBinaryBatchInserts::readColumnTypes;

    /** The statement with the fast path if {@code sql} is a plain insert, else {@code statement} itself. */
    static PreparedStatement wrapIfPlainInsert(Connection connection, String sql, PreparedStatement statement,
                                               ColumnTypeSource types) {
        Target target = Target.of(sql);
        if (target == null || !isDriverOrPoolStatement(statement)) {
            return statement;
        }
        return (PreparedStatement) Proxy.newProxyInstance(RowBinaryBatchInserts.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, new Collecting(connection, statement, target, types));
    }

    /**
     * Whether {@code statement} is the driver's own or a connection pool's thin wrapper of it. Anything
     * else in between (metrics, tracing, logging proxies) would not see a batch the fast path sends
     * past it, so such statements keep the driver's path.
     */
    static boolean isDriverOrPoolStatement(PreparedStatement statement) {
        String type = statement.getClass().getName();
        return type.startsWith("com.clickhouse.jdbc.") || type.startsWith("com.zaxxer.hikari.pool.HikariProxy");
    }

    static Map<String, String> readColumnTypes(Target target, Connection connection) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement columns = connection.prepareStatement(
                "SELECT name, type FROM system.columns WHERE database = "
                        + (target.database() == null ? "currentDatabase()" : "?") + " AND table = ?")) {
            int index = 1;
            if (target.database() != null) {
                columns.setString(index++, target.database());
            }
            columns.setString(index, target.table());
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    /** Table and columns of a plain insert. */
    record Target(String table, String database, List<String> columns) {

        static Target of(String sql) {
            Matcher insert = PLAIN_INSERT.matcher(sql);
            if (!insert.matches()) {
                return null;
            }
            List<String> columns = new ArrayList<>();
            for (String column : insert.group(2).split(",", -1)) {
                Matcher name = COLUMN.matcher(column);
                if (!name.matches()) {
                    return null;
                }
                columns.add(unquote(name.group(1)));
            }
            long placeholders = insert.group(3).chars().filter(c -> c == '?').count();
            String expected = String.join(",", java.util.Collections.nCopies(columns.size(), "?"));
            if (placeholders != columns.size() || !insert.group(3).replaceAll("\\s", "").equals(expected)) {
                return null;
            }
            String qualified = insert.group(1);
            Matcher parts = Pattern.compile("(" + IDENTIFIER + ")(?:\\.(" + IDENTIFIER + "))?").matcher(qualified);
            if (!parts.matches()) {
                return null;
            }
            return parts.group(2) == null ? new Target(unquote(parts.group(1)), null, columns)
                    : new Target(unquote(parts.group(2)), unquote(parts.group(1)), columns);
        }

        private static String unquote(String identifier) {
            char first = identifier.charAt(0);
            return first == '`' || first == '"' ? identifier.substring(1, identifier.length() - 1) : identifier;
        }
    }

    /** A value the fast path does not take (a stream, a Timestamp in a local calendar...). */
    static final Object UNSUPPORTED = new Object();

    /** One recorded setter call of a prepared statement. */
    record Call(Method method, Object[] args) {
    }

    private static final class Collecting implements InvocationHandler {
        private final Connection connection;
        private final PreparedStatement driver;
        private final Target target;
        private final ColumnTypeSource typeSource;
        private Call[] current;
        private final List<Call[]> rows = new ArrayList<>();

        Collecting(Connection connection, PreparedStatement driver, Target target, ColumnTypeSource typeSource) {
            this.connection = connection;
            this.driver = driver;
            this.target = target;
            this.typeSource = typeSource;
            this.current = new Call[target.columns().size()];
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index
                    && index >= 1 && index <= current.length) {
                current[index - 1] = new Call(method, args);
                return null;
            }
            Object own = ProxyIdentity.answer(proxy, method, args);
            if (own != ProxyIdentity.NOT_ANSWERED) {
                return own;
            }
            switch (name) {
                case "addBatch" -> {
                    if (args == null) {
                        rows.add(current.clone());
                        return null;
                    }
                }
                case "clearParameters" -> {
                    Arrays.fill(current, null);
                    return null;
                }
                case "clearBatch" -> {
                    rows.clear();
                    return null;
                }
                case "executeBatch" -> {
                    return executeBatch();
                }
                case "executeLargeBatch" -> {
                    return Arrays.stream(executeBatch()).asLongStream().toArray();
                }
                case "close" -> rows.clear();
                default -> {
                }
            }
            if (name.startsWith("execute")) {
                replay(current); // a single execution: the driver's own path
            }
            try {
                return method.invoke(driver, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private int[] executeBatch() throws SQLException {
            if (rows.isEmpty()) {
                return new int[0];
            }
            try {
                RowBinaryRows.Buffer data = encode();
                if (data == null) {
                    for (Call[] row : rows) {
                        replay(row);
                        driver.addBatch();
                    }
                    return driver.executeBatch();
                }
                long written = send(data);
                BATCHES_SENT.increment();
                int[] counts = new int[rows.size()];
                Arrays.fill(counts, written == rows.size() ? 1 : Statement.SUCCESS_NO_INFO);
                return counts;
            } finally {
                rows.clear();
                checkedUtc = null;
            }
        }

        private void replay(Call[] row) throws SQLException {
            for (Call call : row) {
                if (call == null) {
                    continue;
                }
                try {
                    call.method().invoke(driver, call.args());
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new SQLException(e);
                }
            }
        }

        /** The batch as RowBinary, or null when any value must take the driver's path. */
        private RowBinaryRows.Buffer encode() throws SQLException {
            RowBinaryRows.ColumnWriter[] writers = writers();
            if (writers == null) {
                return null;
            }
            RowBinaryRows.Buffer out = new RowBinaryRows.Buffer(rows.size() * 64);
            for (Call[] row : rows) {
                for (int i = 0; i < writers.length; i++) {
                    Object value = value(row[i], this::isUtc);
                    if (value == UNSUPPORTED || !writers[i].write(value, out)) {
                        return null;
                    }
                }
            }
            return out;
        }

        /** Writers for the target's columns, from the column types as the server has them now; null if any is missing. */
        private RowBinaryRows.ColumnWriter[] writers() throws SQLException {
            Map<String, String> types = typeSource.columnTypes(target, connection);
            RowBinaryRows.ColumnWriter[] writers = new RowBinaryRows.ColumnWriter[target.columns().size()];
            for (int i = 0; i < writers.length; i++) {
                String type = types.get(target.columns().get(i));
                if (type == null) {
                    return null; // unknown table or column: let the driver report it
                }
                try {
                    writers[i] = RowBinaryRows.forType(ClickHouseType.parse(type));
                } catch (RuntimeException unknownType) {
                    return null;
                }
                if (writers[i] == null) {
                    return null;
                }
            }
            return writers;
        }

        private long send(RowBinaryRows.Buffer data) throws SQLException {
            Client client = clientOf(connection);
            String database = target.database() != null ? target.database() : connection.getSchema();
            InsertSettings settings = new InsertSettings();
            if (database != null) {
                settings.setDatabase(database);
            }
            try (InsertResponse response = client.insert(target.table(), target.columns(), data.asStream(),
                    ClickHouseFormat.RowBinary, settings).get(timeoutSeconds(), TimeUnit.SECONDS)) {
                return response.getWrittenRows();
            } catch (ExecutionException e) {
                throw asSqlException(e.getCause(), target.table());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while inserting into " + target.table(), e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new java.sql.SQLTimeoutException("insert into " + target.table() + " timed out", e);
            } catch (Exception e) {
                throw asSqlException(e, target.table());
            }
        }

        /** Calendar.getTimeZone() clones the zone: Hibernate passes one UTC calendar, checked once per batch. */
        private Calendar checkedUtc;

        private boolean isUtc(Calendar calendar) {
            if (calendar == checkedUtc) {
                return true;
            }
            if (RowBinaryBatchInserts.isUtc(calendar.getTimeZone())) {
                checkedUtc = calendar;
                return true;
            }
            return false;
        }

        private long timeoutSeconds() throws SQLException {
            int seconds = driver.getQueryTimeout();
            return seconds > 0 ? seconds : TimeUnit.DAYS.toSeconds(1);
        }
    }

    /** The official client behind a ClickHouse JDBC connection (the driver's own, or unwrapped from a pool's). */
    static Client clientOf(Connection connection) throws SQLException {
        try {
            Class<?> driverConnection = Class.forName(DRIVER_CONNECTION, false, connection.getClass().getClassLoader());
            Object unwrapped = connection.unwrap(driverConnection);
            return (Client) driverConnection.getMethod("getClient").invoke(unwrapped);
        } catch (ReflectiveOperationException e) {
            throw new SQLException("chorm's RowBinary insert cannot reach the driver's client", e);
        }
    }

    /** A failed insert as the driver would report it: server errors keep their ClickHouse code. */
    static SQLException asSqlException(Throwable e, String table) {
        if (e instanceof SQLException sql) {
            return sql;
        }
        if (e instanceof ServerException server) {
            return new SQLException(server.getMessage(), null, server.getCode(), server);
        }
        Throwable cause = e.getCause();
        if (cause instanceof ServerException server) {
            return new SQLException(server.getMessage(), null, server.getCode(), server);
        }
        return new SQLException("insert into " + table + " failed: " + e.getMessage(), e);
    }

    private static final java.util.TimeZone UTC = java.util.TimeZone.getTimeZone(ZoneOffset.UTC);

    /** The value a recorded setter call binds, as the encoders take it, or {@link #UNSUPPORTED}. */
    static Object value(Call call, java.util.function.Predicate<Calendar> isUtc) {
        if (call == null) {
            return UNSUPPORTED; // a parameter never bound: the driver reports it
        }
        Object[] args = call.args();
        String name = call.method().getName();
        try {
            return switch (name) {
                case "setNull" -> null;
                case "setString", "setLong", "setInt", "setShort", "setByte", "setDouble", "setFloat", "setBoolean",
                     "setBigDecimal", "setBytes", "setNString" -> args.length == 2 ? args[1] : UNSUPPORTED;
                case "setObject" -> args.length == 2 && !(args[1] instanceof java.sql.Struct)
                        && !(args[1] instanceof java.util.Date) && !(args[1] instanceof java.time.LocalDateTime)
                        ? (args[1] instanceof java.sql.Array array ? array.getArray() : args[1]) : UNSUPPORTED;
                case "setArray" -> args[1] == null ? null : ((java.sql.Array) args[1]).getArray();
                case "setDate" -> args.length == 2 ? args[1] : UNSUPPORTED;
                case "setTimestamp" -> args.length == 3 && args[2] instanceof Calendar calendar
                        && isUtc.test(calendar) && args[1] != null
                        ? ((java.sql.Timestamp) args[1]).toInstant() : args[1] == null ? null : UNSUPPORTED;
                default -> UNSUPPORTED;
            };
        } catch (SQLException e) {
            return UNSUPPORTED;
        }
    }

    static boolean isUtc(java.util.TimeZone zone) {
        return zone.getRawOffset() == 0 && !zone.useDaylightTime() && zone.hasSameRules(UTC);
    }
}
