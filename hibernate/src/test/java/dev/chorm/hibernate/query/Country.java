package dev.chorm.hibernate.query;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A small lookup table in memory: no parts, so no FINAL, SAMPLE or PREWHERE. */
@Entity(name = "Country")
@ClickHouseTable(engine = @Engine(EngineKind.MEMORY))
public class Country {
    @Id
    String code;
    String name;

    protected Country() {
    }

    Country(String code, String name) {
        this.code = code;
        this.name = name;
    }
}
