package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Codec;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.annotations.SkippingIndex;
import dev.chorm.hibernate.id.SnowflakeId;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Check;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table layout declared on an entity reaches ClickHouse: engine, keys, TTL, settings, indexes, column options. */
@ClickHouseTest
class TableLayoutTest {

    /** The reference backend's Event model (seed 001), with plain Java types where the seed has ClickHouse fields. */
    @Entity(name = "Event")
    @Table(name = "event")
    @ClickHouseTable(orderBy = {"timestamp", "id"}, primaryKey = "timestamp", partitionBy = "toYYYYMMDD(timestamp)",
            settings = {"index_granularity = 1024", "index_granularity_bytes = 1048576",
                    "enable_mixed_granularity_parts = 1"})
    @SkippingIndex(name = "ip_set_idx", expression = "ip", type = "set(1000)", granularity = 4)
    @SkippingIndex(name = "ipv4_bloom_idx", expression = "ipv4", type = "bloom_filter(0.001)", granularity = 1)
    @Check(name = "port_range", constraints = "port >= 0 AND port <= 65535")
    static class Event {
        enum Action { Pass, Drop, Alert }

        @Id @SnowflakeId Long id;
        @Column(nullable = false) InetAddress ip = address("::");
        @Column(nullable = false) Inet4Address ipv4 = (Inet4Address) address("127.0.0.1");
        InetAddress ipNullable;
        @ColumnType("UInt16") int port;
        @LowCardinality @Column(nullable = false) String protocol = "";
        @JdbcTypeCode(SqlTypes.JSON) @Column(nullable = false) Map<String, Object> content = Map.of();
        @Codec({"Delta", "ZSTD(1)"}) Instant timestamp = Instant.now();
        @Column(nullable = false) Instant createdAt = Instant.now();
        @ColumnType("Enum8('Pass' = 1, 'Drop' = 2, 'Alert' = 3)") @Enumerated(EnumType.STRING)
        @Column(nullable = false) Action action = Action.Pass;

        private static InetAddress address(String text) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    @Entity(name = "Profile")
    @ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "revision"), orderBy = "id")
    static class Profile {
        @Id Long id;
        long revision;
        String name;
    }

    @Entity(name = "Lookup")
    @ClickHouseTable(engine = @Engine(EngineKind.MEMORY))
    static class Lookup {
        @Id Long id;
        String label;
    }

    @Entity(name = "Broken")
    @ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "no_such_column"))
    static class Broken {
        @Id Long id;
    }

    @Test
    void theEventModelYieldsTheReferenceTable(TestDatabase db) throws Exception {
        try (EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Event.class)) {
            String ddl = showCreate(db, "event");
            assertThat(ddl)
                    .contains("`ip` IPv6", "`ipv4` IPv4", "`ipNullable` Nullable(IPv6)", "`port` UInt16")
                    .contains("`protocol` LowCardinality(String)", "`content` JSON")
                    .contains("`action` Enum8('Pass' = 1, 'Drop' = 2, 'Alert' = 3)")
                    .contains("`timestamp` DateTime64(6, 'UTC') CODEC(Delta(8), ZSTD(1))")
                    .contains("INDEX ip_set_idx ip TYPE set(1000) GRANULARITY 4")
                    .contains("INDEX ipv4_bloom_idx ipv4 TYPE bloom_filter(0.001) GRANULARITY 1")
                    .contains("CONSTRAINT port_range CHECK (port >= 0) AND (port <= 65535)")
                    .contains("ENGINE = MergeTree")
                    .contains("PARTITION BY toYYYYMMDD(timestamp)")
                    .contains("PRIMARY KEY timestamp")
                    .contains("ORDER BY (timestamp, id)")
                    .contains("index_granularity = 1024", "index_granularity_bytes = 1048576",
                            "enable_mixed_granularity_parts = 1");
            Event event = new Event();
            event.port = 443;
            event.protocol = "HTTPS";
            event.ipNullable = InetAddress.getByName("10.0.0.1");
            event.content = Map.of("path", "/login");
            event.action = Event.Action.Alert;
            Jpa.inTransaction(factory, em -> em.persist(event));
            try (EntityManager em = factory.createEntityManager()) {
                Event read = em.find(Event.class, event.id);
                assertThat(read.port).isEqualTo(443);
                assertThat(read.protocol).isEqualTo("HTTPS");
                assertThat(read.content).containsEntry("path", "/login");
                assertThat(read.action).isEqualTo(Event.Action.Alert);
                assertThat(read.ipv4.getHostAddress()).isEqualTo("127.0.0.1");
            }
            assertThat(db.queryLong("SELECT count() FROM event WHERE action = 'Alert' AND CAST(action, 'Int8') = 3")).isEqualTo(1);
            assertThat(db.queryLong("SELECT count() FROM event WHERE ipNullable = toIPv6('10.0.0.1')")).isEqualTo(1);
        }
    }

    @Test
    void theEventTablePassesSchemaValidation(TestDatabase db) {
        Jpa.factory(db, "drop-and-create", Event.class).close();

        assertThatCode(() -> new HibernatePersistenceConfiguration("validate")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("hibernate.hbm2ddl.auto", "validate")
                .managedClass(Event.class)
                .createEntityManagerFactory().close()).doesNotThrowAnyException();
    }

    @Test
    void aReplacingMergeTreeKeepsTheLatestRevisionOfEachRow(TestDatabase db) throws Exception {
        try (EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Profile.class)) {
            assertThat(showCreate(db, "Profile")).contains("ENGINE = ReplacingMergeTree(revision)");
            for (long revision = 1; revision <= 3; revision++) {
                Profile profile = new Profile();
                profile.id = 7L;
                profile.revision = revision;
                profile.name = "v" + revision;
                Jpa.inTransaction(factory, em -> em.persist(profile)); // a new row per revision: ClickHouse has no upsert
            }
            db.execute("OPTIMIZE TABLE Profile FINAL");
            assertThat(db.queryLong("SELECT count() FROM Profile")).isEqualTo(1);
            assertThat(db.queryLong("SELECT revision FROM Profile")).isEqualTo(3);
        }
    }

    @Test
    void aMemoryTableHasNoSortingKey(TestDatabase db) throws Exception {
        try (EntityManagerFactory factory = Jpa.factory(db, "drop-and-create", Lookup.class)) {
            assertThat(showCreate(db, "Lookup")).contains("ENGINE = Memory").doesNotContain("ORDER BY");
        }
    }

    @Test
    void anInvalidLayoutFailsAtStartupNamingTheEntityAndTheColumn(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "drop-and-create", Broken.class).close())
                .hasStackTraceContaining("entity dev.chorm.hibernate.TableLayoutTest$Broken")
                .hasStackTraceContaining("no_such_column");
    }

    private static String showCreate(TestDatabase db, String table) throws Exception {
        try (Connection connection = db.openConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
