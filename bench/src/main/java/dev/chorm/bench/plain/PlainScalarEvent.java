package dev.chorm.bench.plain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link PlainEvent} without its array and map: the eight columns Hibernate with MySQLDialect can
 * write to ClickHouse (the table's {@code tags} and {@code attributes} keep their defaults).
 */
@Entity
@Table(name = "event_by_hand")
public class PlainScalarEvent {

    @Id
    long id;
    long userId;
    Instant at;
    LocalDate day;
    String country;
    String device;
    int durationMs;
    double amount;

    protected PlainScalarEvent() {
    }

    public PlainScalarEvent(Object[] values) {
        this.id = (Long) values[0];
        this.userId = (Long) values[1];
        this.at = (Instant) values[2];
        this.day = (LocalDate) values[3];
        this.country = (String) values[4];
        this.device = (String) values[5];
        this.durationMs = (Integer) values[6];
        this.amount = (Double) values[7];
    }
}
