package dev.chorm.hibernate.jdbc;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.chorm.hibernate.query.Settings;
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
 * <p><b>Unit of atomicity: a block.</b> Entities are encoded as they are added, into blocks of
 * {@link #blockRows(int)} rows (default {@value #DEFAULT_BLOCK_ROWS}); each block is one INSERT,
 * streamed to the server (from a background thread) while it is being encoded, so that encoding and
 * the server's work overlap and memory stays small. A bad entity aborts its block's request before
 * the block is complete: the server then stores nothing of that block (it stores an INSERT body
 * only once it has all of it). Blocks completed before stay written (ClickHouse has no rollback;
 * {@link #rowsWritten()} says how many rows). So a bulk call of at most one block is all or
 * nothing. After a failure this object is closed: nothing more is sent. For safe retries of larger
 * calls, see {@link #deduplicationToken(String)}. A block's request starts with its first chunk
 * (about 256 KB of rows); a server cuts a request whose body stalls longer than its receive timeout
 * (30 s by default), so a producer slower than that should {@link #flush()} or use smaller blocks.
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

    /**
     * Rows per INSERT unless {@link #blockRows(int)} says otherwise: the server's own insert block
     * ({@code min_insert_block_size_rows}), the most an INSERT can hold and still be stored whole.
     */
    public static final int DEFAULT_BLOCK_ROWS = 1_048_449;

    /** Encoded rows are handed to the sending thread in chunks of about this size. */
    private static final int CHUNK_BYTES = 1 << 18;
    /** Chunks waiting to be sent at most (then encoding waits for the server): bounds the memory used. */
    private static final int CHUNKS_QUEUED = 16;
    private static final Object END = new Object();
    private static final Object ABORT = new Object();
    /**
     * What ends an aborted block's body: one byte more, so that the body ends inside a row. Each
     * column takes at least one byte and one byte completes at most one column, so with two columns or
     * more the server's RowBinary parser fails at the end of the body and stores nothing of it. (Only
     * failing the request is not enough: the HTTP client still closes the body cleanly, and the rows
     * before would be a valid INSERT.) Tables of one column are therefore not streamed.
     */
    private static final int TRUNCATED_ROW = 0;

    private final SharedSessionContractImplementor session;
    private final EntityRows rows;
    private final Client client;
    private final String database;
    /** Whether a block goes out while it is being encoded (see {@link #TRUNCATED_ROW}), or once it is complete. */
    private final boolean streaming;
    private int blockRows = DEFAULT_BLOCK_ROWS;
    private String deduplicationToken;
    private Settings settings = Settings.none();

    private final java.util.concurrent.BlockingQueue<RowBinaryRows.Buffer> freeChunks =
            new java.util.concurrent.ArrayBlockingQueue<>(CHUNKS_QUEUED + 4);
    private RowBinaryRows.Buffer chunk = new RowBinaryRows.Buffer(CHUNK_BYTES + 4096);
    /** The block being encoded and streamed; null between blocks. */
    private Block current;
    /** The block completed last, whose answer may still be on its way. */
    private Block previous;
    private long written;
    private int blocks;
    private ExecutorService sender;
    private boolean closed;

    /** One INSERT: its chunks on their way to the sending thread, and the server's answer. */
    private final class Block {
        final java.util.concurrent.BlockingQueue<Object> chunks = new java.util.concurrent.ArrayBlockingQueue<>(CHUNKS_QUEUED + 1);
        /** The INSERT, started with the block's first chunk (so that no request waits for a slow producer's first rows). */
        Future<Long> answer;
        String token;
        int rows;
    }

    private BulkInsert(SharedSessionContractImplementor session, EntityRows rows, Client client, String database) {
        this.session = session;
        this.rows = rows;
        this.client = client;
        this.database = database;
        this.streaming = rows.columnCount() >= 2;
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
     * iterating (also one of the application's) sends nothing more. Returns the rows written.
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
     * (1,048,449, the default) are split by the server itself, and are then no longer atomic.
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
     * Sends every block with a ClickHouse setting, e.g. {@code setting("insert_quorum", 2)} or
     * {@code setting("distributed_foreground_insert", 1)} on a cluster: the per-insert counterpart of
     * the connection's settings. Values as {@link Settings} takes them: numbers, booleans, strings, a
     * {@code Duration} (seconds).
     */
    public BulkInsert<T> setting(String name, Object value) {
        settings = withSetting(settings, "BulkInsert of " + rows.entityName(), name, value);
        return this;
    }

    /** {@code settings} and one more, refused (naming {@code what}) as {@link Settings} refuses it. */
    static Settings withSetting(Settings settings, String what, String name, Object value) {
        try {
            return settings.and(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a setting name or value: " + e.getMessage(), e);
        }
    }

    /**
     * Encodes {@code entity} into the current block (generating its id now, as an insert does); the
     * block goes to the server as it fills and is complete after {@link #blockRows(int)} rows.
     *
     * @throws InvalidValueException if a value cannot be stored exactly: nothing of the current block is
     *                               stored, and this {@code BulkInsert} is closed
     */
    public void add(T entity) {
        checkOpen();
        if (current == null) {
            current = startBlock();
        }
        try {
            rows.write(entity, session, chunk);
        } catch (InvalidValueException e) {
            String prefix = "Entity " + e.entity() + ", attribute " + e.attribute() + ": ";
            String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            int before = current.rows;
            abandon();
            throw new InvalidValueException(e.entity(), e.attribute(), problem + ". Nothing of its block (this entity and the "
                    + before + " added before it) was stored; " + written + " rows of earlier blocks were written");
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
        current.rows++;
        if (streaming && chunk.size() >= CHUNK_BYTES) {
            handOver(current, chunk);
        }
        if (current.rows >= blockRows) {
            completeBlock();
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

    /** Completes the current block (fewer rows if it is not full) and waits until the server has stored it. */
    public void flush() {
        checkOpen();
        completeBlock();
        awaitPrevious();
    }

    /** Rows in the blocks the server has acknowledged so far. */
    public long rowsWritten() {
        return written;
    }

    /** Completes the last block, waits for it, and stops the sending thread. After a failure it sends nothing. */
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

    private Block startBlock() {
        Block block = new Block();
        block.token = deduplicationToken == null ? null : deduplicationToken + ":" + blocks;
        blocks++;
        if (sender == null) {
            sender = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "chorm-bulk-insert-" + rows.insertTarget().table());
                thread.setDaemon(true);
                return thread;
            });
        }
        chunk.reset();
        return block;
    }

    /** Gives a filled chunk to the sending thread, waiting while the server is behind; takes a fresh one. */
    private void handOver(Block block, RowBinaryRows.Buffer filled) {
        offer(block, filled);
        RowBinaryRows.Buffer next = freeChunks.poll();
        chunk = next != null ? next : new RowBinaryRows.Buffer(CHUNK_BYTES + 4096);
        chunk.reset();
    }

    private void offer(Block block, Object item) {
        if (block.answer == null) {
            block.answer = sender.submit(() -> send(new BlockStream(block), block.token));
        }
        try {
            while (!block.chunks.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (block.answer.isDone()) { // the server ended the request early: report why
                    RuntimeException failure = failure(block);
                    abandon();
                    throw failure;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new HibernateException("interrupted while BulkInsert of " + rows.entityName() + " was sending a block", e);
        }
    }

    /** Ends the current block's INSERT body; its answer is awaited before the next block completes. */
    private void completeBlock() {
        if (current == null) {
            return;
        }
        Block block = current;
        if (chunk.size() > 0) {
            handOver(block, chunk);
        }
        awaitPrevious(); // before ending this block: if the one before failed, this one is aborted, not stored
        offer(block, END);
        current = null;
        previous = block;
    }

    private void awaitPrevious() {
        if (previous == null) {
            return;
        }
        Block block = previous;
        previous = null;
        try {
            block.answer.get();
            written += block.rows;
        } catch (ExecutionException e) {
            closed = true;
            abortCurrent();
            throw failure(block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new HibernateException("interrupted while BulkInsert of " + rows.entityName() + " was sending a block", e);
        }
    }

    private RuntimeException failure(Block block) {
        try {
            block.answer.get();
            return new HibernateException("BulkInsert of " + rows.entityName() + ": the server ended the INSERT early");
        } catch (ExecutionException e) {
            SQLException sql = RowBinaryBatchInserts.asSqlException(e.getCause(), rows.insertTarget().table());
            return session.getJdbcServices().getSqlExceptionHelper().convert(sql,
                    "BulkInsert of " + rows.entityName() + " (" + written + " rows of earlier blocks were written)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HibernateException("interrupted while BulkInsert of " + rows.entityName() + " was sending a block", e);
        }
    }

    /** Aborts the block being streamed, so that the server stores nothing of it, and waits for the request to end. */
    private void abortCurrent() {
        Block block = current;
        current = null;
        chunk.reset();
        if (block == null || block.answer == null) {
            return; // nothing of it was sent
        }
        block.chunks.clear();
        block.chunks.offer(ABORT);
        try {
            long stored = block.answer.get(5, java.util.concurrent.TimeUnit.MINUTES);
            if (stored > 0) { // never seen: the truncated row makes the server refuse the body
                ClickHouseConnections.LOG.severe("BulkInsert of " + rows.entityName() + ": the server stored " + stored
                        + " rows of a block that was aborted");
                written += stored;
            }
        } catch (ExecutionException expected) {
            // the server refused the body that ends inside a row: nothing of the block is stored
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            block.answer.cancel(true);
        }
    }

    /** Aborts the current block, lets the completed one finish (so rowsWritten() is right) and closes. */
    private void abandon() {
        closed = true;
        try {
            abortCurrent();
            if (previous != null) {
                previous.answer.get();
                written += previous.rows;
            }
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            previous = null;
            stopSender();
        }
    }

    private long send(java.io.InputStream body, String token) throws Exception {
        InsertSettings settings = new InsertSettings();
        if (database != null) {
            settings.setDatabase(database);
        }
        if (token != null) {
            settings.setDeduplicationToken(token);
        }
        this.settings.asParameters().forEach(settings::serverSetting);
        RowBinaryBatchInserts.Target target = rows.insertTarget();
        try (InsertResponse response = client.insert(target.table(), target.columns(), body,
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

    /** A block's INSERT body as the sending thread reads it: the chunks in order, until the end or an abort. */
    private final class BlockStream extends java.io.InputStream {
        private final Block block;
        private RowBinaryRows.Buffer chunk;
        private int position;
        private boolean ended;

        BlockStream(Block block) {
            this.block = block;
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws java.io.IOException {
            if (length == 0) {
                return 0;
            }
            while (chunk == null || position == chunk.size()) {
                if (ended) {
                    return -1;
                }
                if (chunk != null) {
                    freeChunks.offer(chunk);
                    chunk = null;
                }
                Object next;
                try {
                    next = block.chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("BulkInsert block interrupted");
                }
                if (next == END) {
                    ended = true;
                    return -1;
                }
                if (next == ABORT) {
                    ended = true;
                    if (!streaming) {
                        return -1; // nothing of the block was handed over: an empty INSERT
                    }
                    target[offset] = (byte) TRUNCATED_ROW;
                    return 1;
                }
                chunk = (RowBinaryRows.Buffer) next;
                position = 0;
            }
            int n = chunk.copyTo(position, target, offset, length);
            position += n;
            return n;
        }
    }
}
