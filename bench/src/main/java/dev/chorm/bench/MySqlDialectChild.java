package dev.chorm.bench;

import dev.chorm.bench.plain.HibernateWithMySqlDialect;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The JVM that runs Hibernate with MySQLDialect for {@link MySqlDialectPaths}, started with a class
 * path without chorm. Commands on standard input, one a line: {@code open <ignoreUnsupported> <scalarOnly>},
 * {@code insert <rows>}, {@code read}, {@code quit}; each answered on standard output with
 * {@code ok ...} or {@code error <reason>}.
 */
final class MySqlDialectChild {

    private MySqlDialectChild() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.hibernate").setLevel(java.util.logging.Level.WARNING);
        String url = args[0];
        String user = args[1];
        String password = args[2];
        HibernateWithMySqlDialect hibernate = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] command = line.split(" ");
            String answer;
            try {
                answer = switch (command[0]) {
                    case "open" -> {
                        requireNoChorm();
                        if (hibernate != null) {
                            hibernate.close();
                        }
                        hibernate = new HibernateWithMySqlDialect(url, user, password, Boolean.parseBoolean(command[1]),
                                Boolean.parseBoolean(command[2]), i -> values(OrmBenchmark.event(i)));
                        yield hibernate.dialect();
                    }
                    case "insert" -> String.valueOf(hibernate.insert(Integer.parseInt(command[1])));
                    case "read" -> {
                        long[] result = hibernate.read();
                        yield result[0] + " " + result[1] + " " + result[2];
                    }
                    default -> throw new IllegalArgumentException("unknown command " + line);
                };
                answer = "ok " + answer;
            } catch (Exception | LinkageError e) {
                answer = "error " + PeerPath.reason(e);
            }
            System.out.println(answer);
            System.out.flush();
        }
        if (hibernate != null) {
            hibernate.close();
        }
    }

    /** The point of this JVM: chorm's Hibernate integration must not be loadable here. */
    private static void requireNoChorm() {
        try {
            Class.forName("dev.chorm.hibernate.ClickHouseDialect");
        } catch (ClassNotFoundException expected) {
            return;
        }
        throw new IllegalStateException("chorm's Hibernate module is on this JVM's class path");
    }

    private static Object[] values(Event e) {
        return new Object[]{e.id, e.userId, e.at, e.day, e.country, e.device, e.durationMs, e.amount, e.tags, e.attributes};
    }
}
