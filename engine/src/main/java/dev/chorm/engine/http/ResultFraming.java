package dev.chorm.engine.http;

import dev.chorm.engine.chdb.ChdbException;
import dev.chorm.engine.chdb.StreamingQuery;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * How the chunks of a streamed result join into one response. chDB renders each chunk of a
 * streaming query as a complete output of its own: formats with a header (names, types) repeat it
 * in every chunk, and formats with a prefix and suffix (JSON, XML, Pretty, Parquet, ...) cannot
 * be joined at all. Headers are therefore cut from every chunk after the first (after checking
 * they are the same bytes), and unjoinable formats are not streamed.
 */
enum ResultFraming {
    /** Chunks concatenate as they are. */
    PLAIN,
    /** One text line of column names per chunk. */
    ONE_HEADER_LINE,
    /** Two text lines, names and types. */
    TWO_HEADER_LINES,
    /** RowBinary's names block. */
    BINARY_NAMES,
    /** RowBinary's names and types blocks. */
    BINARY_NAMES_AND_TYPES,
    /** Must be produced whole. */
    WHOLE;

    private static final Map<String, ResultFraming> FORMATS = Map.ofEntries(
            Map.entry("tabseparated", PLAIN), Map.entry("tsv", PLAIN), Map.entry("tabseparatedraw", PLAIN),
            Map.entry("tsvraw", PLAIN), Map.entry("raw", PLAIN), Map.entry("csv", PLAIN),
            Map.entry("rowbinary", PLAIN), Map.entry("jsoneachrow", PLAIN), Map.entry("jsonlines", PLAIN),
            Map.entry("ndjson", PLAIN), Map.entry("jsoncompacteachrow", PLAIN), Map.entry("jsonstringseachrow", PLAIN),
            Map.entry("jsoncompactstringseachrow", PLAIN), Map.entry("values", PLAIN), Map.entry("lineasstring", PLAIN),
            Map.entry("native", PLAIN), Map.entry("tskv", PLAIN), Map.entry("rawblob", PLAIN), Map.entry("null", PLAIN),
            Map.entry("msgpack", PLAIN),
            Map.entry("tabseparatedwithnames", ONE_HEADER_LINE), Map.entry("tsvwithnames", ONE_HEADER_LINE),
            Map.entry("tabseparatedrawwithnames", ONE_HEADER_LINE), Map.entry("tsvrawwithnames", ONE_HEADER_LINE),
            Map.entry("rawwithnames", ONE_HEADER_LINE), Map.entry("csvwithnames", ONE_HEADER_LINE),
            Map.entry("jsoncompacteachrowwithnames", ONE_HEADER_LINE),
            Map.entry("jsoncompactstringseachrowwithnames", ONE_HEADER_LINE),
            Map.entry("tabseparatedwithnamesandtypes", TWO_HEADER_LINES), Map.entry("tsvwithnamesandtypes", TWO_HEADER_LINES),
            Map.entry("tabseparatedrawwithnamesandtypes", TWO_HEADER_LINES),
            Map.entry("tsvrawwithnamesandtypes", TWO_HEADER_LINES), Map.entry("rawwithnamesandtypes", TWO_HEADER_LINES),
            Map.entry("csvwithnamesandtypes", TWO_HEADER_LINES),
            Map.entry("jsoncompacteachrowwithnamesandtypes", TWO_HEADER_LINES),
            Map.entry("jsoncompactstringseachrowwithnamesandtypes", TWO_HEADER_LINES),
            Map.entry("rowbinarywithnames", BINARY_NAMES),
            Map.entry("rowbinarywithnamesandtypes", BINARY_NAMES_AND_TYPES));

    static ResultFraming of(String format) {
        return FORMATS.getOrDefault(format.toLowerCase(Locale.ROOT), WHOLE);
    }

    /** The header bytes at the start of the first chunk (empty for {@link #PLAIN}). */
    byte[] header(StreamingQuery.Chunk first) {
        if (this == PLAIN) {
            return new byte[0];
        }
        int probe = (int) Math.min(first.length(), 4 << 20);
        byte[] bytes = new byte[probe];
        first.copyTo(0, bytes, 0, probe);
        int length = switch (this) {
            case ONE_HEADER_LINE -> lines(bytes, 1);
            case TWO_HEADER_LINES -> lines(bytes, 2);
            case BINARY_NAMES -> binaryBlocks(bytes, 1);
            case BINARY_NAMES_AND_TYPES -> binaryBlocks(bytes, 2);
            default -> throw new IllegalStateException(name());
        };
        return Arrays.copyOf(bytes, length);
    }

    /** Where the rows start in a later chunk, which must begin with {@code header}. */
    static long rowsStart(StreamingQuery.Chunk chunk, byte[] header) {
        if (header.length == 0) {
            return 0;
        }
        byte[] prefix = new byte[(int) Math.min(header.length, chunk.length())];
        chunk.copyTo(0, prefix, 0, prefix.length);
        if (!Arrays.equals(prefix, header)) {
            throw new ChdbException(1001, "STD_EXCEPTION",
                    "the engine changed the result header between chunks; the response cannot be joined");
        }
        return header.length;
    }

    private static int lines(byte[] bytes, int count) {
        int found = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++found == count) {
                return i + 1;
            }
        }
        throw new ChdbException(1001, "STD_EXCEPTION", "result header longer than 4 MiB");
    }

    private static int binaryBlocks(byte[] bytes, int blocks) {
        int[] position = {0};
        long columns = varint(bytes, position);
        for (long i = 0; i < columns * blocks; i++) {
            long length = varint(bytes, position);
            position[0] = Math.addExact(position[0], Math.toIntExact(length));
        }
        if (position[0] > bytes.length) {
            throw new ChdbException(1001, "STD_EXCEPTION", "result header longer than 4 MiB");
        }
        return position[0];
    }

    private static long varint(byte[] bytes, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= bytes.length) {
                throw new ChdbException(1001, "STD_EXCEPTION", "truncated result header");
            }
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ChdbException(1001, "STD_EXCEPTION", "malformed result header");
    }
}
