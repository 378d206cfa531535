package dev.chorm.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The server configuration that gives the embedded engine clusters of its own: each named cluster
 * is one shard with one replica, this engine. With it a {@code Distributed} table over a local
 * table works on one machine, as on a real cluster with a single server.
 *
 * <p>The shard's address is {@code 127.0.0.1} and a port that the engine declares as its native
 * ({@code tcp_port}) port: ClickHouse then knows the shard is itself and runs its part of every
 * query in-process. Nothing listens on that port (chDB serves no native protocol); it is picked
 * free when the file is written, so a query that insists on a network hop
 * ({@code prefer_localhost_replica = 0}) fails with "connection refused" instead of reaching
 * another server.
 *
 * <p>The macros {@code {shard}} ({@code 01}), {@code {replica}} ({@code replica_1}) and, for the
 * first cluster, {@code {cluster}} are set too, as on the servers of {@code cluster/}.
 */
final class ClusterConfig {

    /** A cluster name as ClickHouse's configuration takes it: an XML element name without dots. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private ClusterConfig() {
    }

    /** Refuses a name that cannot be a cluster in the configuration, naming it. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name must be letters, digits, '_' or '-' and not start with a digit"
                    + " or '-' (it becomes an element of the server configuration), got " + (name == null ? null : "'" + name + "'"));
        }
        return name;
    }

    /**
     * Writes the configuration for {@code clusters} into {@code directory} and returns the file. Its
     * name depends only on the cluster names, so that engines opened with the same clusters on the
     * same data directory pass the same configuration.
     */
    static Path write(Path directory, Set<String> clusters) {
        SortedSet<String> names = new TreeSet<>(clusters);
        Path file = directory.resolve("chorm-clusters-" + Integer.toHexString(String.join(",", names).hashCode()) + ".xml");
        try {
            Files.writeString(file, xml(names, freePort()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster configuration " + file, e);
        }
        return file;
    }

    static String xml(SortedSet<String> clusters, int tcpPort) {
        StringBuilder xml = new StringBuilder("<clickhouse>\n")
                .append("  <!-- written by chorm's EmbeddedClickHouse: one shard, one replica (this engine) per cluster -->\n")
                .append("  <tcp_port>").append(tcpPort).append("</tcp_port>\n")
                .append("  <remote_servers>\n");
        for (String name : clusters) {
            xml.append("    <").append(checkName(name)).append(">\n")
                    .append("      <shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host><port>")
                    .append(tcpPort).append("</port></replica></shard>\n")
                    .append("    </").append(name).append(">\n");
        }
        xml.append("  </remote_servers>\n")
                .append("  <macros>\n")
                .append("    <shard>01</shard>\n")
                .append("    <replica>replica_1</replica>\n");
        if (!clusters.isEmpty()) {
            xml.append("    <cluster>").append(clusters.first()).append("</cluster>\n");
        }
        return xml.append("  </macros>\n").append("</clickhouse>\n").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the cluster configuration", e);
        }
    }
}
