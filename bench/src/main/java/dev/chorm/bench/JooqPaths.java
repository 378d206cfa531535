package dev.chorm.bench;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record10;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * jOOQ as a jOOQ user on Java 17 writes it without code generation: the table and its fields declared
 * by name, rows loaded with the Loader API ({@code loadInto(...).bulkAfter(5,000)}: one multi-row
 * INSERT with bind values per 5,000 rows) and read lazily into entities with a record mapper.
 *
 * <p>Dialect: jOOQ's {@code SQLDialect.CLICKHOUSE} exists in the open-source edition only from 3.20
 * on, which requires Java 21; 3.19 (the last open-source line for Java 17, used here) has no ClickHouse
 * dialect, so this path runs with {@code SQLDialect.DEFAULT}, the dialect jOOQ falls back to.
 */
final class JooqPaths implements PeerPath {

    private static final Table<?> EVENT = DSL.table(DSL.name("event"));
    private static final Field<Long> ID = DSL.field(DSL.name("id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = DSL.field(DSL.name("userId"), SQLDataType.BIGINT);
    private static final Field<Instant> AT = DSL.field(DSL.name("at"), SQLDataType.INSTANT);
    private static final Field<LocalDate> DAY = DSL.field(DSL.name("day"), SQLDataType.LOCALDATE);
    private static final Field<String> COUNTRY = DSL.field(DSL.name("country"), SQLDataType.VARCHAR);
    private static final Field<String> DEVICE = DSL.field(DSL.name("device"), SQLDataType.VARCHAR);
    private static final Field<Integer> DURATION_MS = DSL.field(DSL.name("durationMs"), SQLDataType.INTEGER);
    private static final Field<Double> AMOUNT = DSL.field(DSL.name("amount"), SQLDataType.DOUBLE);
    // jOOQ's DEFAULT dialect cannot bind arrays ("Cannot bind ARRAY types in dialect DEFAULT") and has no
    // map type: both get a binding that hands the List and the Map to the driver as they are
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Field<List<String>> TAGS = DSL.field(DSL.name("tags"),
            (org.jooq.DataType) SQLDataType.OTHER.asConvertedDataType(new DriverBinding<>(List.class)));
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Field<Map<String, String>> ATTRIBUTES = DSL.field(DSL.name("attributes"),
            (org.jooq.DataType) SQLDataType.OTHER.asConvertedDataType(new DriverBinding<>(Map.class)));

    private final Connection connection;
    private final DSLContext jooq;
    private final IntFunction<Event> rows;

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    JooqPaths(String jdbcUrl, String user, String password, IntFunction<Event> rows) throws Exception {
        this.connection = DriverManager.getConnection(jdbcUrl, user, password);
        this.jooq = DSL.using(connection, SQLDialect.DEFAULT);
        this.rows = rows;
    }

    @Override
    public String table() {
        return "event";
    }

    @Override
    public String insertName() {
        return "jOOQ 3.19 loadInto, bulk 5,000 (DEFAULT dialect)";
    }

    @Override
    public String readName() {
        return "jOOQ 3.19 fetchLazy, records mapped to entities";
    }

    @Override
    public long insert(int n) throws Exception {
        long start = System.nanoTime();
        jooq.loadInto(EVENT).bulkAfter(5_000).batchNone().commitNone().onErrorAbort()
                .loadArrays(new Iterator<Object[]>() {
                    int next;

                    @Override
                    public boolean hasNext() {
                        return next < n;
                    }

                    @Override
                    public Object[] next() {
                        if (next >= n) {
                            throw new NoSuchElementException();
                        }
                        Event e = rows.apply(next++);
                        return new Object[]{e.id, e.userId, e.at, e.day, e.country, e.device, e.durationMs, e.amount,
                                e.tags, e.attributes};
                    }
                })
                .fields(ID, USER_ID, AT, DAY, COUNTRY, DEVICE, DURATION_MS, AMOUNT, TAGS, ATTRIBUTES)
                .execute()
                .errors().stream().findFirst().ifPresent(error -> {
                    throw new IllegalStateException(error.exception().getMessage(), error.exception());
                });
        return System.nanoTime() - start;
    }

    @Override
    public long read(long expectedRows) throws Exception {
        long start = System.nanoTime();
        long count = 0;
        long sum = 0;
        try (var cursor = jooq.select(ID, USER_ID, AT, DAY, COUNTRY, DEVICE, DURATION_MS, AMOUNT, TAGS, ATTRIBUTES)
                .from(EVENT).fetchLazy()) {
            for (Record10<Long, Long, Instant, LocalDate, String, String, Integer, Double, List<String>, Map<String, String>> r : cursor) {
                Event e = new Event(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                        r.value8(), r.value9(), r.value10());
                sum += e.id + e.tags.size() + e.attributes.size();
                count++;
            }
        }
        Peers.checkRead(this, count, expectedRows, sum);
        return System.nanoTime() - start;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
