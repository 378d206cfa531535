package dev.chorm.spring.twodb.events;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.id.SnowflakeId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.math.BigDecimal;
import java.time.Instant;

/** An event on ClickHouse, referring to a PostgreSQL customer by id. */
@Entity
@ClickHouseTable(orderBy = {"customer_id", "at"})
public class Purchase {

    @Id
    @SnowflakeId
    private Long id;
    private long customerId;
    @Column(precision = 12, scale = 2)
    private BigDecimal amount;
    @Column(nullable = false)
    private Instant at;

    protected Purchase() {
    }

    public Purchase(long customerId, BigDecimal amount, Instant at) {
        this.customerId = customerId;
        this.amount = amount;
        this.at = at;
    }

    public long getCustomerId() {
        return customerId;
    }

    public BigDecimal getAmount() {
        return amount;
    }
}
