package dev.chorm.examples.model;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import dev.chorm.hibernate.annotations.LowCardinality;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A visit: written when it starts (version 1) and again when it ends, with its totals. The
 * ReplacingMergeTree keeps the row with the highest {@code version} per session id when it merges;
 * queries read {@code final(s)} to see only the latest version before that.
 */
@Entity(name = "VisitSession")
@Table(name = "sessions")
@ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "version"),
        orderBy = "id", partitionBy = "toYYYYMM(started_at)")
public class VisitSession {

    @Id
    private Long id;

    @Column(name = "visitor_id")
    private long visitorId;

    @Column(name = "started_at")
    @ColumnType("DateTime64(3, 'UTC')")
    private Instant startedAt;

    @Column(name = "ended_at")
    @ColumnType("DateTime64(3, 'UTC')")
    private Instant endedAt;

    @LowCardinality
    @Column(name = "landing_page", nullable = false)
    private String landingPage;

    @LowCardinality
    @Column(nullable = false)
    private String country;

    @LowCardinality
    @Column(nullable = false)
    private String device;

    @Column(name = "page_views")
    @ColumnType("UInt32")
    private long pageViews;

    @ColumnType("UInt32")
    private long events;

    private boolean converted;

    /** Higher wins: 1 when the visit starts, the number of its hits when it ends. */
    @ColumnType("UInt32")
    private long version;

    protected VisitSession() {
    }

    public VisitSession(long id, long visitorId, Instant startedAt, Instant endedAt, String landingPage, String country,
                        String device, long pageViews, long events, boolean converted, long version) {
        this.id = id;
        this.visitorId = visitorId;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.landingPage = landingPage;
        this.country = country;
        this.device = device;
        this.pageViews = pageViews;
        this.events = events;
        this.converted = converted;
        this.version = version;
    }

    public Long getId() {
        return id;
    }

    public long getVisitorId() {
        return visitorId;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public String getLandingPage() {
        return landingPage;
    }

    public String getCountry() {
        return country;
    }

    public String getDevice() {
        return device;
    }

    public long getPageViews() {
        return pageViews;
    }

    public long getVersion() {
        return version;
    }
}
