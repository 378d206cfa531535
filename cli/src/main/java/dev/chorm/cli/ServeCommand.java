package dev.chorm.cli;

import dev.chorm.engine.EmbeddedClickHouse;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code chorm serve}: the embedded engine as a standalone ClickHouse HTTP server, until SIGTERM
 * or SIGINT, after which it stops cleanly and exits with 0.
 */
final class ServeCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return MigrationSettings.merge(Map.of("path", true, "http-port", true, "host", true, "user", true, "password", true,
                "password-file", true, "readonly-user", true, "readonly-password", true, "readonly-password-file", true,
                "keep-free-space", true), Map.of("cluster", true));
    }

    @Override
    public String usage() {
        return "usage: chorm serve --path DIR [--http-port PORT] [--host H]"
                + " [--user U (--password P | --password-file F)]"
                + " [--readonly-user R (--readonly-password RP | --readonly-password-file RF)]"
                + " [--keep-free-space BYTES[K|M|G]] [--cluster NAME[,NAME]]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        if (!options.has("path")) {
            throw new UsageException("--path DIR is required (the data directory, kept across restarts)");
        }
        String password = password(options, "password", "user");
        String readOnlyPassword = password(options, "readonly-password", "readonly-user");
        EmbeddedClickHouse.Builder builder = EmbeddedClickHouse.builder()
                .dataDirectory(Path.of(options.get("path", null)))
                .port(options.port("http-port", 8123))
                .host(options.get("host", "127.0.0.1"));
        if (options.has("keep-free-space")) {
            builder.keepFreeSpace(bytes(options.get("keep-free-space", null)));
        }
        if (options.has("user")) {
            builder.user(options.get("user", null), password);
        }
        // a one-shard cluster of this server, for Distributed tables written for a real cluster (docs/clusters.md)
        for (String cluster : MigrationSettings.list(options.get("cluster", ""))) {
            try {
                builder.cluster(cluster);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--cluster: " + e.getMessage());
            }
        }
        if (options.has("readonly-user")) {
            builder.readOnlyUser(options.get("readonly-user", null), readOnlyPassword);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        EmbeddedClickHouse server;
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            err.println("chorm serve: " + e.getMessage());
            return 1;
        }
        if (!isLoopback(server.host()) && !options.has("user")) {
            err.println("chorm serve: warning: listening on " + options.get("host", null) + " without --user: anyone who can"
                    + " reach this port can read, write and drop every table");
        }
        out.println("listening on " + server.httpUrl());
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        out.println("stopped");
        out.flush();
        return 0;
    }

    /**
     * The password given with {@code --NAME} or read from {@code --NAME-file} (first line; a file
     * keeps it out of the process list, where any local user can read command lines).
     */
    private static String password(Options options, String name, String userOption) {
        String fileOption = name + "-file";
        if (options.has(name) && options.has(fileOption)) {
            throw new UsageException("give --" + name + " or --" + fileOption + ", not both");
        }
        if ((options.has(name) || options.has(fileOption)) && !options.has(userOption)) {
            throw new UsageException("--" + (options.has(name) ? name : fileOption) + " needs --" + userOption);
        }
        if (!options.has(fileOption)) {
            return options.get(name, "");
        }
        Path file = Path.of(options.get(fileOption, null));
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new UsageException("--" + fileOption + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code 123}, {@code 64K}, {@code 512M}, {@code 2G} (binary multiples). */
    static long bytes(String text) {
        String value = text.strip().toUpperCase(java.util.Locale.ROOT);
        int shift = value.endsWith("K") ? 10 : value.endsWith("M") ? 20 : value.endsWith("G") ? 30 : 0;
        try {
            long number = Long.parseLong(shift == 0 ? value : value.substring(0, value.length() - 1));
            if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new UsageException("--keep-free-space must be a size like 500M or 2G, got '" + text + "'");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
