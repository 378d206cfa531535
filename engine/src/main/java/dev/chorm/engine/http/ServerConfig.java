package dev.chorm.engine.http;

import java.util.Objects;

/**
 * How the HTTP server listens and whom it serves.
 *
 * @param host                 address to bind; loopback unless the user chose otherwise
 * @param port                 TCP port, 0 for a free one
 * @param user                 the one account's name (ClickHouse's {@code default} when none is configured)
 * @param password             that account's password; empty means none
 * @param readOnlyUser         optional second account limited to reads ({@code readonly=1}), or null
 * @param readOnlyPassword     its password
 * @param maxConcurrentQueries queries run at once; more wait up to {@code queueWaitMillis}
 * @param queueWaitMillis      how long a query waits for a slot before error 202
 * @param maxInsertBytes       largest INSERT body accepted (after decompression)
 * @param displayName          sent as {@code X-ClickHouse-Server-Display-Name}
 * @param ioTimeoutMillis      longest wait for a client's next bytes, or for it to take ours, before its
 *                             connection is cut (ClickHouse's {@code http_receive_timeout} and
 *                             {@code http_send_timeout}): a per-wait limit, so steady long uploads are never cut
 */
public record ServerConfig(String host, int port, String user, String password, String readOnlyUser,
                           String readOnlyPassword, int maxConcurrentQueries, long queueWaitMillis,
                           long maxInsertBytes, String displayName, long ioTimeoutMillis) {

    /** ClickHouse's default {@code http_receive_timeout}. */
    public static final long DEFAULT_IO_TIMEOUT_MILLIS = 30_000;

    public static final String DEFAULT_USER = "default";

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        user = user == null || user.isEmpty() ? DEFAULT_USER : user;
        password = password == null ? "" : password;
        if (readOnlyUser != null && readOnlyUser.equals(user)) {
            throw new IllegalArgumentException("the read-only user must differ from the user '" + user + "'");
        }
        readOnlyPassword = readOnlyPassword == null ? "" : readOnlyPassword;
        if (maxConcurrentQueries < 1) {
            throw new IllegalArgumentException("maxConcurrentQueries must be at least 1, got " + maxConcurrentQueries);
        }
        if (maxInsertBytes < 1) {
            throw new IllegalArgumentException("maxInsertBytes must be positive, got " + maxInsertBytes);
        }
        displayName = displayName == null ? "chorm-embedded" : displayName;
        if (ioTimeoutMillis < 1) {
            throw new IllegalArgumentException("ioTimeoutMillis must be positive, got " + ioTimeoutMillis);
        }
    }

    public static ServerConfig loopback(int port) {
        return new ServerConfig("127.0.0.1", port, null, null, null, null, 32, 30_000, Long.MAX_VALUE, null,
                DEFAULT_IO_TIMEOUT_MILLIS);
    }
}
