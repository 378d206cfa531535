package dev.chorm.migrations;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * {@code migrate} in a process of its own, for tests that kill it. Arguments: JDBC URL, user, password,
 * migration directory, and optionally a pattern: the process then halts (no shutdown hooks, no lock
 * release, the connection cut, as under SIGKILL) right after the first statement matching it succeeded,
 * before the executor can record its step.
 */
public final class MigrateProcess {

    private MigrateProcess() {
    }

    public static void main(String[] args) throws Exception {
        Pattern haltAfter = args.length > 4 ? Pattern.compile(args[4]) : null;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            Connection used = haltAfter == null ? connection : haltingAfter(connection, haltAfter);
            Migrations.in(Path.of(args[3])).migrate(used, MigrateOptions.defaults(), MigrateProcess::print);
        }
        print("done");
    }

    private static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static Connection haltingAfter(Connection connection, Pattern pattern) {
        return proxy(Connection.class, connection, (method, result, args) -> {
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return proxy(Statement.class, statement, (m, r, a) -> {
                    if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String sql
                            && pattern.matcher(sql).find()) {
                        print("halting after: " + sql.lines().findFirst().orElse(""));
                        Runtime.getRuntime().halt(137);
                    }
                    return r;
                });
            }
            return result;
        });
    }

    private interface After {
        Object apply(Method method, Object result, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        return type.cast(Proxy.newProxyInstance(MigrateProcess.class.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, result, args);
        }));
    }
}
