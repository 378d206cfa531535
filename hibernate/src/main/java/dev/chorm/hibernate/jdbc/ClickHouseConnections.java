package dev.chorm.hibernate.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives ClickHouse connections the transaction behaviour JPA code expects, honestly.
 *
 * <p>ClickHouse has no transactions: every statement is durable when it returns. The official
 * driver therefore throws on {@code setAutoCommit(false)}, {@code commit()} and
 * {@code rollback()}, which breaks {@code EntityManager} transactions and Spring's
 * {@code @Transactional}. The wrapped connection accepts them instead:
 * <ul>
 *   <li>{@code setAutoCommit(false)} opens a logical transaction (reported by {@code getAutoCommit});</li>
 *   <li>{@code commit()} ends it: everything was written already;</li>
 *   <li>{@code rollback()} ends it and, if the transaction prepared statements that write
 *       (INSERT, UPDATE, DELETE, ALTER, ...), logs a WARNING naming how many: those writes stay.</li>
 * </ul>
 * A query's result set closed before its end cancels the query on the server first
 * ({@link CancelOnEarlyClose}); a map bound to a statement other than INSERT is sent in a form
 * ClickHouse parses there ({@link MapParameters}). Other JDBC connections pass through untouched, so one JVM can hold
 * PostgreSQL and ClickHouse.
 */
public final class ClickHouseConnections {

    static final Logger LOG = Logger.getLogger(ClickHouseConnections.class.getName());
    private static final String DRIVER_CONNECTION = "com.clickhouse.jdbc.ConnectionImpl";

    private ClickHouseConnections() {
    }

    /** Wraps {@code connection} if it is a ClickHouse connection (directly or inside a pool's proxy). */
    public static Connection wrapIfClickHouse(Connection connection) throws SQLException {
        return wrapIfClickHouse(connection, true);
    }

    /**
     * As {@link #wrapIfClickHouse(Connection)}; {@code rowBinaryInserts} chooses whether batched plain
     * inserts take chorm's RowBinary fast path ({@link RowBinaryBatchInserts}, on by default).
     */
    public static Connection wrapIfClickHouse(Connection connection, boolean rowBinaryInserts) throws SQLException {
        if (connection == null || Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof Handler) {
            return connection;
        }
        if (!isClickHouse(connection)) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(ClickHouseConnections.class.getClassLoader(),
                new Class<?>[]{Connection.class}, new Handler(connection, rowBinaryInserts));
    }

    /** The connection as the pool or driver gave it, for closing and unwrapping. */
    public static Connection unwrap(Connection connection) {
        if (connection != null && Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof Handler handler) {
            return handler.target;
        }
        return connection;
    }

    static boolean isClickHouse(Connection connection) throws SQLException {
        try {
            Class<?> driverConnection = Class.forName(DRIVER_CONNECTION, false, connection.getClass().getClassLoader());
            return connection.isWrapperFor(driverConnection);
        } catch (ClassNotFoundException e) {
            String url = connection.getMetaData().getURL();
            return url != null && url.startsWith("jdbc:clickhouse:");
        }
    }

