package dev.chorm.engine.http;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Reads ClickHouse's native compressed framing, the request body of {@code decompress=1} (the
 * layout is described on {@link NativeCompressedOutputStream}), and yields the decompressed bytes.
 *
 * <p>Methods LZ4 (0x82), ZSTD (0x90) and NONE (0x02) are understood; every block's checksum is verified before
 * its payload is trusted. Failures are {@link ClickHouseError}s carrying the code ClickHouse would
 * answer, so the HTTP layer can report them as the server would. Not thread-safe.
 */
final class NativeCompressedInputStream extends InputStream {

    /** ClickHouse's DBMS_MAX_COMPRESSED_SIZE: larger sizes in a header mean corrupted data. */
    static final int MAX_BLOCK_SIZE = 1 << 30;
    static final byte METHOD_NONE = 0x02;
    static final byte METHOD_LZ4 = NativeCompressedOutputStream.METHOD_LZ4;
    static final byte METHOD_ZSTD = (byte) 0x90;

    private static final int CHECKSUM_SIZE = NativeCompressedOutputStream.CHECKSUM_SIZE;
    private static final int HEADER_SIZE = NativeCompressedOutputStream.HEADER_SIZE;
    private static final int PAYLOAD_OFFSET = CHECKSUM_SIZE + HEADER_SIZE;
    // The safe decompressor bounds every write by the declared size: the input is untrusted.
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    private final InputStream in;
    private final long[] checksum = new long[2];
    /** The current raw frame (checksum, header, payload); grows to the largest block seen. */
    private byte[] frame = new byte[PAYLOAD_OFFSET + 64 * 1024];
    /** Decompressed LZ4 payloads; grows likewise. */
    private byte[] decoded = new byte[0];
    /** What read() serves from: {@code decoded}, or {@code frame} itself for a NONE block (no copy). */
    private byte[] current = decoded;
    private int position;
    private int limit;
    private boolean eof;

