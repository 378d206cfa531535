package dev.chorm.examples.model;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.annotations.SkippingIndex;
import dev.chorm.hibernate.id.SnowflakeId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page a visitor loaded: the fact table of the dashboards. Partitioned by month (old months are
 * dropped or moved as a whole), sorted by page and time (the dashboards filter and group by page),
 * with dictionary-encoded dimensions and two skipping indexes for lookups outside the sorting key.
 */
@Entity
@Table(name = "page_views")
@ClickHouseTable(orderBy = {"page", "at", "id"}, partitionBy = "toYYYYMM(at)")
@SkippingIndex(name = "visitor_idx", expression = "visitor_id", type = "bloom_filter(0.01)", granularity = 4)
@SkippingIndex(name = "load_ms_idx", expression = "load_ms", type = "minmax", granularity = 4)
public class PageView {

    @Id
    @SnowflakeId
    private Long id;

    @ColumnType("DateTime64(3, 'UTC')")
    private Instant at;

    @Column(name = "visitor_id")
    private long visitorId;

    @Column(name = "session_id")
    private long sessionId;

    @LowCardinality
    @Column(nullable = false)
    private String page;

    @LowCardinality
    @Column(nullable = false)
    private String referrer;

    @LowCardinality
    @Column(nullable = false)
    private String country;

    @LowCardinality
    @Column(nullable = false)
    private String device;

    @LowCardinality
    @Column(nullable = false)
    private String browser;

    @Column(name = "load_ms")
    @ColumnType("UInt16")
    private int loadMs;

    /** Array(String): experiment and campaign labels of the view. */
    private List<String> tags;

    /** Map(String, String): free-form properties (utm source, screen size, ...). */
    @Composite
    private Map<String, String> properties;

    protected PageView() {
    }

    public PageView(Instant at, long visitorId, long sessionId, String page, String referrer, String country,
                    String device, String browser, int loadMs, List<String> tags, Map<String, String> properties) {
        this.at = at;
        this.visitorId = visitorId;
        this.sessionId = sessionId;
        this.page = page;
        this.referrer = referrer;
        this.country = country;
        this.device = device;
        this.browser = browser;
        this.loadMs = loadMs;
        this.tags = tags;
        this.properties = properties;
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public long getVisitorId() {
        return visitorId;
    }

    public String getPage() {
        return page;
    }

    public String getCountry() {
        return country;
    }

    public int getLoadMs() {
        return loadMs;
    }

    public List<String> getTags() {
        return tags;
    }

    public Map<String, String> getProperties() {
        return properties;
    }
}
