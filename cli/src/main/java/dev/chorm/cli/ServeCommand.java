package dev.chorm.cli;

import dev.chorm.engine.EmbeddedClickHouse;
import sun.misc.Signal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code chorm serve}: the embedded engine as a standalone ClickHouse HTTP server, until SIGTERM
 * or SIGINT, after which it stops cleanly and exits with 0.
 */
final class ServeCommand implements Command {

    @Override
    public Map<String, Boolean> options() {
        return Map.of("path", true, "http-port", true, "host", true, "user", true, "password", true,
                "readonly-user", true, "readonly-password", true);
    }

    @Override
    public String usage() {
        return "usage: chorm serve --path DIR [--http-port PORT] [--host H] [--user U --password P]"
                + " [--readonly-user R --readonly-password RP]";
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        if (!options.has("path")) {
            throw new UsageException("--path DIR is required (the data directory, kept across restarts)");
        }
        if (options.has("password") && !options.has("user")) {
            throw new UsageException("--password needs --user");
        }
        if (options.has("readonly-password") && !options.has("readonly-user")) {
            throw new UsageException("--readonly-password needs --readonly-user");
        }
        EmbeddedClickHouse.Builder builder = EmbeddedClickHouse.builder()
                .dataDirectory(Path.of(options.get("path", null)))
                .port(options.port("http-port", 8123))
                .host(options.get("host", "127.0.0.1"));
        if (options.has("user")) {
            builder.user(options.get("user", null), options.get("password", ""));
        }
        if (options.has("readonly-user")) {
            builder.readOnlyUser(options.get("readonly-user", null), options.get("readonly-password", ""));
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
}
