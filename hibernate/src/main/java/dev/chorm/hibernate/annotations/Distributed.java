package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shards an entity's table over its cluster, inside {@link ClickHouseTable#distributed()}. The
 * entity's table becomes the usual pair: a Replicated local table {@code <table><localSuffix>} on
 * every shard, holding the rows, and a {@code Distributed} table under the entity's own table name
 * over it. Reads and inserts go to the Distributed table; UPDATE and DELETE go to the local table
 * {@code ON CLUSTER}, because ClickHouse cannot mutate a Distributed table.
 *
 * <pre>{@code
 * @ClickHouseTable(cluster = "analytics", orderBy = {"timestamp", "id"},
 *         distributed = @Distributed(shardingKey = "cityHash64(id)"))
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Distributed {

    /**
     * The sharding expression over columns of the table, e.g. {@code cityHash64(user_id)}: rows with
     * the same value land on the same shard. Required: {@code rand()} spreads rows evenly but then
     * an entity's row cannot be found on one shard.
     */
    String shardingKey();

    /** The local table's name is the entity table's name plus this suffix. */
    String localSuffix() default "_local";
}
