package dev.chorm.hibernate.query;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;

/** A plain MergeTree entity (no @ClickHouseTable): no FINAL, no SAMPLE. */
@Entity(name = "Hit")
public class Hit {
    @Id
    Long id;
    String page;
    String country;
    Instant at;
    Integer loadMs;

    protected Hit() {
    }

    Hit(long id, String page, String country, Instant at, Integer loadMs) {
        this.id = id;
        this.page = page;
        this.country = country;
        this.at = at;
        this.loadMs = loadMs;
    }
}
