package dev.chorm.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.internal.CompressedBlockInputStream;
import com.clickhouse.client.api.internal.CompressedBlockOutputStream;
import com.clickhouse.data.ClickHouseCityHash;
import com.clickhouse.data.stream.Lz4InputStream;
import com.clickhouse.data.stream.Lz4OutputStream;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Native compressed framing in both directions, with the official driver as the oracle.
 *
 * <p>Oracles: client-v2's {@link CompressedBlockInputStream} / {@link CompressedBlockOutputStream.LZ4OutputStream}
 * (what clickhouse-jdbc 0.11 wraps around HTTP bodies for {@code compress=1} responses and
 * {@code decompress=1} requests), and the older client's {@link Lz4InputStream} / {@link Lz4OutputStream}
 * from clickhouse-data (same framing, independent code). All four have public constructors.
 */
class NativeCompressionTest {

    private static final int MIB = 1 << 20;
    /** client-v2's default buffer, {@code CompressedBlockOutputStream.UNCOMPRESSED_BUFF_SIZE}. */
    private static final int DRIVER_BUFFER = CompressedBlockOutputStream.UNCOMPRESSED_BUFF_SIZE;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("1 byte", new byte[] {42}),
                Arguments.of("one driver block", random(1, DRIVER_BUFFER)),
                Arguments.of("driver block + 1", random(2, DRIVER_BUFFER + 1)),
                Arguments.of("one block", random(3, MIB)),
                Arguments.of("block + 1", random(4, MIB + 1)),
                Arguments.of("5 MiB random", random(5, 5 * MIB + 17)),
                Arguments.of("5 MiB compressible", compressible(5 * MIB + 3)));
    }

    // ---- our output stream, decoded by the driver ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void driverDecodesOurOutput(String name, byte[] payload) throws IOException {
        byte[] framed = compressWithOurs(payload, NativeCompressedOutputStream.DEFAULT_BLOCK_SIZE, false);

        assertThat(drain(new CompressedBlockInputStream(
                new ByteArrayInputStream(framed), LZ4.fastDecompressor(), DRIVER_BUFFER))).isEqualTo(payload);
        assertThat(drain(new Lz4InputStream(new ByteArrayInputStream(framed)))).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void driverDecodesOurOutputWrittenPiecemealInSmallBlocks(String name, byte[] payload) throws IOException {
        // Odd chunk sizes and single-byte writes against a small block size: many block boundaries.
        byte[] framed = compressWithOurs(payload, 4093, true);

        assertThat(drain(new CompressedBlockInputStream(
                new ByteArrayInputStream(framed), LZ4.fastDecompressor(), DRIVER_BUFFER))).isEqualTo(payload);
    }

    @Test
    void ourBlocksAreByteForByteTheDriversBlocks() throws IOException {
        // Same LZ4 compressor, same block size: identical bytes pin down header layout and checksum order.
        byte[] payload = compressible(3 * DRIVER_BUFFER + 100);
        ByteArrayOutputStream driver = new ByteArrayOutputStream();
        try (OutputStream out = new CompressedBlockOutputStream.LZ4OutputStream(driver, LZ4.fastCompressor(), DRIVER_BUFFER)) {
            out.write(payload);
        }
        assertThat(compressWithOurs(payload, DRIVER_BUFFER, false)).isEqualTo(driver.toByteArray());
    }

    // ---- the driver's output stream, decoded by ours ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void weDecodeTheClientV2Output(String name, byte[] payload) throws IOException {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (OutputStream out = new CompressedBlockOutputStream.LZ4OutputStream(framed, LZ4.fastCompressor(), DRIVER_BUFFER)) {
            // client-v2 sizes its LZ4 target as exactly the buffer size, so a full buffer of
            // incompressible bytes makes it fail (LZ4Exception); flushing before the buffer is full
            // keeps every block compressible into that space. ClickHouse itself has no such limit.
            writeInChunks(out, payload, DRIVER_BUFFER - 1024, true);
        }

        assertThat(drain(new NativeCompressedInputStream(new ByteArrayInputStream(framed.toByteArray())))).isEqualTo(payload);
        assertThat(readInSmallPieces(new NativeCompressedInputStream(new ByteArrayInputStream(framed.toByteArray()))))
                .isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void weDecodeTheLegacyClientOutput(String name, byte[] payload) throws IOException {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (OutputStream out = new Lz4OutputStream(framed, DRIVER_BUFFER, null)) {
            out.write(payload);
        }
        assertThat(drain(new NativeCompressedInputStream(new ByteArrayInputStream(framed.toByteArray())))).isEqualTo(payload);
    }

    @Test
    void weDecodeStoredBlocks() throws IOException {
        // The driver never writes method NONE (0x02), so these frames are built here; their
        // checksums come from the driver's CityHash.
        byte[] first = "stored ".getBytes(StandardCharsets.US_ASCII);
        byte[] second = random(6, 70_000);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(frame(NativeCompressedInputStream.METHOD_NONE, first, first.length));
        framed.write(frame(NativeCompressedInputStream.METHOD_NONE, new byte[0], 0));
        framed.write(compressWithOurs(second, MIB, false));

        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(drain(new NativeCompressedInputStream(new ByteArrayInputStream(framed.toByteArray())))).isEqualTo(expected);
    }

    // ---- stream behaviour ----

    @Test
    void flushEmitsThePartialBlockButNeverAnEmptyOne() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        NativeCompressedOutputStream out = new NativeCompressedOutputStream(sink);
        out.flush();
        assertThat(sink.size()).isZero();

        out.write(new byte[] {1, 2, 3});
        assertThat(sink.size()).isZero();
        out.flush();
        int oneBlock = sink.size();
        assertThat(oneBlock).isGreaterThan(25);
        out.flush();
        out.close();
        assertThat(sink.size()).isEqualTo(oneBlock);
        assertThat(drain(new NativeCompressedInputStream(new ByteArrayInputStream(sink.toByteArray()))))
                .containsExactly(1, 2, 3);
        assertThatThrownBy(() -> out.write(4)).isInstanceOf(IOException.class);
    }

    @Test
    void closeClosesTheUnderlyingStreams() throws IOException {
        boolean[] closed = new boolean[2];
        new NativeCompressedOutputStream(new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        }).close();
        new NativeCompressedInputStream(new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[1] = true;
            }
        }).close();
        assertThat(closed).containsExactly(true, true);
    }

    @Test
    void emptyBodyIsAnImmediateEndOfStream() throws IOException {
        NativeCompressedInputStream in = new NativeCompressedInputStream(new ByteArrayInputStream(new byte[0]));
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
    }

    // ---- corruption ----

    @Test
    void flippedChecksumByteIsChecksumDoesntMatch() throws IOException {
        byte[] framed = compressWithOurs(compressible(10_000), MIB, false);
        framed[3] ^= 0x10;
        assertError(framed, 40, "CHECKSUM_DOESNT_MATCH", e -> assertThat(e.getMessage())
                .matches("Checksum doesn't match: corrupted data\\. Reference: [0-9a-f]{32}\\. Actual: [0-9a-f]{32}\\. "
                        + "Size of compressed block: " + (framed.length - 16)));
    }

    @Test
    void flippedPayloadByteIsChecksumDoesntMatch() throws IOException {
        byte[] framed = compressWithOurs(random(7, 3000), MIB, false);
        framed[25 + 1000] ^= 0x01;
        assertError(framed, 40, "CHECKSUM_DOESNT_MATCH", e -> { });
    }

    @Test
    void checksumMessageShowsLow64ThenHigh64LikeClickHouse() throws IOException {
        byte[] framed = compressWithOurs(compressible(500), MIB, false);
        long[] actual = ClickHouseCityHash.cityHash128(framed, 16, framed.length - 16);
        Arrays.fill(framed, 0, 16, (byte) 0);
        assertError(framed, 40, "CHECKSUM_DOESNT_MATCH", e -> assertThat(e.getMessage()).contains(
                "Reference: " + "0".repeat(32) + ". Actual: " + String.format("%016x%016x", actual[0], actual[1]) + "."));
    }

    @Test
    void truncationInsideHeaderIsCannotReadAllData() throws IOException {
        byte[] framed = compressWithOurs(random(8, 2 * 4096), 4096, false);
        assertError(Arrays.copyOf(framed, 10), 33, "CANNOT_READ_ALL_DATA", e -> { });
        // ...also at the start of a later block: whole first block, then part of the second header.
        int firstBlock = 16 + intLE(framed, 17);
        assertError(Arrays.copyOf(framed, firstBlock + 20), 33, "CANNOT_READ_ALL_DATA", e -> { });
    }

    @Test
    void truncationInsidePayloadIsCannotReadAllData() throws IOException {
        byte[] framed = compressWithOurs(random(9, 5000), MIB, false);
        assertError(Arrays.copyOf(framed, framed.length - 1), 33, "CANNOT_READ_ALL_DATA",
                e -> assertThat(e.getMessage()).startsWith("Cannot read all data."));
    }

    @Test
    void unknownMethodIsUnknownCompressionMethod() throws IOException {
        byte[] framed = frame((byte) 0x07, new byte[] {1, 2, 3}, 3);
        assertError(framed, 89, "UNKNOWN_COMPRESSION_METHOD", e -> { });
    }

    @Test
    void zstdBlocksDecodeToTheirPayload() throws IOException {
        byte[] first = random(21, 300_000);
        byte[] second = "a line of text\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] framed = concat(frame((byte) 0x90, Zstd.compress(first, 3), first.length),
                frame((byte) 0x90, Zstd.compress(second, 19), second.length));
        assertThat(drain(new NativeCompressedInputStream(new ByteArrayInputStream(framed)))).isEqualTo(concat(first, second));
    }

    @Test
    void aCorruptZstdBlockWithAValidChecksumIsCannotDecompress() throws IOException {
        byte[] payload = random(22, 10_000);
        byte[] compressed = Zstd.compress(payload, 3);
        Arrays.fill(compressed, 4, compressed.length - 4, (byte) 0x5a); // garbage after the magic number
        assertError(frame((byte) 0x90, compressed, payload.length), 271, "CANNOT_DECOMPRESS", e -> { });
    }

    @Test
    void aZstdBlockProducingOtherThanItsDeclaredSizeIsCannotDecompress() throws IOException {
        byte[] payload = random(23, 10_000);
        byte[] compressed = Zstd.compress(payload, 3);
        assertError(frame((byte) 0x90, compressed, payload.length - 1), 271, "CANNOT_DECOMPRESS", e -> { });
        assertError(frame((byte) 0x90, compressed, payload.length + 1), 271, "CANNOT_DECOMPRESS", e -> { });
    }

    @Test
    void aZstdHeaderDeclaringAGigabyteOverAFewBytesAllocatesNothingLarge() throws IOException {
        byte[] compressed = Zstd.compress(new byte[100], 3);
        long before = usedHeap();
        assertError(frame((byte) 0x90, compressed, (1 << 30) - 1), 271, "CANNOT_DECOMPRESS",
                e -> assertThat(e.getMessage()).contains("got 100 bytes"));
        assertThat(usedHeap() - before).as("heap grown").isLessThan(256L << 20);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void absurdSizesAreCannotDecompress() throws IOException {
        byte[] small = frame(NativeCompressedInputStream.METHOD_NONE, new byte[0], 0);
        putIntLE(small, 17, 8);
        assertError(small, 271, "CANNOT_DECOMPRESS", e -> { });

        byte[] huge = frame(NativeCompressedInputStream.METHOD_LZ4, new byte[] {0}, 0);
        putIntLE(huge, 17, (1 << 30) + 1);
        assertError(huge, 271, "CANNOT_DECOMPRESS", e -> { });
        putIntLE(huge, 17, -1); // 4 GiB - 1 as uint32
        assertError(huge, 271, "CANNOT_DECOMPRESS", e -> { });

        byte[] hugeUncompressed = frame(NativeCompressedInputStream.METHOD_LZ4, new byte[] {0}, (1 << 30) + 1);
        assertError(hugeUncompressed, 271, "CANNOT_DECOMPRESS", e -> { });
    }

    @Test
    void undecodableLz4IsCannotDecompress() throws IOException {
        // A valid checksum over garbage: only the LZ4 decoder can object.
        assertError(frame(NativeCompressedInputStream.METHOD_LZ4, new byte[] {(byte) 0xff, 1, 2, 3}, 100),
                271, "CANNOT_DECOMPRESS", e -> { });
        // Well-formed LZ4 that decodes to fewer bytes than the header declares.
        byte[] lz4 = LZ4.fastCompressor().compress(new byte[100]);
        assertError(frame(NativeCompressedInputStream.METHOD_LZ4, lz4, 101), 271, "CANNOT_DECOMPRESS", e -> { });
        // A stored block whose sizes disagree.
        assertError(frame(NativeCompressedInputStream.METHOD_NONE, new byte[] {1, 2}, 3), 271, "CANNOT_DECOMPRESS", e -> { });
    }

    // ---- helpers ----

    private static void assertError(byte[] framed, int code, String name, ThrowingConsumer<ClickHouseError> more) {
        assertThatThrownBy(() -> drain(new NativeCompressedInputStream(new ByteArrayInputStream(framed))))
                .isInstanceOfSatisfying(ClickHouseError.class, e -> {
                    assertThat(e.code).as("code").isEqualTo(code);
                    assertThat(e.name).as("name").isEqualTo(name);
                    try {
                        more.accept(e);
                    } catch (Throwable t) {
                        throw new AssertionError(t);
                    }
                });
    }

    /** One frame built by hand: checksum (driver's CityHash) + method + sizes + payload as given. */
    private static byte[] frame(byte method, byte[] payload, int uncompressedSize) {
        byte[] f = new byte[25 + payload.length];
        f[16] = method;
        putIntLE(f, 17, 9 + payload.length);
        putIntLE(f, 21, uncompressedSize);
        System.arraycopy(payload, 0, f, 25, payload.length);
        long[] h = ClickHouseCityHash.cityHash128(f, 16, 9 + payload.length);
        putLongLE(f, 0, h[0]);
        putLongLE(f, 8, h[1]);
        return f;
    }

    private static byte[] compressWithOurs(byte[] payload, int blockSize, boolean piecemeal) throws IOException {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (OutputStream out = new NativeCompressedOutputStream(framed, blockSize)) {
            if (piecemeal) {
                writeInChunks(out, payload, 7777, false);
            } else {
                out.write(payload);
            }
        }
        return framed.toByteArray();
    }

    /** Writes chunks of {@code chunk} bytes, each followed by one single-byte write (or a flush). */
    private static void writeInChunks(OutputStream out, byte[] payload, int chunk, boolean flushEach) throws IOException {
        int pos = 0;
        while (pos < payload.length) {
            int n = Math.min(chunk, payload.length - pos);
            out.write(payload, pos, n);
            pos += n;
            if (flushEach) {
                out.flush();
            } else if (pos < payload.length) {
                out.write(payload[pos++]);
            }
        }
    }

    private static byte[] drain(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] readInSmallPieces(InputStream in) throws IOException {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        byte[] piece = new byte[1000];
        while (true) {
            int b = in.read(); // alternate single-byte reads with odd-sized bulk reads
            if (b < 0) {
                break;
            }
            result.write(b);
            int n = in.read(piece, 3, 997);
            if (n < 0) {
                break;
            }
            result.write(piece, 3, n);
        }
        return result.toByteArray();
    }

    private static byte[] random(long seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Text-like rows: repetitive enough for LZ4 to shrink a lot, varied enough not to be trivial. */
    private static byte[] compressible(int length) {
        byte[] data = new byte[length];
        Random random = new Random(99);
        byte[] row = new byte[0];
        for (int pos = 0; pos < length; pos += row.length) {
            row = ("row " + random.nextInt(1000) + "\tvalue\t" + (pos % 97) + "\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(row, 0, data, pos, Math.min(row.length, length - pos));
        }
        return data;
    }

    private static int intLE(byte[] b, int pos) {
        return (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
    }

    private static void putIntLE(byte[] b, int pos, int v) {
        for (int i = 0; i < 4; i++) {
            b[pos + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void putLongLE(byte[] b, int pos, long v) {
        for (int i = 0; i < 8; i++) {
            b[pos + i] = (byte) (v >>> (8 * i));
        }
    }
}
