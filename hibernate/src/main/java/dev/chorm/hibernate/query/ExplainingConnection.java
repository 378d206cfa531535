package dev.chorm.hibernate.query;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC connection through which Hibernate runs a query as {@code EXPLAIN ... <query>}: the
 * statement is prepared with the EXPLAIN prefix, Hibernate binds the parameters as usual, the
 * explanation is kept, and Hibernate is handed an empty result (it reads no rows).
 */
final class ExplainingConnection {

    private final Explain kind;
    private final List<String> lines = new ArrayList<>();
    private int statements;

    ExplainingConnection(Explain kind) {
        this.kind = kind;
    }

    Connection wrap(Connection connection) {
        return proxy(Connection.class, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                Object[] explained = args.clone();
                explained[0] = kind.prefix() + " " + sql;
                statements++;
                return explaining((PreparedStatement) invoke(connection, method, explained));
            }
            return invoke(connection, method, args);
        });
    }

    private PreparedStatement explaining(PreparedStatement statement) {
        return proxy(PreparedStatement.class, (proxy, method, args) -> {
            if (method.getName().equals("executeQuery") && (args == null || args.length == 0)) {
                try (ResultSet result = statement.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            line.append(i > 1 ? "\t" : "").append(result.getString(i));
                        }
                        lines.add(line.toString());
                    }
                }
                return emptyResult(proxy);
            }
            return invoke(statement, method, args);
        });
    }

    private static ResultSet emptyResult(Object statement) {
        return proxy(ResultSet.class, (proxy, method, args) -> switch (method.getName()) {
            case "next", "wasNull", "isClosed" -> false;
            case "close" -> null;
            case "getStatement" -> statement;
            case "getFetchSize" -> 0;
            case "unwrap" -> null;
            case "isWrapperFor" -> false;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "empty result of EXPLAIN";
            default -> throw new SQLException("EXPLAIN gives no rows to read (" + method.getName() + ")");
        });
    }

    String explanation() throws SQLException {
        if (statements != 1) {
            throw new SQLException("EXPLAIN needs exactly one query; the code given ran " + statements);
        }
        return String.join("\n", lines);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(ExplainingConnection.class.getClassLoader(), new Class<?>[]{type}, handler);
    }
}
