package dev.chorm.bench;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.annotations.LowCardinality;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The benchmark row: ten columns of the kinds analytics tables hold (ids, timestamps,
 * LowCardinality strings, numbers, an array and a map).
 */
@Entity
@Table(name = "event")
@ClickHouseTable(orderBy = {"id"})
public class Event {

    @Id
    long id;
    @Column(nullable = false)
    long userId;
    @Column(nullable = false)
    Instant at;
    @Column(nullable = false)
    LocalDate day;
    @LowCardinality
    @Column(nullable = false)
    String country;
    @LowCardinality
    @Column(nullable = false)
    String device;
    int durationMs;
    double amount;
    @Column(nullable = false)
    List<String> tags;
    @Composite
    @Column(nullable = false)
    Map<String, String> attributes;

    protected Event() {
    }

    Event(long id, long userId, Instant at, LocalDate day, String country, String device, int durationMs,
          double amount, List<String> tags, Map<String, String> attributes) {
        this.id = id;
        this.userId = userId;
        this.at = at;
        this.day = day;
        this.country = country;
        this.device = device;
        this.durationMs = durationMs;
        this.amount = amount;
        this.tags = tags;
        this.attributes = attributes;
    }
}
