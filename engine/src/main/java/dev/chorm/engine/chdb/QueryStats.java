package dev.chorm.engine.chdb;

/** What one statement read, returned and wrote, as the engine counted it. */
public record QueryStats(long readRows, long readBytes, long resultRows, long resultBytes,
                         long writtenRows, long writtenBytes, long elapsedNanos) {

    public static final QueryStats NONE = new QueryStats(0, 0, 0, 0, 0, 0, 0);

    public QueryStats plus(QueryStats other) {
        return new QueryStats(readRows + other.readRows, readBytes + other.readBytes,
                resultRows + other.resultRows, resultBytes + other.resultBytes,
                writtenRows + other.writtenRows, writtenBytes + other.writtenBytes,
                elapsedNanos + other.elapsedNanos);
    }
}
