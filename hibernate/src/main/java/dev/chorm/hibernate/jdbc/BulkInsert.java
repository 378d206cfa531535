package dev.chorm.hibernate.jdbc;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.chorm.hibernate.type.InvalidValueException;
import org.hibernate.HibernateException;
import org.hibernate.SharedSessionContract;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Inserts many entities of one class at the official client's RowBinary rate, past Hibernate's
 * per-entity machinery.
 *
 * <pre>{@code
 * try (StatelessSession session = sessionFactory.openStatelessSession();
 *      BulkInsert<Event> insert = BulkInsert.of(session, Event.class)) {
 *     events.forEach(insert::add);          // or insert.addAll(stream)
 * }                                         // close() sends the last block
 * }</pre>
 *
 * <p>Why: {@code StatelessSession.insert} costs several microseconds per entity (events, the
 * JDBC binding of every value, batching) before a byte is written; the official client writes a row
 * in well under one. This class reads the entity's columns once from Hibernate's metamodel and then,
 * per entity, only takes the values with Hibernate's accessors and converters and encodes them
 * straight into RowBinary. What an entity becomes is what {@code StatelessSession.insert} would
 * write: the same columns (embedded and to-one attributes included; {@code @Materialized},
 * {@code @Alias} and other non-insertable columns left out), ids from the entity's generator
 * (Snowflake, UUID, assigned), in-memory generated attributes, converters and enums as mapped.
 *
 * <p><b>Validation.</b> Every value is checked with the rules chorm applies to every insert
 * ({@link dev.chorm.hibernate.type.ValueRules}): a value its column cannot hold exactly (out of range,
 * null in a non-Nullable column, a decimal needing rounding...) throws
 * {@link InvalidValueException} naming the entity, the attribute and the value. The bulk path never
 * rounds: a value the normal path would hand to the driver as text (a {@code LocalDateTime}, an
 * instant finer than the column's precision) is refused the same way.
 *
 * <p><b>Unit of atomicity: a block.</b> Entities are encoded as they are added into blocks of
 * {@link #blockRows(int)} rows (default {@value #DEFAULT_BLOCK_ROWS}); a block is sent as one INSERT
 * only once all its rows are encoded, so a bad entity means nothing of its block is written, and the
 * server stores an INSERT of one block whole or not at all. Blocks sent before stay written
 * (ClickHouse has no rollback; {@link #rowsWritten()} says how many rows). So a bulk call of at most
 * one block is all or nothing. After a failure this object is closed: nothing more is sent. While
 * one block is on its way to the server (on a background thread), the next is encoded. For safe
 * retries of larger calls, see {@link #deduplicationToken(String)}.
 *
 * <p><b>What it skips.</b> No Hibernate events, listeners, interceptors or JPA callbacks run, and
 * the entities do not become managed: it is an INSERT, as a raw client writes it. Entities with a
 * column type chorm cannot encode (FixedString, Tuple, JSON, Time...), of an inheritance hierarchy,
 * with collections in their own tables, or with database-generated values are refused when the
 * {@code BulkInsert} is created, with the reason; insert those with {@code StatelessSession.insert}.
 *
 * <p>It works inside or outside a transaction of the session (ClickHouse writes at once either way)
 * and uses the session's connection: close it before the session. Not thread-safe. With an
 * {@code EntityManager}: {@code BulkInsert.of(entityManager.unwrap(Session.class), Event.class)}.
 */
public final class BulkInsert<T> implements AutoCloseable {

    /** Rows per INSERT unless {@link #blockRows(int)} says otherwise. */
    public static final int DEFAULT_BLOCK_ROWS = 100_000;

    private final SharedSessionContractImplementor session;
    private final EntityRows rows;
    private final Client client;
    private final String database;
    private int blockRows = DEFAULT_BLOCK_ROWS;
    private String deduplicationToken;

    private RowBinaryRows.Buffer filling = new RowBinaryRows.Buffer(1 << 16);
    private RowBinaryRows.Buffer spare;
    private int pendingRows;
    private Future<Long> inFlight;
    private RowBinaryRows.Buffer inFlightData;
    private int inFlightRows;
    private long written;
    private int blocks;
    private ExecutorService sender;
    private boolean closed;

    private BulkInsert(SharedSessionContractImplementor session, EntityRows rows, Client client, String database) {
        this.session = session;
        this.rows = rows;
        this.client = client;
        this.database = database;
    }

    /**
     * A bulk insert of {@code entityClass} entities through {@code session} (a {@code StatelessSession}
     * or a {@code Session}). Reads the table's column types from the server once.
     *
     * @throws HibernateException if the entity cannot be written this way (the message says why)
     */
    public static <T> BulkInsert<T> of(SharedSessionContract session, Class<T> entityClass) {
        if (!(session instanceof SharedSessionContractImplementor implementor)) {
            throw new IllegalArgumentException("BulkInsert needs a Hibernate session, got " + session);
        }
        Connection connection = implementor.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
        try {
            if (!ClickHouseConnections.isClickHouse(connection)) {
                throw new HibernateException("BulkInsert writes to ClickHouse; this session's connection is " + connection);
            }
            EntityRows rows = EntityRows.of(implementor, entityClass, connection);
            Client client = RowBinaryBatchInserts.clientOf(connection);
            String database = rows.insertTarget().database() != null ? rows.insertTarget().database() : connection.getSchema();
            return new BulkInsert<>(implementor, rows, client, database);
        } catch (SQLException e) {
            throw implementor.getJdbcServices().getSqlExceptionHelper().convert(e, "BulkInsert of " + entityClass.getName());
        }
    }

    /**
     * Inserts {@code entities} as {@link #add(Object)} would and sends the last block; a failure while
     * iterating sends nothing more. Returns the rows written.
     */
    public static <T> long insertAll(SharedSessionContract session, Class<T> entityClass, Iterable<? extends T> entities) {
        BulkInsert<T> insert = of(session, entityClass);
        try {
            insert.addAll(entities);
            insert.flush();
        } catch (RuntimeException | Error e) {
            insert.abandon();
            throw e;
        } finally {
            insert.close();
        }
        return insert.rowsWritten();
    }

    /**
     * Rows per INSERT (at least 1): the unit that is written whole or not at all. Larger blocks make
     * fewer parts on the server; blocks above the server's {@code min_insert_block_size_rows}
     * (1,048,449) are split by the server itself, and are then no longer atomic.
     */
    public BulkInsert<T> blockRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("blockRows must be at least 1, was " + rows);
        }
        blockRows = rows;
        return this;
    }

    /**
     * Sends block {@code n} (counting from 0) of this bulk insert with {@code insert_deduplication_token}
     * = {@code token + ":" + n}. Running the same bulk insert again with the same token after a failure
     * then stores each block once: the server skips blocks it already holds (a plain MergeTree table
     * needs {@code non_replicated_deduplication_window} > 0; Replicated tables always deduplicate).
     * The token names the data: a different insert needs a different token.
     */
    public BulkInsert<T> deduplicationToken(String token) {
        deduplicationToken = token;
        return this;
    }

    /**
     * Encodes {@code entity} into the current block (generating its id now, as an insert does) and sends
     * the block when it is full.
     *
     * @throws InvalidValueException if a value cannot be stored exactly: nothing of the current block is
     *                               sent, and this {@code BulkInsert} is closed
     */
    public void add(T entity) {
        checkOpen();
        try {
            rows.write(entity, session, filling);
        } catch (InvalidValueException e) {
            String prefix = "Entity " + e.entity() + ", attribute " + e.attribute() + ": ";
            String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            int before = pendingRows;
            abandon();
            throw new InvalidValueException(e.entity(), e.attribute(), problem + ". Nothing of its block (this entity and the "
                    + before + " added before it) was sent; " + written + " rows of earlier blocks were written");
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
        pendingRows++;
        if (pendingRows >= blockRows) {
            sendBlock();
        }
    }

    /** {@link #add(Object)} for each entity, in order. */
    public void addAll(Iterable<? extends T> entities) {
        for (T entity : entities) {
            add(entity);
        }
    }

    /** {@link #add(Object)} for each entity of the stream, in its order. */
    public void addAll(Stream<? extends T> entities) {
        entities.sequential().forEachOrdered(this::add);
    }

    /** Sends the rows added so far (a block of fewer rows if it is not full) and waits until the server has them. */
    public void flush() {
        checkOpen();
        sendBlock();
        awaitInFlight();
    }

    /** Rows in the blocks the server has acknowledged so far. */
    public long rowsWritten() {
        return written;
    }

    /** Sends the last block, waits for it, and stops the sending thread. After a failure it sends nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            stopSender();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this BulkInsert of " + rows.entityName() + " is closed"
                    + " (closed by the application, or after a failure)");
        }
    }

    /** Drops the current block and closes without sending anything more. */
    private void abandon() {
        closed = true;
        filling.reset();
        pendingRows = 0;
        try {
            if (inFlight != null) {
                inFlight.get(); // let the block already on its way finish, so rowsWritten() is right
                written += inFlightRows;
            }
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            inFlight = null;
            stopSender();
        }
    }

    private void sendBlock() {
        if (pendingRows == 0) {
            return;
        }
        awaitInFlight();
        RowBinaryRows.Buffer data = filling;
        String token = deduplicationToken == null ? null : deduplicationToken + ":" + blocks;
        blocks++;
        inFlightData = data;
        inFlightRows = pendingRows;
        if (sender == null) {
            sender = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "chorm-bulk-insert-" + rows.insertTarget().table());
                thread.setDaemon(true);
                return thread;
            });
        }
        inFlight = sender.submit(() -> send(data, token));
        filling = spare != null ? spare : new RowBinaryRows.Buffer(data.size());
        spare = null;
        filling.reset();
        pendingRows = 0;
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
            written += inFlightRows;
            spare = inFlightData;
        } catch (ExecutionException e) {
            closed = true;
            filling.reset();
            pendingRows = 0;
            SQLException sql = RowBinaryBatchInserts.asSqlException(e.getCause(), rows.insertTarget().table());
            throw session.getJdbcServices().getSqlExceptionHelper().convert(sql,
                    "BulkInsert of " + rows.entityName() + " (" + written + " rows of earlier blocks were written)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            throw new HibernateException("interrupted while BulkInsert of " + rows.entityName() + " was sending a block", e);
        } finally {
            inFlight = null;
            inFlightData = null;
        }
    }

    private long send(RowBinaryRows.Buffer data, String token) throws Exception {
        InsertSettings settings = new InsertSettings();
        if (database != null) {
            settings.setDatabase(database);
        }
        if (token != null) {
            settings.setDeduplicationToken(token);
        }
        RowBinaryBatchInserts.Target target = rows.insertTarget();
        try (InsertResponse response = client.insert(target.table(), target.columns(), data.asStream(),
                ClickHouseFormat.RowBinary, settings).get()) {
            return response.getWrittenRows();
        }
    }

    private void stopSender() {
        if (sender != null) {
            sender.shutdown();
            sender = null;
        }
    }
}