    /** Parsed array types by type name, for {@code createArrayOf} (a handful per application). */
    private static final java.util.Map<String, com.clickhouse.data.ClickHouseColumn> ARRAY_COLUMNS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final class Handler implements InvocationHandler {
        final Connection target;
        private boolean autoCommit = true;
        private int writes;
        private final boolean rowBinaryInserts;
        /** Column types read for the fast path, kept for one transaction (see {@link #columnTypes}). */
        private final java.util.Map<RowBinaryBatchInserts.Target, java.util.Map<String, String>> columnTypes = new java.util.HashMap<>();

        Handler(Connection target, boolean rowBinaryInserts) {
            this.target = target;
            this.rowBinaryInserts = rowBinaryInserts;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object own = ProxyIdentity.answer(proxy, method, args);
            if (own != ProxyIdentity.NOT_ANSWERED) {
                return own;
            }
            switch (method.getName()) {
                case "setAutoCommit" -> {
                    boolean value = (Boolean) args[0];
                    if (value && !autoCommit) {
                        writes = 0; // JDBC: switching autocommit on commits the transaction
                    }
                    columnTypes.clear();
                    autoCommit = value;
                    return null;
                }
                case "getAutoCommit" -> {
                    return autoCommit;
                }
                case "commit" -> {
                    writes = 0;
                    columnTypes.clear();
                    return null;
                }
                case "rollback" -> {
                    columnTypes.clear();
                    if (args == null || args.length == 0) {
                        warnIfWritten();
                        return null;
                    }
                    throw new java.sql.SQLFeatureNotSupportedException("ClickHouse has no savepoints");
                }
                case "prepareStatement", "prepareCall" -> {
                    if (!autoCommit && args != null && args[0] instanceof String sql && writes(sql)) {
                        writes++;
                    }
                    if (args != null && args[0] instanceof String sql && writes(sql) && !isInsert(sql)) {
                        columnTypes.clear(); // DDL (or a mutation) on this connection: read the types again
                    }
                    if (rowBinaryInserts && args != null && args.length == 1 && method.getName().equals("prepareStatement")) {
                        return wrapPrepared((String) args[0], RowBinaryBatchInserts.wrapIfPlainInsert(target,
                                (String) args[0], (java.sql.PreparedStatement) invokeTarget(method, args), this::columnTypes));
                    }
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                        return wrapPrepared(sql, (java.sql.PreparedStatement) invokeTarget(method, args));
                    }
                }
                case "createStatement" -> {
                    return CancelOnEarlyClose.wrap((java.sql.Statement) invokeTarget(method, args));
                }
                case "createArrayOf" -> {
                    if (args != null && args[0] instanceof String typeName && args[1] instanceof Object[] elements
                            && target instanceof com.clickhouse.jdbc.ConnectionImpl && !target.isClosed()) {
                        return driverArray(typeName, elements);
                    }
                }
                case "close" -> {
                    columnTypes.clear();
                    autoCommit = true;
                    writes = 0;
                }
                case "toString" -> {
                    return "ClickHouse connection (no-rollback transactions) " + target;
                }
                default -> {
                }
            }
            return invokeTarget(method, args);
        }

        /** Queries get {@link CancelOnEarlyClose}; writes other than INSERT get {@link MapParameters}. */
        private static java.sql.PreparedStatement wrapPrepared(String sql, java.sql.PreparedStatement statement) {
            if (!writes(sql)) {
                return CancelOnEarlyClose.wrap(statement);
            }
            return isInsert(sql) ? statement : MapParameters.wrap(statement);
        }

        private Object invokeTarget(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /**
         * The fast path's column types: inside a transaction read once per table (a transaction is
         * one unit of work; DDL prepared on this connection clears them), outside one read for every batch.
         */
        private java.util.Map<String, String> columnTypes(RowBinaryBatchInserts.Target table, Connection connection)
                throws SQLException {
            if (autoCommit) {
                return RowBinaryBatchInserts.readColumnTypes(table, connection);
            }
            java.util.Map<String, String> known = columnTypes.get(table);
            if (known == null) {
                known = RowBinaryBatchInserts.readColumnTypes(table, connection);
                columnTypes.put(table, known);
            }
            return known;
        }

        /**
         * The driver's own array, as {@code createArrayOf} makes it, without parsing the type name again
         * for every value: Hibernate creates an array per bound collection, so per row of an insert.
         */
        private static java.sql.Array driverArray(String typeName, Object[] elements) throws SQLException {
            com.clickhouse.data.ClickHouseColumn column = ARRAY_COLUMNS.get(typeName);
            if (column == null) {
                column = com.clickhouse.data.ClickHouseColumn.of("array", typeName);
                if (ARRAY_COLUMNS.size() < 1_000) {
                    ARRAY_COLUMNS.put(typeName, column);
                }
            }
            return new com.clickhouse.jdbc.types.Array(column, elements);
        }

        private static boolean isInsert(String sql) {
            return sql.stripLeading().regionMatches(true, 0, "insert", 0, 6);
        }

        private void warnIfWritten() {
            if (writes > 0 && LOG.isLoggable(Level.WARNING)) {
                LOG.warning("Transaction rolled back on ClickHouse, which has no rollback: the " + writes
                        + " statement(s) that wrote data in it stay written. See chorm's docs: transactions.");
            }
            writes = 0;
        }

        static boolean writes(String sql) {
            String head = sql.stripLeading();
            int end = 0;
            while (end < head.length() && Character.isLetter(head.charAt(end))) {
                end++;
            }
            String keyword = head.substring(0, end).toLowerCase(Locale.ROOT);
            return switch (keyword) {
                case "insert", "update", "delete", "alter", "truncate", "drop", "create", "rename", "optimize" -> true;
                default -> false;
            };
        }
    }
}
