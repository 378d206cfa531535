package dev.chorm.engine.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed response whose status line is held back until {@code limit} bytes are waiting or the
 * result ends ({@code http_response_buffer_size}). Until then a failing query can still be
 * answered with an HTTP error and {@code X-ClickHouse-Exception-Code}, the only form of error
 * every client understands; a result that ends within the limit goes out with a
 * {@code Content-Length}. Once committed, bytes stream through.
 */
final class HeldResponse extends OutputStream {

    private final HttpExchange exchange;
    private final int limit;
    private final Runnable beforeHeaders;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    private OutputStream body;
    private boolean discarded;

    /** {@code beforeHeaders} sets the response headers; it runs once, just before they are sent. */
    HeldResponse(HttpExchange exchange, int limit, Runnable beforeHeaders) {
        this.exchange = exchange;
        this.limit = Math.max(0, limit);
        this.beforeHeaders = beforeHeaders;
    }

    /** Whether the status line and headers are out: from then on an error can only go in the body. */
    boolean committed() {
        return body != null;
    }

    /** Drops what is held: the request ends with an error response instead. Later writes are ignored. */
    void discard() {
        discarded = true;
        held = null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (discarded) {
            return;
        }
        if (body == null && held.size() + length > limit) {
            commit();
        }
        if (body != null) {
            body.write(data, offset, length);
        } else {
            held.write(data, offset, length);
        }
    }

    @Override
    public void flush() throws IOException {
        if (body != null) {
            body.flush(); // held bytes stay held: flushing an encoder must not commit the response
        }
    }

    /**
     * ClickHouse's tagged exception block (25.11+), written on the wire below every encoding, after
     * which the connection must be cut: clients that know {@code X-ClickHouse-Exception-Tag} read
     * the error, the others see a response without its end.
     */
    void writeException(String tag, String message) throws IOException {
        byte[] text = (message.endsWith("\n") ? message : message + "\n").getBytes(StandardCharsets.UTF_8);
        body.write(("\r\n__exception__\r\n" + tag + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(text);
        body.write((text.length + " " + tag + "\r\n__exception__\r\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    /** Ends the response: sends what is held with its length, or ends the stream. */
    @Override
    public void close() throws IOException {
        if (discarded) {
            return;
        }
        if (body == null) {
            beforeHeaders.run();
            int size = held.size();
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            if (size > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    held.writeTo(out);
                }
            }
            held = null;
            discarded = true;
            return;
        }
        body.close();
    }

    private void commit() throws IOException {
        beforeHeaders.run();
        exchange.sendResponseHeaders(200, 0);
        body = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16);
        held.writeTo(body);
        held = null;
    }
}
