package dev.chorm.cli.model;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;

/** An entity for the migration commands' tests. */
@Entity
@Table(name = "visits")
@ClickHouseTable(orderBy = {"day", "id"}, partitionBy = "toYYYYMM(day)")
public class Visit {
    @Id Long id;
    @Column(nullable = false) LocalDate day;
    @Column(nullable = false) String page;
}
