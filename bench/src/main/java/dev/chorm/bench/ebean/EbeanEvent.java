package dev.chorm.bench.ebean;

import io.ebean.annotation.DbArray;
import io.ebean.annotation.DbMap;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The benchmark row as an Ebean entity on the same {@code event} table (enhanced at build time by
 * the ebean-maven-plugin; {@code ebean.mf} limits enhancement to this package).
 */
@Entity
@Table(name = "event")
public class EbeanEvent {

    @Id
    private long id;
    private long userId;
    private Instant at;
    private LocalDate day;
    private String country;
    private String device;
    private int durationMs;
    private double amount;
    @DbArray
    private List<String> tags;
    @DbMap
    private Map<String, String> attributes;

    protected EbeanEvent() {
    }

    public EbeanEvent(long id, long userId, Instant at, LocalDate day, String country, String device, int durationMs,
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

    public long getId() {
        return id;
    }

    public List<String> getTags() {
        return tags;
    }

    public Map<String, String> getAttributes() {
        return attributes;
    }
}
