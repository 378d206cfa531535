package dev.chorm.hibernate.jdbc;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * chorm's ClickHouse connections cancel a query whose result set is closed before its end, and
 * only then: a result read to its end costs no KILL.
 */
@ClickHouseTest
class CancelOnEarlyCloseTest {

    private static final String HUGE = "select number from numbers(10000000000)";

    @Test
    void aResultReadToItsEndIsClosedWithoutCancelling(TestDatabase db) throws Exception {
        try (Connection connection = ClickHouseConnections.wrapIfClickHouse(db.openConnection());
             PreparedStatement statement = connection.prepareStatement("select number from numbers(1000)")) {
            ResultSet rs = statement.executeQuery();
            long sum = 0;
            while (rs.next()) {
                sum += rs.getLong(1);
            }
            rs.close();
            assertThat(sum).isEqualTo(499_500L);
            assertThat(CancelOnEarlyClose.cancelledOnClose(rs)).isFalse();
        }
    }

    @Test
    void aPreparedQueryClosedEarlyIsCancelledAndTheConnectionStaysUsable(TestDatabase db) throws Exception {
        try (Connection connection = ClickHouseConnections.wrapIfClickHouse(db.openConnection())) {
            ResultSet rs;
            long start;
            try (PreparedStatement statement = connection.prepareStatement(HUGE)) {
                rs = statement.executeQuery();
                for (int i = 0; i < 10; i++) {
                    assertThat(rs.next()).isTrue();
                }
                assertThat(rs.getStatement()).isSameAs(statement);
                start = System.nanoTime();
                rs.close();
            }
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
            assertThat(CancelOnEarlyClose.cancelledOnClose(rs)).isTrue();
            try (Statement statement = connection.createStatement(); ResultSet one = statement.executeQuery("select 42")) {
                assertThat(one.next()).isTrue();
                assertThat(one.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aPlainStatementClosedWithItsResultOpenCancelsTheQuery(TestDatabase db) throws Exception {
        try (Connection connection = ClickHouseConnections.wrapIfClickHouse(db.openConnection())) {
            Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery(HUGE);
            assertThat(rs.next()).isTrue();
            long start = System.nanoTime();
            statement.close(); // closes its result set first
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
            assertThat(CancelOnEarlyClose.cancelledOnClose(rs)).isTrue();
            assertThat(rs.isClosed()).isTrue();
        }
    }
}
