package dev.chorm.bench.ebean;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link EbeanEvent} without its array and map: the eight columns Ebean's ClickHouse platform can write
 * (the table's {@code tags} and {@code attributes} keep their defaults).
 */
@Entity
@Table(name = "event")
public class EbeanScalarEvent {

    @Id
    private long id;
    private long userId;
    private Instant at;
    private LocalDate day;
    private String country;
    private String device;
    private int durationMs;
    private double amount;

    protected EbeanScalarEvent() {
    }

    public EbeanScalarEvent(long id, long userId, Instant at, LocalDate day, String country, String device,
                            int durationMs, double amount) {
        this.id = id;
        this.userId = userId;
        this.at = at;
        this.day = day;
        this.country = country;
        this.device = device;
        this.durationMs = durationMs;
        this.amount = amount;
    }

    public long getId() {
        return id;
    }

    public String getDevice() {
        return device;
    }
}
