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
import java.util.Map;

/**
 * Something a visitor did besides loading a page: {@code landing}, {@code click}, {@code signup},
 * {@code purchase}. Sorted by event name first, so a funnel step reads only its own granules.
 */
@Entity
@Table(name = "events")
@ClickHouseTable(orderBy = {"name", "at", "id"}, partitionBy = "toYYYYMM(at)")
@SkippingIndex(name = "visitor_idx", expression = "visitor_id", type = "bloom_filter(0.01)", granularity = 4)
@SkippingIndex(name = "property_keys_idx", expression = "mapKeys(properties)", type = "bloom_filter(0.01)", granularity = 4)
public class Event {

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
    private String name;

    @LowCardinality
    @Column(nullable = false)
    private String page;

    @LowCardinality
    @Column(nullable = false)
    private String country;

    @LowCardinality
    @Column(nullable = false)
    private String device;

    /** Map(String, String): the event's properties (plan, amount, button, ...). */
    @Composite
    private Map<String, String> properties;

    protected Event() {
    }

    public Event(Instant at, long visitorId, long sessionId, String name, String page, String country, String device,
                 Map<String, String> properties) {
        this.at = at;
        this.visitorId = visitorId;
        this.sessionId = sessionId;
        this.name = name;
        this.page = page;
        this.country = country;
        this.device = device;
        this.properties = properties;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public long getVisitorId() {
        return visitorId;
    }

    public Map<String, String> getProperties() {
        return properties;
    }
}
