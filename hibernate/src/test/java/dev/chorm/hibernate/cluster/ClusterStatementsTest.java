package dev.chorm.hibernate.cluster;

import dev.chorm.hibernate.schema.AlterCommand;
import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.TableRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden DDL for the statements about an existing table on a cluster: every one carries ON CLUSTER. */
class ClusterStatementsTest {

    private static final TableRef EVENTS_LOCAL = TableRef.of("events_local").onCluster("analytics");

    @Test
    void truncateRunsOnEveryServer() {
        assertThat(DdlRenderer.truncateTable(EVENTS_LOCAL, true)).isEqualTo("TRUNCATE TABLE IF EXISTS events_local ON CLUSTER analytics");
    }

    @Test
    void dropWaitsForTheDataOnEveryServerWhenAskedTo() {
        assertThat(DdlRenderer.dropTable(EVENTS_LOCAL, true, true)).isEqualTo("DROP TABLE IF EXISTS events_local ON CLUSTER analytics SYNC");
    }

    @Test
    void alterAddsTheColumnOnEveryServer() {
        assertThat(DdlRenderer.alterTable(EVENTS_LOCAL, List.of(new AlterCommand.AddColumn(
                ColumnDefinition.of("referrer", "String"), false, null))))
                .isEqualTo("ALTER TABLE events_local ON CLUSTER analytics ADD COLUMN referrer String");
    }

    @Test
    void renameAndExchangeCarryTheClusterOnce() {
        assertThat(DdlRenderer.renameTable(EVENTS_LOCAL, "events_old")).isEqualTo("RENAME TABLE events_local TO events_old ON CLUSTER analytics");
        assertThat(DdlRenderer.exchangeTables(EVENTS_LOCAL, "events_new")).isEqualTo("EXCHANGE TABLES events_local AND events_new ON CLUSTER analytics");
    }

    @Test
    void aClusterNameThatIsNotABareWordIsQuoted() {
        assertThat(DdlRenderer.truncateTable(TableRef.of("t").onCluster("my-cluster"), false)).isEqualTo("TRUNCATE TABLE t ON CLUSTER `my-cluster`");
    }
}
