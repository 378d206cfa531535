package dev.chorm.engine.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Holds a whole response for {@code wait_end_of_query=1}: in memory while small, then in a
 * temporary file, so that a result larger than the heap never needs the heap.
 */
final class SpillBuffer extends OutputStream {

    private static final int MEMORY_LIMIT = 8 << 20;

    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (fileOut == null && memory.size() + length > MEMORY_LIMIT) {
            file = Files.createTempFile("chorm-response-", ".bin");
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(data, offset, length);
        } else {
            memory.write(data, offset, length);
        }
        size += length;
    }

    long size() {
        return size;
    }

    /** Copies everything written so far to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        if (fileOut == null) {
            memory.writeTo(out);
            return;
        }
        fileOut.flush();
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            Files.deleteIfExists(file);
        }
    }
}
