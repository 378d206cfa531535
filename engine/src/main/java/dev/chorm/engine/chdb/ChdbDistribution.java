package dev.chorm.engine.chdb;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Finds {@code libchdb.so}: an explicitly configured file, else the per-user cache, else the npm
 * package {@value #PACKAGE} fetched with the machine's {@code npm}, checked against its pinned
 * sha512 integrity and unpacked into the cache.
 *
 * <p>Configuration, first match wins:
 * <ul>
 *   <li>system property {@code chorm.chdb.library} or environment variable
 *       {@code CHORM_CHDB_LIBRARY}: path of an existing {@code libchdb.so};</li>
 *   <li>system property {@code chorm.cache.dir} or environment variable {@code CHORM_CACHE_DIR}:
 *       cache root (default {@code ~/.cache/chorm}); the library lives in
 *       {@code <root>/chdb/<version>/libchdb.so}.</li>
 * </ul>
 * The cache sits outside any build directory so that {@code mvn clean} does not fetch again.
 */
public final class ChdbDistribution {

    public static final String PACKAGE = "@chdb/lib-linux-x64-gnu";
    public static final String VERSION = "26.7.3-stable.1";
    /** The registry's integrity of the package tarball, pinned: a different tarball is refused. */
    static final String INTEGRITY =
            "sha512-XP97mMqnc5tZpKQywR8N7cLTsHNiTmHr30pC5mzo3jWmukjKn2IBa60c2B/gWUNcuFjOMjWoorQICCqBVj5wpw==";
    private static final String LIBRARY_ENTRY = "package/libchdb.so";

    private ChdbDistribution() {
    }

    /** The library file, fetching it first when it is neither configured nor cached. */
    public static Path library() {
        String configured = setting("chorm.chdb.library", "CHORM_CHDB_LIBRARY");
        if (configured != null) {
            Path path = Path.of(configured);
            if (!Files.isRegularFile(path)) {
                throw new ChdbUnavailableException("chorm.chdb.library / CHORM_CHDB_LIBRARY names "
                        + path + ", which is not a file");
            }
            return path;
        }
        Path dir = cacheRoot().resolve("chdb").resolve(VERSION);
        Path library = dir.resolve("libchdb.so");
        if (Files.isRegularFile(library)) {
            return library;
        }
        try {
            Files.createDirectories(dir);
            // Several JVMs (parallel builds, forked test runners) may start at once: one fetches.
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.isRegularFile(library)) {
                    fetchInto(dir, library);
                }
            }
            return library;
        } catch (IOException e) {
            throw new ChdbUnavailableException("could not fetch " + PACKAGE + "@" + VERSION + " into "
                    + dir + ": " + e.getMessage(), e);
        }
    }

    static Path cacheRoot() {
        String configured = setting("chorm.cache.dir", "CHORM_CACHE_DIR");
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("chorm");
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static void fetchInto(Path dir, Path library) throws IOException {
        Path work = Files.createTempDirectory(dir, "fetch-");
        try {
            System.err.println("[chorm] fetching the ClickHouse engine " + PACKAGE + "@" + VERSION
                    + " through npm (about 180 MB, once per machine) into " + dir);
            runNpmPack(work);
            Path tarball;
            try (var files = Files.list(work)) {
                tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack produced no .tgz in " + work));
            }
            Path unpacked = work.resolve("libchdb.so.part");
            String integrity = extractVerified(tarball, unpacked);
            if (!INTEGRITY.equals(integrity)) {
                throw new IOException("integrity mismatch for " + tarball.getFileName() + ": expected "
                        + INTEGRITY + ", got " + integrity);
            }
            unpacked.toFile().setExecutable(true);
            Files.move(unpacked, library, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(work);
        }
    }

    private static void runNpmPack(Path work) throws IOException {
        List<String> command = new ArrayList<>(List.of("npm", "pack", "--silent", PACKAGE + "@" + VERSION));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("npm.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("npm is needed to fetch the engine once (or set CHORM_CHDB_LIBRARY): "
                    + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("npm pack did not finish in 30 minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the engine", e);
        }
        if (process.exitValue() != 0) {
            String log = Files.readString(work.resolve("npm.log"), StandardCharsets.UTF_8);
            throw new IOException("npm pack exited with " + process.exitValue() + ": " + log.strip());
        }
    }

    /**
     * Reads the whole tarball once, computing its sha512 integrity while unpacking the library
     * entry; returns the integrity string in npm's {@code sha512-<base64>} form.
     */
    static String extractVerified(Path tarball, Path target) throws IOException {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        boolean found = false;
        try (InputStream raw = new DigestInputStream(
                new BufferedInputStream(Files.newInputStream(tarball), 1 << 16), sha512);
             InputStream tar = new GZIPInputStream(raw, 1 << 16)) {
            byte[] header = new byte[512];
            while (readFully(tar, header)) {
                if (header[0] == 0) {
                    break; // end-of-archive marker
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                long padded = (size + 511) & ~511L;
                if (name.equals(LIBRARY_ENTRY)) {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        copy(tar, out, size);
                    }
                    skip(tar, padded - size);
                    found = true;
                } else {
                    skip(tar, padded);
                }
            }
            raw.transferTo(OutputStream.nullOutputStream()); // digest the whole file, trailer included
        }
        if (!found) {
            throw new IOException(tarball.getFileName() + " has no " + LIBRARY_ENTRY);
        }
        return "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = in.readNBytes(buffer, 0, buffer.length);
        if (read == 0) {
            return false;
        }
        if (read < buffer.length) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("truncated tar entry");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp directory in the cache is harmless
        }
    }
}
