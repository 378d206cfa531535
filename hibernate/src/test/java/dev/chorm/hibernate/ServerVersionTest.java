package dev.chorm.hibernate;

import dev.chorm.hibernate.type.EngineSql;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dialect reads the server's version and uses what that version has, down to 24.8 LTS. */
@ClickHouseTest
class ServerVersionTest {

    @Test
    void theDialectKnowsTheVersionOfTheServerItTalksTo(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, null, PageView.class)) {
            var dialect = factory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();

            assertThat(dialect).isInstanceOf(ClickHouseDialect.class);
            String version = dialect.getVersion().getMajor() + "." + dialect.getVersion().getMinor();
            assertThat(version).isEqualTo(EngineSql.value(db,
                    "SELECT concat(splitByChar('.', version())[1], '.', splitByChar('.', version())[2])"));
        }
    }

    @Test
    void olderServersGetTheFallbacksTheirVersionNeeds() {
        ClickHouseDialect lts = new ClickHouseDialect(DatabaseVersion.make(24, 8));
        ClickHouseDialect current = new ClickHouseDialect(DatabaseVersion.make(26, 7));

        assertThat(lts.supportsDistinctFromPredicate()).isFalse();
        assertThat(current.supportsDistinctFromPredicate()).isTrue();
        assertThat(lts.extractPattern(org.hibernate.query.common.TemporalUnit.EPOCH)).doesNotContain("toUnixTimestamp64Second");
        assertThat(current.extractPattern(org.hibernate.query.common.TemporalUnit.EPOCH)).contains("toUnixTimestamp64Second");
    }
}
