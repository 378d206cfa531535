package dev.chorm.hibernate.cluster;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster settings presets, and that the driver hands them to the server as connection settings. */
@ClickHouseTest
class ClusterSettingsTest {

    @Test
    void thePresetsSayWhatTestsAndProductionNeed() {
        assertThat(ClusterSettings.TESTS.toString()).isEqualTo("insert_quorum = 'auto', distributed_foreground_insert = 1,"
                + " alter_sync = 2, mutations_sync = 2, select_sequential_consistency = 1");
        assertThat(ClusterSettings.PRODUCTION.toString()).isEqualTo("insert_quorum = 'auto', distributed_foreground_insert = 0,"
                + " alter_sync = 1, mutations_sync = 2, select_sequential_consistency = 0");
    }

    @Test
    void presetsAreAdjustedOneSettingAtATime() {
        ClusterSettings adjusted = ClusterSettings.PRODUCTION.insertQuorum(2).foregroundInserts(true).sequentialReads(true);
        assertThat(adjusted.jdbcUrlParameters()).isEqualTo("clickhouse_setting_insert_quorum=2&clickhouse_setting_distributed_foreground_insert=1"
                + "&clickhouse_setting_alter_sync=1&clickhouse_setting_mutations_sync=2&clickhouse_setting_select_sequential_consistency=1");
        assertThat(ClusterSettings.PRODUCTION.asMap()).containsEntry("insert_quorum", "'auto'");
        assertThat(adjusted.readSettings().asMap()).containsEntry("select_sequential_consistency", "1");
    }

    @Test
    void badLevelsAreRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> ClusterSettings.TESTS.alterSync(3)).hasMessage("alter_sync must be 0, 1 or 2, got 3");
        assertThatThrownBy(() -> ClusterSettings.TESTS.insertQuorum(-1)).hasMessageContaining("insert_quorum").hasMessageContaining("-1");
    }

    @Test
    void theJdbcUrlParametersReachTheServerAsSessionSettings(TestDatabase db) throws Exception {
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + ClusterSettings.TESTS.insertQuorum(2).jdbcUrlParameters();
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT getSetting('insert_quorum'), getSetting('distributed_foreground_insert'),"
                     + " getSetting('alter_sync'), getSetting('mutations_sync'), getSetting('select_sequential_consistency')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("2");
            assertThat(rs.getString(2)).isIn("1", "true");
            assertThat(rs.getString(3)).isEqualTo("2");
            assertThat(rs.getString(4)).isEqualTo("2");
            assertThat(rs.getString(5)).isIn("1", "true");
        }
    }
}
