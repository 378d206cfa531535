package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Distributed;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.engine.jdbc.dialect.spi.DatabaseMetaDataDialectResolutionInfoAdapter;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database using the Replicated database engine is detected from the catalogue when Hibernate
 * connects, and DDL is then written as with {@code chorm.cluster.replicated_database=true}.
 *
 * <p>The embedded engine cannot create a Replicated database (chDB has no interserver address,
 * which the engine requires, and no Keeper), so the detection is run on it against an Atomic
 * database (not detected), and the Replicated outcome is golden DDL from a dialect that detected one.
 */
@ClickHouseTest
class ReplicatedDatabaseDetectionTest {

    @Entity
    @Table(name = "visits")
    @ClickHouseTable(cluster = "analytics", orderBy = {"user_id", "id"}, distributed = @Distributed(shardingKey = "user_id"))
    static class Visit {
        @Id
        Long id;
        @Column(name = "user_id", nullable = false)
        long userId;
    }

    /** The dialect as resolved on a connection to a Replicated database. */
    public static class OnReplicatedDatabase extends ClickHouseDialect {
        @Override
        Boolean replicatedDatabase() {
            return true;
        }
    }

    @Test
    void theCatalogueIsReadOnTheConnectionAndAnAtomicDatabaseIsNotReplicated(TestDatabase db) throws Exception {
        try (Connection connection = db.openConnection()) {
            assertThat(ClusterLayout.detectReplicatedDatabase(new DatabaseMetaDataDialectResolutionInfoAdapter(connection.getMetaData())))
                    .isFalse();
        }
        assertThat(db.queryLong("SELECT count() FROM system.databases WHERE name = currentDatabase() AND engine = 'Atomic'")).isEqualTo(1);
    }

    @Test
    void theDialectHibernateResolvesHasLookedAtTheDatabase(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, null, Visit.class)) {
            ClickHouseDialect dialect = (ClickHouseDialect) factory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
            assertThat(dialect.replicatedDatabase()).isFalse();
        }
    }

    @Test
    void withoutAConnectionNothingIsDetectedAndTheDdlGoesOnCluster() {
        assertThat(ClusterLayout.detectReplicatedDatabase(null)).isNull();
        assertThat(script(ClickHouseDialect.class, Map.of())).first().asString().startsWith("CREATE TABLE visits_local ON CLUSTER analytics");
    }

    @Test
    void aDetectedReplicatedDatabaseGetsDdlWithoutOnClusterAndEnginesWithoutKeeperPaths() {
        assertThat(script(OnReplicatedDatabase.class, Map.of())).containsExactly(
                "CREATE TABLE visits_local (id Int64, user_id Int64) ENGINE = ReplicatedMergeTree ORDER BY (user_id, id)",
                "CREATE TABLE visits (id Int64, user_id Int64) ENGINE = Distributed('analytics', currentDatabase(), 'visits_local', user_id)");
    }

    @Test
    void thePropertyWinsOverDetection() {
        assertThat(script(OnReplicatedDatabase.class, Map.of(ClusterProperties.REPLICATED_DATABASE, "false")))
                .first().asString().startsWith("CREATE TABLE visits_local ON CLUSTER analytics")
                .contains("ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')");
    }

    /** The CREATE statements schema generation writes as a script with {@code dialect}, without a server. */
    private static List<String> script(Class<? extends ClickHouseDialect> dialect, Map<String, ?> properties) {
        StringWriter create = new StringWriter();
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("detection")
                .property("hibernate.dialect", dialect.getName())
                .property("hibernate.boot.allow_jdbc_metadata_access", false)
                .property("hibernate.hbm2ddl.delimiter", ";")
                .property("jakarta.persistence.schema-generation.scripts.action", "create")
                .property("jakarta.persistence.schema-generation.scripts.create-target", create)
                .managedClass(Visit.class);
        properties.forEach(configuration::property);
        configuration.createEntityManagerFactory().close();
        return Arrays.stream(create.toString().split(";")).map(s -> s.strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")"))
                .filter(s -> !s.isEmpty()).toList();
    }
}
