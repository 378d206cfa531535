package dev.chorm.spring.app;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.LowCardinality;
import dev.chorm.hibernate.id.SnowflakeId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "page_visit")
// Spring Boot names columns in snake_case: table expressions use column names.
@ClickHouseTable(orderBy = {"visited_at", "id"}, partitionBy = "toYYYYMM(visited_at)")
public class PageVisit {

    @Id
    @SnowflakeId
    private Long id;
    @LowCardinality
    private String country;
    private String path;
    private long visitorId;
    private int loadMillis;
    @Column(nullable = false)
    private Instant visitedAt;

    protected PageVisit() {
    }

    public PageVisit(String country, String path, long visitorId, int loadMillis, Instant visitedAt) {
        this.country = country;
        this.path = path;
        this.visitorId = visitorId;
        this.loadMillis = loadMillis;
        this.visitedAt = visitedAt;
    }

    public Long getId() {
        return id;
    }

    public String getCountry() {
        return country;
    }

    public String getPath() {
        return path;
    }

    public long getVisitorId() {
        return visitorId;
    }

    public int getLoadMillis() {
        return loadMillis;
    }

    public Instant getVisitedAt() {
        return visitedAt;
    }

    @Override
    public String toString() {
        return "PageVisit[" + country + " " + path + " " + loadMillis + "ms at " + visitedAt + "]";
    }
}
