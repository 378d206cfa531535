package dev.chorm.engine.chdb;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The subset of chDB's C API that chorm binds (see chdb.h of chDB 26.7). */
interface LibChdb extends Library {

    String chdb_version();

    void chdb_set_signal_handlers_enabled(int enabled);

    /** Returns a pointer to the connection handle (a {@code chdb_connection *}). */
    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connectionHolder);

    Pointer chdb_query_n(Pointer conn, Pointer query, long queryLength, byte[] format, long formatLength);

    Pointer chdb_query_with_params_n(Pointer conn, Pointer query, long queryLength, byte[] format, long formatLength,
                                     Pointer[] names, long[] nameLengths, Pointer[] values, long[] valueLengths,
                                     long count);

    Pointer chdb_stream_query_n(Pointer conn, Pointer query, long queryLength, byte[] format, long formatLength);

    Pointer chdb_stream_query_with_params_n(Pointer conn, Pointer query, long queryLength, byte[] format,
                                            long formatLength, Pointer[] names, long[] nameLengths,
                                            Pointer[] values, long[] valueLengths, long count);

    Pointer chdb_stream_fetch_result(Pointer conn, Pointer streamResult);

    void chdb_stream_cancel_query(Pointer conn, Pointer streamResult);

    void chdb_destroy_query_result(Pointer result);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    double chdb_result_elapsed(Pointer result);

    long chdb_result_rows_read(Pointer result);

    long chdb_result_bytes_read(Pointer result);

    long chdb_result_storage_rows_read(Pointer result);

    long chdb_result_storage_bytes_read(Pointer result);

    long chdb_result_rows_written(Pointer result);

    long chdb_result_bytes_written(Pointer result);

    String chdb_result_error(Pointer result);

    Pointer chdb_stream_insert_n(Pointer conn, Pointer query, long queryLength, byte[] format, long formatLength);

    Pointer chdb_stream_insert_with_params_n(Pointer conn, Pointer query, long queryLength, byte[] format,
                                             long formatLength, Pointer[] names, long[] nameLengths,
                                             Pointer[] values, long[] valueLengths, long count);

    int chdb_stream_append(Pointer stream, Pointer data, long length);

    Pointer chdb_stream_done(Pointer stream);

    void chdb_stream_cancel_insert(Pointer stream);

    String chdb_stream_insert_error(Pointer stream);

    void chdb_destroy_insert_stream(Pointer stream);

    int chdb_classify_query_n(Pointer conn, Pointer sql, long sqlLength, Pointer targetDatabase,
                              long targetDatabaseLength, Pointer analysis);
}