    NativeCompressedInputStream(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !nextBlock()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == limit && !nextBlock()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public void close() throws IOException {
        eof = true;
        position = limit = 0;
        in.close();
    }

    /** Loads the next non-empty block; false at a clean end of stream (exactly between blocks). */
    private boolean nextBlock() throws IOException {
        while (!eof) {
            int got = readUpTo(frame, 0, PAYLOAD_OFFSET);
            if (got == 0) {
                eof = true;
                return false;
            }
            if (got < PAYLOAD_OFFSET) {
                throw cannotReadAllData(got, PAYLOAD_OFFSET);
            }
            loadBlock();
            if (limit > 0) {
                return true;
            }
        }
        return false;
    }

    private void loadBlock() throws IOException {
        byte method = frame[CHECKSUM_SIZE];
        if (method != METHOD_LZ4 && method != METHOD_NONE && method != METHOD_ZSTD) {
            throw new ClickHouseError(89, "UNKNOWN_COMPRESSION_METHOD",
                    "Unknown compression method byte: 0x" + HexFormat.of().toHexDigits(method));
        }
        // Sizes are uint32 on the wire; read as long so that values above 2^31 stay "absurd", not negative.
        long compressedSize = getIntLE(frame, CHECKSUM_SIZE + 1) & 0xffffffffL;
        long uncompressedSize = getIntLE(frame, CHECKSUM_SIZE + 5) & 0xffffffffL;
        if (compressedSize < HEADER_SIZE || compressedSize > MAX_BLOCK_SIZE) {
            throw cannotDecompress("Invalid size of compressed block: " + compressedSize
                    + " (it includes the " + HEADER_SIZE + "-byte header, and the limit is " + MAX_BLOCK_SIZE + ")");
        }
        if (uncompressedSize > MAX_BLOCK_SIZE) {
            throw cannotDecompress("Too large size of decompressed block: " + uncompressedSize + ". Most likely corrupted data");
        }
        int payloadSize = (int) compressedSize - HEADER_SIZE;
        int frameSize = CHECKSUM_SIZE + (int) compressedSize;
        if (frame.length < frameSize) {
            byte[] grown = new byte[frameSize];
            System.arraycopy(frame, 0, grown, 0, PAYLOAD_OFFSET);
            frame = grown;
        }
        int got = readUpTo(frame, PAYLOAD_OFFSET, payloadSize);
        if (got < payloadSize) {
            throw cannotReadAllData(got, payloadSize);
        }
        verifyChecksum((int) compressedSize);

        int size = (int) uncompressedSize;
        if (method == METHOD_NONE) {
            if (payloadSize != size) {
                throw cannotDecompress("Stored (NONE) block of " + payloadSize + " bytes declares " + size + " uncompressed bytes");
            }
            current = frame;
            position = PAYLOAD_OFFSET;
            limit = PAYLOAD_OFFSET + size;
            return;
        }
        if (method == METHOD_ZSTD) {
            decodeZstd(payloadSize, size);
            return;
        }
        // LZ4 expands at most ~255x; refuse a header that would make us allocate far beyond that.
        if (size > 256L * payloadSize + 64) {
            throw cannotDecompress("LZ4 block of " + payloadSize + " bytes cannot hold " + size + " uncompressed bytes");
        }
        if (decoded.length < size) {
            decoded = new byte[size];
        }
        int produced;
        try {
            produced = DECOMPRESSOR.decompress(frame, PAYLOAD_OFFSET, payloadSize, decoded, 0, size);
        } catch (LZ4Exception e) {
            throw cannotDecompress("Cannot decompress LZ4 block: " + e.getMessage());
        }
        if (produced != size) {
            throw cannotDecompress("Cannot decompress LZ4 block: got " + produced + " bytes, header declares " + size);
        }
        current = decoded;
        position = 0;
        limit = size;
    }

    /**
     * A ZSTD block. The output buffer grows with what the frame really produces, up to the declared
     * size: a forged header declaring a gigabyte over a few bytes allocates nothing large.
     */
    private void decodeZstd(int payloadSize, int size) throws IOException {
        int filled = 0;
        try (ZstdInputStream zstd = new ZstdInputStream(new ByteArrayInputStream(frame, PAYLOAD_OFFSET, payloadSize))) {
            while (filled < size) {
                if (filled == decoded.length) {
                    decoded = Arrays.copyOf(decoded, (int) Math.min(size, Math.max(1 << 16, 2L * decoded.length)));
                }
                int n = zstd.read(decoded, filled, Math.min(decoded.length, size) - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            if (filled == size && zstd.read() >= 0) {
                throw cannotDecompress("Cannot decompress ZSTD block: more than the " + size + " bytes its header declares");
            }
        } catch (ZstdIOException e) {
            throw cannotDecompress("Cannot decompress ZSTD block: " + e.getMessage());
        }
        if (filled != size) {
            throw cannotDecompress("Cannot decompress ZSTD block: got " + filled + " bytes, header declares " + size);
        }
        current = decoded;
        position = 0;
        limit = size;
    }

    private void verifyChecksum(int compressedSize) {
        CityHash128.hash128(frame, CHECKSUM_SIZE, compressedSize, checksum);
        long expectedLow = getLongLE(frame, 0);
        long expectedHigh = getLongLE(frame, 8);
        if (expectedLow != checksum[0] || expectedHigh != checksum[1]) {
            // Same wording and digit order as ClickHouse: hex(low64) followed by hex(high64).
            HexFormat hex = HexFormat.of();
            throw new ClickHouseError(40, "CHECKSUM_DOESNT_MATCH", "Checksum doesn't match: corrupted data. Reference: "
                    + hex.toHexDigits(expectedLow) + hex.toHexDigits(expectedHigh)
                    + ". Actual: " + hex.toHexDigits(checksum[0]) + hex.toHexDigits(checksum[1])
                    + ". Size of compressed block: " + compressedSize);
        }
    }

    /** Reads until {@code len} bytes or end of stream; returns how many arrived. */
    private int readUpTo(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static ClickHouseError cannotReadAllData(int read, int expected) {
        return new ClickHouseError(33, "CANNOT_READ_ALL_DATA",
                "Cannot read all data. Bytes read: " + read + ". Bytes expected: " + expected + ".");
    }

    private static ClickHouseError cannotDecompress(String message) {
        return new ClickHouseError(271, "CANNOT_DECOMPRESS", message);
    }

    private static int getIntLE(byte[] b, int pos) {
        return (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
    }

    private static long getLongLE(byte[] b, int pos) {
        return (getIntLE(b, pos) & 0xffffffffL) | (long) getIntLE(b, pos + 4) << 32;
    }
}
