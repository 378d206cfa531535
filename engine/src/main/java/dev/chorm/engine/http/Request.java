package dev.chorm.engine.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** One HTTP request read as ClickHouse reads it: who, where, which settings, and the body stream. */
final class Request {

    /** URL parameters that are part of the HTTP protocol, not engine settings. */
    private static final Set<String> PROTOCOL_PARAMETERS = Set.of("query", "database", "default_format", "user",
            "password", "quota_key", "query_id", "session_id", "session_timeout", "session_check", "compress",
            "decompress", "buffer_size", "wait_end_of_query", "role", "stacktrace", "client_protocol_version",
            "with_stacktrace", "enable_http_compression", "http_zlib_compression_level",
            "send_progress_in_http_headers", "http_headers_progress_interval_ms", "http_response_buffer_size",
            "http_wait_end_of_query", "add_http_cors_header");

    final String method;
    final Map<String, String> parameters;
    final Map<String, String> settings = new LinkedHashMap<>();
    final Map<String, String> queryParameters = new LinkedHashMap<>();
    final String queryId;
    /** The authenticated user name. */
    final String user;
    final String database;
    final String defaultFormat;
    final boolean compressResponse;
    final String responseEncoding;
    final boolean waitEndOfQuery;
    /** Bytes of a streamed result held before the status is sent ({@code http_response_buffer_size}). */
    final int responseBufferSize;
    /** Random per request: marks an error block in a body whose status was already sent. */
    final String exceptionTag;
    final String sessionId;
    final int sessionTimeoutSeconds;
    final boolean sessionCheck;
    final int maxQuerySize;
    /** 0 for writers, 1 for the read-only account, 2 for GET (reads and settings only). */
    final int readonly;
    final InputStream body;

