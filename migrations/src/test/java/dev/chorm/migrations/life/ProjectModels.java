package dev.chorm.migrations.life;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import dev.chorm.hibernate.annotations.SkippingIndex;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Check;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One entity, {@code events}, as a project's model evolves: each nested class is the model at one step. */
public final class ProjectModels {

    private ProjectModels() {
    }

    /** Step 1: the initial model. */
    @Entity(name = "Events1")
    @Table(name = "events")
    public static class V1 {
        @Id Long id;
        @Column(nullable = false) String name;
        @Column(nullable = false) int quantity;
    }

    /** Step 2: columns of several types added. */
    @Entity(name = "Events2")
    @Table(name = "events")
    public static class V2 {
        @Id Long id;
        @Column(nullable = false) String name;
        @Column(nullable = false) int quantity;
        @Column(precision = 18, scale = 2) BigDecimal price;
        @Column(nullable = false) boolean active;
        LocalDate day;
    }

    /** Step 3: an index and a constraint. */
    @Entity(name = "Events3")
    @Table(name = "events")
    @SkippingIndex(name = "name_idx", expression = "name", type = "bloom_filter(0.01)", granularity = 1)
    @Check(name = "quantity_positive", constraints = "quantity >= 0")
    public static class V3 {
        @Id Long id;
        @Column(nullable = false) String name;
        @Column(nullable = false) int quantity;
        @Column(precision = 18, scale = 2) BigDecimal price;
        @Column(nullable = false) boolean active;
        LocalDate day;
    }

    /** Step 4: {@code name} renamed to {@code title} (the index follows). */
    @Entity(name = "Events4")
    @Table(name = "events")
    @SkippingIndex(name = "name_idx", expression = "title", type = "bloom_filter(0.01)", granularity = 1)
    @Check(name = "quantity_positive", constraints = "quantity >= 0")
    public static class V4 {
        @Id Long id;
        @Column(nullable = false) String title;
        @Column(nullable = false) int quantity;
        @Column(precision = 18, scale = 2) BigDecimal price;
        @Column(nullable = false) boolean active;
        LocalDate day;
    }

    /** Step 5: {@code quantity} becomes a 64-bit number. */
    @Entity(name = "Events5")
    @Table(name = "events")
    @SkippingIndex(name = "name_idx", expression = "title", type = "bloom_filter(0.01)", granularity = 1)
    @Check(name = "quantity_positive", constraints = "quantity >= 0")
    public static class V5 {
        @Id Long id;
        @Column(nullable = false) String title;
        @Column(nullable = false) long quantity;
        @Column(precision = 18, scale = 2) BigDecimal price;
        @Column(nullable = false) boolean active;
        LocalDate day;
    }

    /** Step 6: engine ReplacingMergeTree and ORDER BY (quantity, id), with rows in the table: a rebuild. */
    @Entity(name = "Events6")
    @Table(name = "events")
    @ClickHouseTable(engine = @Engine(EngineKind.REPLACING_MERGE_TREE), orderBy = {"quantity", "id"})
    @SkippingIndex(name = "name_idx", expression = "title", type = "bloom_filter(0.01)", granularity = 1)
    @Check(name = "quantity_positive", constraints = "quantity >= 0")
    public static class V6 {
        @Id Long id;
        @Column(nullable = false) String title;
        @Column(nullable = false) long quantity;
        @Column(precision = 18, scale = 2) BigDecimal price;
        @Column(nullable = false) boolean active;
        LocalDate day;
    }

    /** Step 7: {@code day} dropped. */
    @Entity(name = "Events7")
    @Table(name = "events")
    @ClickHouseTable(engine = @Engine(EngineKind.REPLACING_MERGE_TREE), orderBy = {"quantity", "id"})
    @SkippingIndex(name = "name_idx", expression = "title", type = "bloom_filter(0.01)", granularity = 1)
    @Check(name = "quantity_positive", constraints = "quantity >= 0")
    public static class V7 {
        @Id Long id;
        @Column(nullable = false) String title;
        @Column(nullable = false) long quantity;
        @Column(precision = 18, scale = 2) BigDecimal price;
        @Column(nullable = false) boolean active;
    }
}
