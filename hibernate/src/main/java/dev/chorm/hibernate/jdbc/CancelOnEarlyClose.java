package dev.chorm.hibernate.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;

/**
 * Makes closing a result set that was not read to its end stop the query on the server.
 *
 * <p>The official driver reads a result as the caller consumes it, and its {@code ResultSet.close()}
 * reads (and throws away) whatever the server still sends: a stream closed after ten rows of a
 * billion-row query keeps the server busy, and the close waits, until the whole result was produced.
 * Hibernate's {@code getResultStream()}, {@code ScrollableResults} and Spring Data's {@code Stream<T>}
 * all end in that close. Here a result set whose {@code next()} has not yet returned {@code false}
 * first cancels its statement (the driver sends {@code KILL QUERY WHERE query_id = ...}), so the
 * server stops and the rest of the response is short.
 */
final class CancelOnEarlyClose {

    private CancelOnEarlyClose() {
    }

    static PreparedStatement wrap(PreparedStatement statement) {
        return (PreparedStatement) proxy(PreparedStatement.class, statement);
    }

    static Statement wrap(Statement statement) {
        return (Statement) proxy(Statement.class, statement);
    }

    private static Object proxy(Class<? extends Statement> type, Statement statement) {
        if (statement == null || Proxy.isProxyClass(statement.getClass())
                && Proxy.getInvocationHandler(statement) instanceof StatementHandler) {
            return statement;
        }
        return Proxy.newProxyInstance(CancelOnEarlyClose.class.getClassLoader(), new Class<?>[]{type},
                new StatementHandler(statement));
    }

    /** Whether closing {@code result} (one of these wrappers) cancelled its query; for tests. */
    static boolean cancelledOnClose(ResultSet result) {
        return Proxy.isProxyClass(result.getClass()) && Proxy.getInvocationHandler(result) instanceof ResultHandler handler
                && handler.cancelled;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement target;
        private Statement proxy;
        private ResultSet lastResult;
        private ResultSet lastWrapped;

        StatementHandler(Statement target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            this.proxy = (Statement) proxy;
            Object own = ProxyIdentity.answer(proxy, method, args);
            if (own != ProxyIdentity.NOT_ANSWERED) {
                return own;
            }
            switch (method.getName()) {
                case "executeQuery", "getResultSet" -> {
                    return wrapResult((ResultSet) CancelOnEarlyClose.invoke(target, method, args));
                }
                case "close" -> {
                    if (lastWrapped != null) {
                        lastWrapped.close(); // the driver would close it by reading it to its end
                    }
                }
                case "toString" -> {
                    return "ClickHouse statement (cancelled when closed early) " + target;
                }
                default -> {
                }
            }
            return CancelOnEarlyClose.invoke(target, method, args);
        }

        private ResultSet wrapResult(ResultSet result) {
            if (result == null) {
                return null;
            }
            if (result != lastResult) {
                lastResult = result;
                lastWrapped = (ResultSet) Proxy.newProxyInstance(CancelOnEarlyClose.class.getClassLoader(),
                        new Class<?>[]{ResultSet.class}, new ResultHandler(result, target, proxy));
            }
            return lastWrapped;
        }
    }

    private static final class ResultHandler implements InvocationHandler {
        private final ResultSet target;
        private final Statement statement;
        private final Statement statementProxy;
        private boolean exhausted;
        private boolean closed;
        private boolean cancelled;

        ResultHandler(ResultSet target, Statement statement, Statement statementProxy) {
            this.target = target;
            this.statement = statement;
            this.statementProxy = statementProxy;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object own = ProxyIdentity.answer(proxy, method, args);
            if (own != ProxyIdentity.NOT_ANSWERED) {
                return own;
            }
            switch (method.getName()) {
                case "next" -> {
                    boolean more = (Boolean) CancelOnEarlyClose.invoke(target, method, args);
                    if (!more) {
                        exhausted = true;
                    }
                    return more;
                }
                case "close" -> {
                    close();
                    return null;
                }
                case "getStatement" -> {
                    return statementProxy;
                }
                case "toString" -> {
                    return "ClickHouse result (cancelled when closed early) " + target;
                }
                default -> {
                }
            }
            return CancelOnEarlyClose.invoke(target, method, args);
        }

        private void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            if (!exhausted && !target.isClosed()) {
                try {
                    statement.cancel();
                    cancelled = true;
                } catch (SQLException | RuntimeException e) {
                    // the query may have ended meanwhile; closing reads the rest as before
                    ClickHouseConnections.LOG.log(Level.FINE, "could not cancel a query closed early", e);
                }
            }
            try {
                target.close();
            } catch (SQLException e) {
                if (!cancelled) {
                    throw e;
                }
                // the cancelled query's response ends with the server's "cancelled" error: expected
                ClickHouseConnections.LOG.log(Level.FINE, "closing a cancelled result", e);
            }
        }
    }
}