    /**
     * Held by default so that a query failing within its first mebibyte of output is answered with
     * an HTTP error, which every driver reads, rather than an error inside a 200 body.
     */
    static final int DEFAULT_RESPONSE_BUFFER = 1 << 20;
    static final int MAX_RESPONSE_BUFFER = 64 << 20;
    private static final SecureRandom TAGS = new SecureRandom();
    private static final char[] TAG_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private Request(HttpExchange exchange, ServerConfig config) {
        method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        parameters = parse(exchange.getRequestURI().getRawQuery());
        Headers headers = exchange.getRequestHeaders();
        user = authenticate(headers, config);
        int access = user.equals(config.readOnlyUser()) ? 1 : 0;
        if (access == 0 && (method.equals("GET") || method.equals("HEAD"))) {
            access = 2; // ClickHouse: GET implies readonly
        }
        readonly = access;
        queryId = nonEmpty(parameters.get("query_id"), UUID.randomUUID().toString());
        String db = parameters.get("database");
        if (db == null) {
            db = headers.getFirst("X-ClickHouse-Database");
        }
        database = db == null || db.isEmpty() ? null : db;
        if (database != null && database.indexOf('\0') >= 0) {
            // The engine's USE would stop at the NUL and select another database.
            throw new ClickHouseError(81, "UNKNOWN_DATABASE", "Database name '" + database.replace('\0', '?')
                    + "' contains a NUL byte: no such database");
        }
        String format = headers.getFirst("X-ClickHouse-Format");
        if (format == null || format.isEmpty()) {
            format = parameters.get("default_format");
        }
        defaultFormat = nonEmpty(format, "TabSeparated");
        compressResponse = flag(parameters.get("compress"));
        waitEndOfQuery = flag(parameters.get("wait_end_of_query"));
        responseBufferSize = integer("http_response_buffer_size", DEFAULT_RESPONSE_BUFFER);
        if (responseBufferSize < 0 || responseBufferSize > MAX_RESPONSE_BUFFER) {
            throw new ClickHouseError(36, "BAD_ARGUMENTS", "http_response_buffer_size must be 0.."
                    + MAX_RESPONSE_BUFFER + ", got " + responseBufferSize);
        }
        exceptionTag = exceptionTag();
        responseEncoding = flag(parameters.get("enable_http_compression"))
                ? chooseEncoding(headers.getFirst("Accept-Encoding")) : null;
        sessionId = parameters.get("session_id");
        sessionTimeoutSeconds = integer("session_timeout", 60);
        sessionCheck = flag(parameters.get("session_check"));
        maxQuerySize = integer("max_query_size", 262_144);
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("param_")) {
                queryParameters.put(name.substring("param_".length()), entry.getValue());
            } else if (!PROTOCOL_PARAMETERS.contains(name)) {
                EngineSession.checkSettingName(name);
                settings.put(name, entry.getValue());
            }
        }
        if (access == 1 && settings.containsKey("readonly")) {
            throw new ClickHouseError(164, "READONLY", "Cannot modify 'readonly' setting in readonly mode");
        }
        body = decodedBody(exchange, headers, flag(parameters.get("decompress")));
    }

    /** Parses and authenticates a request; the body is not read yet. */
    static Request read(HttpExchange exchange, ServerConfig config) {
        return new Request(exchange, config);
    }

    private static String exceptionTag() {
        byte[] random = new byte[16];
        TAGS.nextBytes(random);
        char[] tag = new char[random.length];
        for (int i = 0; i < random.length; i++) {
            tag[i] = TAG_CHARACTERS[(random[i] & 0xff) % TAG_CHARACTERS.length];
        }
        return new String(tag);
    }

    boolean hasSession() {
        return sessionId != null && !sessionId.isEmpty();
    }

    /**
     * Finds the credentials (Basic auth, X-ClickHouse-User/Key headers, or user/password URL
     * parameters: one way only, as ClickHouse demands) and checks them; returns the user name.
     */
    private String authenticate(Headers headers, ServerConfig config) {
        String user = null;
        String password = null;
        int ways = 0;
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ClickHouseError(516, "AUTHENTICATION_FAILED", "Invalid Basic authorization header");
            }
            int colon = decoded.indexOf(':');
            user = colon < 0 ? decoded : decoded.substring(0, colon);
            password = colon < 0 ? "" : decoded.substring(colon + 1);
            ways++;
        }
        String headerUser = headers.getFirst("X-ClickHouse-User");
        String headerKey = headers.getFirst("X-ClickHouse-Key");
        if (headerUser != null || headerKey != null) {
            user = headerUser;
            password = headerKey;
            ways++;
        }
        if (parameters.containsKey("user") || parameters.containsKey("password")) {
            user = parameters.get("user");
            password = parameters.get("password");
            ways++;
        }
        if (ways > 1) {
            throw new ClickHouseError(516, "AUTHENTICATION_FAILED", "Invalid authentication: it is not allowed "
                    + "to use more than one of Authorization header, X-ClickHouse-User/Key headers and URL parameters");
        }
        String name = user == null || user.isEmpty() ? ServerConfig.DEFAULT_USER : user;
        String given = password == null ? "" : password;
        if (name.equals(config.user()) && same(given, config.password())) {
            return name;
        }
        if (name.equals(config.readOnlyUser()) && same(given, config.readOnlyPassword())) {
            return name;
        }
        // Never name the password, right or wrong.
        throw new ClickHouseError(516, "AUTHENTICATION_FAILED",
                name + ": Authentication failed: password is incorrect, or there is no user with such name.");
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private InputStream decodedBody(HttpExchange exchange, Headers headers, boolean decompress) {
        InputStream in = exchange.getRequestBody();
        String encoding = headers.getFirst("Content-Encoding");
        try {
            if (encoding != null && !encoding.isBlank()) {
                switch (encoding.trim().toLowerCase(Locale.ROOT)) {
                    case "gzip", "x-gzip" -> in = new GZIPInputStream(in, 1 << 16);
                    case "deflate" -> in = new InflaterInputStream(in);
                    case "zstd" -> in = new ZstdInputStream(in);
                    case "identity", "none" -> {
                    }
                    default -> throw new ClickHouseError(36, "BAD_ARGUMENTS",
                            "Unknown HTTP content encoding '" + encoding + "'; the embedded server accepts gzip, deflate and zstd");
                }
            }
        } catch (IOException e) {
            throw new ClickHouseError(354, "CANNOT_DECOMPRESS", "Cannot read " + encoding + " request body: " + e.getMessage());
        }
        return decompress ? new NativeCompressedInputStream(in) : in;
    }

    private int integer(String name, int fallback) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ClickHouseError(72, "CANNOT_PARSE_NUMBER", "Cannot parse '" + value + "' as a number for " + name);
        }
    }

    private static String chooseEncoding(String accept) {
        if (accept == null) {
            return null;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        if (lower.contains("gzip")) {
            return "gzip";
        }
        if (lower.contains("deflate")) {
            return "deflate";
        }
        if (lower.contains("zstd")) {
            return "zstd";
        }
        return null;
    }

    static boolean flag(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    static Map<String, String> parse(String rawQuery) {
        Map<String, String> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                result.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ClickHouseError(36, "BAD_ARGUMENTS", "Malformed URL parameter '" + name + "': " + e.getMessage());
            }
        }
        return result;
    }
}
