package dev.chorm.bench;

import java.util.List;

/**
 * Another Java way of writing and reading the benchmark's rows (jOOQ, Ebean, Hibernate with
 * MySQLDialect), measured beside chorm in the same run against the same engine.
 */
interface PeerPath extends AutoCloseable {

    List<String> ALL_COLUMNS = List.of("id", "userId", "at", "day", "country", "device", "durationMs", "amount", "tags",
            "attributes");
    /** The columns without the array and the map, which some peers cannot write. */
    List<String> SCALAR_COLUMNS = ALL_COLUMNS.subList(0, 8);

    /** The columns this path writes and reads: only those are checked after its inserts. */
    default List<String> columns() {
        return ALL_COLUMNS;
    }

    /** The table this path writes and reads (its columns are those of {@code event}). */
    String table();

    String insertName();

    String readName();

    /** Inserts the benchmark's first {@code rows} rows into the empty {@link #table()}; returns the nanoseconds taken. */
    long insert(int rows) throws Exception;

    /** Reads every row of {@link #table()} into objects; returns the nanoseconds taken. */
    long read(long expectedRows) throws Exception;

    /**
     * Why the path did not run with the library and driver as they come, so that it runs with a
     * workaround (named in the reason); null when it ran as it comes.
     */
    default String outOfTheBoxFailure() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }

    /** The innermost message of a failure, on one line. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
