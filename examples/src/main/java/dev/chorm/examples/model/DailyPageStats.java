package dev.chorm.examples.model;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Views and load time per day, page and country. Each ingest batch adds its partial sums as new
 * rows; the SummingMergeTree adds up rows with the same key when it merges, so the table stays
 * small however many batches arrive. Read it with {@code sum(...)}: merges happen eventually.
 */
@Entity
@Table(name = "daily_page_stats")
@IdClass(DailyPageStats.Key.class)
@ClickHouseTable(engine = @Engine(value = EngineKind.SUMMING_MERGE_TREE, columns = {"views", "load_ms_total"}),
        orderBy = {"day", "page", "country"}, partitionBy = "toYYYYMM(day)")
public class DailyPageStats {

    @Id
    private LocalDate day;

    // chorm ignores @LowCardinality on the ids of an @IdClass entity today: the column type is spelled out
    @Id
    @Column(columnDefinition = "LowCardinality(String)")
    private String page;

    @Id
    @Column(columnDefinition = "LowCardinality(String)")
    private String country;

    private long views;

    @Column(name = "load_ms_total")
    private long loadMsTotal;

    protected DailyPageStats() {
    }

    public DailyPageStats(LocalDate day, String page, String country, long views, long loadMsTotal) {
        this.day = day;
        this.page = page;
        this.country = country;
        this.views = views;
        this.loadMsTotal = loadMsTotal;
    }

    /** The sorting key, which is also the identity of a summed row. */
    public static class Key implements Serializable {
        private LocalDate day;
        private String page;
        private String country;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(day, k.day) && Objects.equals(page, k.page)
                    && Objects.equals(country, k.country);
        }

        @Override
        public int hashCode() {
            return Objects.hash(day, page, country);
        }
    }
}
