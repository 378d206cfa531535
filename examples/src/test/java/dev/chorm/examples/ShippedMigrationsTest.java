package dev.chorm.examples;

import dev.chorm.examples.model.DailyPageStats;
import dev.chorm.examples.model.Event;
import dev.chorm.examples.model.PageView;
import dev.chorm.examples.model.VisitSession;
import dev.chorm.migrations.EntityModel;
import dev.chorm.migrations.RenameResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShippedMigrationsTest {

    /** Like {@code chorm makemigrations --check} in CI: an entity change without its migration fails here. */
    @Test
    void theShippedMigrationsDescribeTheEntitiesExactly() {
        assertThat(ShippedMigrations.load().changes(
                EntityModel.of(PageView.class, Event.class, VisitSession.class, DailyPageStats.class), RenameResolver.refuse()))
                .isEmpty();
    }

    @Test
    void theShippedMigrationCreatesTheFourTablesWithTheirEngines() {
        String sql = ShippedMigrations.load().sql(1, false);
        assertThat(sql).contains("CREATE TABLE page_views", "CREATE TABLE events", "PARTITION BY toYYYYMM(at)",
                "ENGINE = ReplacingMergeTree(version)", "ENGINE = SummingMergeTree((views, load_ms_total))",
                "tags Array(String)", "properties Map(String, String)", "country LowCardinality(String)",
                "INDEX visitor_idx visitor_id TYPE bloom_filter(0.01) GRANULARITY 4");
    }
}
