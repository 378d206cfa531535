package dev.chorm.engine;

import org.junit.jupiter.api.Test;

import java.util.TreeSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configuration behind {@link EmbeddedClickHouse.Builder#cluster}. It is run on the engine by
 * the test module's {@code ClusterTestDatabaseTest} and the hibernate and migrations cluster tests
 * (this module's tests share one engine without clusters, and chDB takes one configuration per process).
 */
class ClusterConfigTest {

    @Test
    void eachClusterIsOneShardWhoseReplicaIsThisEngine() {
        assertThat(ClusterConfig.xml(new TreeSet<>(List.of("analytics", "chorm")), 41234)).isEqualTo("""
                <clickhouse>
                  <!-- written by chorm's EmbeddedClickHouse: one shard, one replica (this engine) per cluster -->
                  <tcp_port>41234</tcp_port>
                  <remote_servers>
                    <analytics>
                      <shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host><port>41234</port></replica></shard>
                    </analytics>
                    <chorm>
                      <shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host><port>41234</port></replica></shard>
                    </chorm>
                  </remote_servers>
                  <macros>
                    <shard>01</shard>
                    <replica>replica_1</replica>
                    <cluster>analytics</cluster>
                  </macros>
                </clickhouse>
                """);
    }

    @Test
    void aNameThatCannotBeAConfigurationElementIsRefusedNamingIt() {
        assertThatThrownBy(() -> EmbeddedClickHouse.builder().cluster("my cluster"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'my cluster'");
        assertThatThrownBy(() -> EmbeddedClickHouse.builder().cluster("a.b")).hasMessageContaining("'a.b'");
        assertThatThrownBy(() -> EmbeddedClickHouse.builder().cluster("1st")).hasMessageContaining("'1st'");
        EmbeddedClickHouse.builder().cluster("my-cluster_2");
    }
}
