package dev.chorm.engine;

/** One embedded server for all engine tests of this JVM (chDB serves one data directory per process). */
final class SharedServer {

    private static EmbeddedClickHouse server;

    private SharedServer() {
    }

    static synchronized EmbeddedClickHouse get() {
        if (server == null) {
            server = EmbeddedClickHouse.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "chorm-test-server-stop"));
        }
        return server;
    }
}
