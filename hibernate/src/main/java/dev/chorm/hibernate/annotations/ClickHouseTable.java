package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How an entity's table is laid out in ClickHouse. Expressions are ClickHouse SQL over column
 * names. Without this annotation the table is {@code MergeTree ORDER BY (<id columns>)}.
 *
 * <pre>{@code
 * @Entity
 * @ClickHouseTable(engine = @Engine(EngineKind.REPLACING_MERGE_TREE, version = "updated_at"),
 *         orderBy = {"timestamp", "id"}, partitionBy = "toYYYYMM(timestamp)",
 *         ttl = "timestamp + INTERVAL 1 YEAR", settings = "index_granularity = 1024")
 * class Event { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ClickHouseTable {

    /** The table engine; MergeTree by default. */
    Engine engine() default @Engine;

    /** The sorting key; empty means the id columns ({@code tuple()} when there are none). */
    String[] orderBy() default {};

    /** The partition key, e.g. {@code toYYYYMM(timestamp)}; empty for none. */
    String partitionBy() default "";

    /** The primary key, a prefix of {@link #orderBy()}; empty when it equals the sorting key. */
    String[] primaryKey() default {};

    /** The sampling expression, part of the primary key; empty for none. */
    String sampleBy() default "";

    /** Table TTL expressions, e.g. {@code timestamp + INTERVAL 1 MONTH DELETE}. */
    String[] ttl() default {};

    /** Table settings as {@code name = value}, e.g. {@code index_granularity = 1024}. */
    String[] settings() default {};

    /**
     * The cluster whose servers all hold this table: its DDL is sent {@code ON CLUSTER} and its
     * MergeTree engine becomes Replicated. Empty means the persistence unit's {@code chorm.cluster}
     * (none when that is unset too).
     */
    String cluster() default "";

    /**
     * At most one {@link Distributed}: shard the table over the cluster as a local table plus a
     * Distributed table. Empty (the default) keeps one table.
     */
    Distributed[] distributed() default {};
}
