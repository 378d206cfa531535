package dev.chorm.hibernate.cluster;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Distributed;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The clustered version of a small analytics model, as docs/clusters.md shows it. */
final class ClusterEntities {

    private ClusterEntities() {
    }

    /** Sharded by user: a Replicated local table plus a Distributed table. */
    @Entity
    @Table(name = "events")
    @ClickHouseTable(cluster = "analytics", orderBy = {"user_id", "id"}, partitionBy = "toYYYYMM(at)",
            distributed = @Distributed(shardingKey = "cityHash64(user_id)"))
    static class Event {
        @Id
        Long id;
        @jakarta.persistence.Column(name = "user_id", nullable = false)
        long userId;
        @jakarta.persistence.Column(nullable = false)
        String page;
        @jakarta.persistence.Column(nullable = false)
        Instant at;

        protected Event() {
        }

        Event(long id, long userId, String page, Instant at) {
            this.id = id;
            this.userId = userId;
            this.page = page;
            this.at = at;
        }
    }

    /** Replicated on every server of the cluster, not sharded: a small dimension table. */
    @Entity
    @Table(name = "users")
    @ClickHouseTable(cluster = "analytics", engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "version"))
    static class User {
        @Id
        Long id;
        @jakarta.persistence.Column(nullable = false)
        String name;
        @jakarta.persistence.Column(nullable = false)
        long version;

        protected User() {
        }
    }

    /** No annotation: on a cluster only through the {@code chorm.cluster} property. */
    @Entity
    @Table(name = "counters")
    static class Counter {
        @Id
        Long id;
        @jakarta.persistence.Column(nullable = false)
        long hits;

        protected Counter() {
        }
    }

    /** Distributed without a cluster: refused. */
    @Entity
    @Table(name = "orphans")
    @ClickHouseTable(distributed = @Distributed(shardingKey = "id"))
    static class Orphan {
        @Id
        Long id;
    }

    /** Distributed with an empty sharding key: refused. */
    @Entity
    @Table(name = "keyless")
    @ClickHouseTable(cluster = "analytics", distributed = @Distributed(shardingKey = " "))
    static class Keyless {
        @Id
        Long id;
    }
}
