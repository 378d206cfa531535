package dev.chorm.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Micrometer metrics for the statements an application sends to a ClickHouse DataSource, by
 * proxying it (the DataSource through a subclass proxy, so its type is kept; connections,
 * statements and result sets through JDK proxies that pass every call on):
 * <ul>
 *   <li>{@code chorm.statements} (timer): time of each {@code execute*} call, until the driver
 *       returns (for queries: the first block of the result), tagged {@code datasource},
 *       {@code kind} (select, insert, update, delete, ddl, other) and {@code outcome}
 *       (success, error);</li>
 *   <li>{@code chorm.rows.written} (counter): rows the server reported written by INSERTs (update
 *       counts, batches summed; ClickHouse mutations report 0);</li>
 *   <li>{@code chorm.rows.returned} (counter): rows the application read from result sets.</li>
 * </ul>
 * The rows the server <em>scanned</em> ({@code read_rows}) are not exposed by the JDBC driver, so
 * they are not measured here; {@code system.query_log} has them on a server.
 */
final class ClickHouseStatementMetrics {

    private ClickHouseStatementMetrics() {
    }

    /**
     * A proxy of {@code dataSource} that is still an instance of its class (a subclass proxy, so a
     * {@code HikariDataSource} bean stays one for whoever injects it) and measures the statements
     * of the connections it hands out.
     */
    static DataSource wrap(DataSource dataSource, String name, ObjectProvider<MeterRegistry> registry) {
        ProxyFactory factory = new ProxyFactory(dataSource);
        factory.setProxyTargetClass(!java.lang.reflect.Modifier.isFinal(dataSource.getClass().getModifiers()));
        factory.addAdvice(new ConnectionMetering(new Meters(name, registry)));
        return (DataSource) factory.getProxy(ClickHouseStatementMetrics.class.getClassLoader());
    }

    static boolean isWrapped(Object bean) {
        return bean instanceof Advised advised && java.util.Arrays.stream(advised.getAdvisors())
                .anyMatch(advisor -> advisor.getAdvice() instanceof ConnectionMetering);
    }

