package dev.chorm.bench.plain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The benchmark row as it is mapped without chorm: plain JPA on a table created by hand, the map
 * as JSON ({@code @JdbcTypeCode(SqlTypes.JSON)}, the usual advice for a map on MySQL), the list left
 * to Hibernate's default for arrays.
 */
@Entity
@Table(name = "event_by_hand")
public class PlainEvent {

    @Id
    long id;
    long userId;
    Instant at;
    LocalDate day;
    String country;
    String device;
    int durationMs;
    double amount;
    List<String> tags;
    @JdbcTypeCode(SqlTypes.JSON)
    Map<String, String> attributes;

    protected PlainEvent() {
    }

    @SuppressWarnings("unchecked")
    public PlainEvent(Object[] values) {
        this.id = (Long) values[0];
        this.userId = (Long) values[1];
        this.at = (Instant) values[2];
        this.day = (LocalDate) values[3];
        this.country = (String) values[4];
        this.device = (String) values[5];
        this.durationMs = (Integer) values[6];
        this.amount = (Double) values[7];
        this.tags = (List<String>) values[8];
        this.attributes = (Map<String, String>) values[9];
    }
}
