package dev.chorm.engine.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes ClickHouse's native compressed framing, the response body of {@code compress=1}:
 * a sequence of blocks, each {@code checksum(16) | method(1) | compressedSize(4) |
 * uncompressedSize(4) | LZ4 block}, all integers little-endian, compressedSize counting the
 * 9-byte header, checksum = CityHash128 v1.0.2 of header + payload stored low64 then high64.
 *
 * <p>Why blocks: a ClickHouse client decompresses block by block, so the size bounds its
 * buffers; 1 MiB is ClickHouse's own default ({@code max_compress_block_size}).
 * Not thread-safe, like every {@link OutputStream} handed to one response.
 */
final class NativeCompressedOutputStream extends OutputStream {

    static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    static final int CHECKSUM_SIZE = 16;
    static final int HEADER_SIZE = 9;
    static final byte METHOD_LZ4 = (byte) 0x82;

    private static final int PAYLOAD_OFFSET = CHECKSUM_SIZE + HEADER_SIZE;
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();

    private final OutputStream out;
    private final byte[] pending;
    /** One whole frame: checksum, header and the worst-case LZ4 output, reused for every block. */
    private final byte[] frame;
    private final long[] checksum = new long[2];
    private int count;
    private boolean closed;

    NativeCompressedOutputStream(OutputStream out) {
        this(out, DEFAULT_BLOCK_SIZE);
    }

    NativeCompressedOutputStream(OutputStream out, int blockSize) {
        // Readers (ClickHouse and ours) refuse blocks over 1 GiB, so even an incompressible
        // block must stay under that once LZ4 has expanded it.
        if (blockSize <= 0 || blockSize > NativeCompressedInputStream.MAX_BLOCK_SIZE / 2) {
            throw new IllegalArgumentException("block size out of range: " + blockSize);
        }
        this.out = Objects.requireNonNull(out, "out");
        this.pending = new byte[blockSize];
        this.frame = new byte[PAYLOAD_OFFSET + COMPRESSOR.maxCompressedLength(blockSize)];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == pending.length) {
            writeBlock(pending, 0, count);
            count = 0;
        }
        pending[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (count == 0 && len >= pending.length) {
                // A whole block is available in the caller's array: compress it in place, skip the copy.
                writeBlock(b, off, pending.length);
                off += pending.length;
                len -= pending.length;
                continue;
            }
            int n = Math.min(len, pending.length - count);
            System.arraycopy(b, off, pending, count, n);
            count += n;
            off += n;
            len -= n;
            if (count == pending.length) {
                writeBlock(pending, 0, count);
                count = 0;
            }
        }
    }

    /** Emits the partial block, if any (never an empty block), then flushes the underlying stream. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (count > 0) {
            writeBlock(pending, 0, count);
            count = 0;
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            out.close();
        }
    }

    private void writeBlock(byte[] src, int off, int len) throws IOException {
        int compressed = COMPRESSOR.compress(src, off, len, frame, PAYLOAD_OFFSET, frame.length - PAYLOAD_OFFSET);
        int sizeWithHeader = HEADER_SIZE + compressed;
        frame[CHECKSUM_SIZE] = METHOD_LZ4;
        putIntLE(frame, CHECKSUM_SIZE + 1, sizeWithHeader);
        putIntLE(frame, CHECKSUM_SIZE + 5, len);
        CityHash128.hash128(frame, CHECKSUM_SIZE, sizeWithHeader, checksum);
        putLongLE(frame, 0, checksum[0]);
        putLongLE(frame, 8, checksum[1]);
        out.write(frame, 0, CHECKSUM_SIZE + sizeWithHeader);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    static void putIntLE(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        b[pos + 2] = (byte) (v >>> 16);
        b[pos + 3] = (byte) (v >>> 24);
    }

    static void putLongLE(byte[] b, int pos, long v) {
        putIntLE(b, pos, (int) v);
        putIntLE(b, pos + 4, (int) (v >>> 32));
    }
}