    private record ConnectionMetering(Meters meters) implements MethodInterceptor {
        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            Object result = invocation.proceed();
            return result instanceof Connection connection && invocation.getMethod().getName().equals("getConnection")
                    ? proxy(Connection.class, connection, new ConnectionHandler(meters)) : result;
        }
    }

    /** Meters of one DataSource, created on first use so that wrapping never initialises the registry early. */
    static final class Meters {
        private final String dataSource;
        private final ObjectProvider<MeterRegistry> provider;
        private volatile MeterRegistry registry;
        private volatile Counter written;
        private volatile Counter returned;

        Meters(String dataSource, ObjectProvider<MeterRegistry> provider) {
            this.dataSource = dataSource;
            this.provider = provider;
        }

        private MeterRegistry registry() {
            MeterRegistry current = registry;
            if (current == null) {
                current = provider.getIfAvailable();
                registry = current;
            }
            return current;
        }

        void timed(String kind, boolean success, long nanos) {
            MeterRegistry current = registry();
            if (current != null) {
                Timer.builder("chorm.statements").description("Statements sent to ClickHouse")
                        .tag("datasource", dataSource).tag("kind", kind).tag("outcome", success ? "success" : "error")
                        .register(current).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }

        void written(long rows) {
            MeterRegistry current = registry();
            if (current != null && rows > 0) {
                Counter counter = written;
                if (counter == null) {
                    counter = Counter.builder("chorm.rows.written").description("Rows ClickHouse reported written")
                            .baseUnit("rows").tag("datasource", dataSource).register(current);
                    written = counter;
                }
                counter.increment(rows);
            }
        }

        void returned(long rows) {
            MeterRegistry current = registry();
            if (current != null && rows > 0) {
                Counter counter = returned;
                if (counter == null) {
                    counter = Counter.builder("chorm.rows.returned").description("Rows read from ClickHouse result sets")
                            .baseUnit("rows").tag("datasource", dataSource).register(current);
                    returned = counter;
                }
                counter.increment(rows);
            }
        }
    }

    private abstract static class Forwarding<T> implements InvocationHandler {
        T target;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                case "isWrapperFor" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return true;
                    }
                }
                default -> {
                }
            }
            return handle(proxy, method, args);
        }

        abstract Object handle(Object proxy, Method method, Object[] args) throws Throwable;

        Object forward(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static final class ConnectionHandler extends Forwarding<Connection> {
        private final Meters meters;

        ConnectionHandler(Meters meters) {
            this.meters = meters;
        }

        @Override
        Object handle(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = forward(method, args);
            if (result instanceof CallableStatement statement) {
                return proxy(CallableStatement.class, statement, new StatementHandler(meters, (String) args[0]));
            }
            if (result instanceof PreparedStatement statement) {
                return proxy(PreparedStatement.class, statement, new StatementHandler(meters, (String) args[0]));
            }
            if (result instanceof Statement statement) {
                return proxy(Statement.class, statement, new StatementHandler(meters, null));
            }
            return result;
        }
    }

    private static final class StatementHandler extends Forwarding<Statement> {
        private final Meters meters;
        private final String preparedSql;

        StatementHandler(Meters meters, String preparedSql) {
            this.meters = meters;
            this.preparedSql = preparedSql;
        }

        @Override
        Object handle(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (!name.startsWith("execute")) {
                Object result = forward(method, args);
                return result instanceof ResultSet rs && name.equals("getResultSet") ? rows(rs) : result;
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            long start = System.nanoTime();
            boolean success = false;
            try {
                Object result = forward(method, args);
                success = true;
                if (result instanceof ResultSet rs) {
                    return rows(rs);
                }
                if (result instanceof Integer count) {
                    meters.written(count);
                } else if (result instanceof Long count) {
                    meters.written(count);
                } else if (result instanceof int[] counts) {
                    long sum = 0;
                    for (int count : counts) {
                        sum += Math.max(count, 0);
                    }
                    meters.written(sum);
                } else if (result instanceof long[] counts) {
                    long sum = 0;
                    for (long count : counts) {
                        sum += Math.max(count, 0);
                    }
                    meters.written(sum);
                }
                return result;
            } finally {
                meters.timed(kind(sql), success, System.nanoTime() - start);
            }
        }

        private ResultSet rows(ResultSet rs) {
            return proxy(ResultSet.class, rs, new ResultSetHandler(meters));
        }
    }

    private static final class ResultSetHandler extends Forwarding<ResultSet> {
        private final Meters meters;
        private long rows;
        private boolean reported;

        ResultSetHandler(Meters meters) {
            this.meters = meters;
        }

        @Override
        Object handle(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = forward(method, args);
            if (method.getName().equals("next") && Boolean.TRUE.equals(result)) {
                rows++;
            } else if (method.getName().equals("close") || method.getName().equals("next")) {
                report();
            }
            return result;
        }

        private void report() {
            if (!reported) {
                reported = true;
                meters.returned(rows);
            }
        }
    }

    static String kind(String sql) {
        if (sql == null) {
            return "other";
        }
        String head = sql.stripLeading();
        int end = 0;
        while (end < head.length() && Character.isLetter(head.charAt(end))) {
            end++;
        }
        return switch (head.substring(0, end).toLowerCase(Locale.ROOT)) {
            case "select", "with", "show", "describe", "desc", "exists", "explain" -> "select";
            case "insert" -> "insert";
            case "update" -> "update";
            case "delete" -> "delete";
            case "alter" -> sql.toLowerCase(Locale.ROOT).matches("(?s)\\s*alter\\s+table\\s+.*?\\s(update|delete)\\s.*")
                    ? "update" : "ddl";
            case "create", "drop", "truncate", "rename", "optimize" -> "ddl";
            default -> "other";
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Forwarding<?> handler) {
        ((Forwarding<T>) handler).target = target;
        return (T) Proxy.newProxyInstance(ClickHouseStatementMetrics.class.getClassLoader(), new Class<?>[]{type}, handler);
    }
}
