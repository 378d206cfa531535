package dev.chorm.hibernate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When an UPDATE or DELETE returns, set for a persistence unit with the property
 * {@value #PROPERTY} ({@code all_replicas}, {@code this_replica} or {@code async}).
 *
 * <p>ClickHouse applies a mutation ({@code ALTER TABLE ... UPDATE}) and a lightweight DELETE in the
 * background unless asked to wait. chorm asks by default, so that a change is visible when the
 * call returns, as on PostgreSQL. A lightweight UPDATE (tables with
 * {@code enable_block_number_column = 1} and {@code enable_block_offset_column = 1}) is visible
 * when it returns whatever the policy.
 */
public enum MutationSync {

    /** Wait until every replica applied the change (the default): {@code mutations_sync = 2}. */
    ALL_REPLICAS(2),
    /** Wait until the replica that received the statement applied it: {@code mutations_sync = 1}. */
    THIS_REPLICA(1),
    /** Return at once; the change becomes visible later: {@code mutations_sync = 0}. */
    ASYNC(0);

    /** The persistence-unit property that chooses the policy. */
    public static final String PROPERTY = "chorm.mutations.sync";

    private final int level;

    MutationSync(int level) {
        this.level = level;
    }

    /** The value of ClickHouse's {@code mutations_sync} and {@code lightweight_deletes_sync} settings. */
    public int level() {
        return level;
    }

    /** The policy a property value names (case-insensitive); the default for null. */
    public static MutationSync of(Object value) {
        if (value == null) {
            return ALL_REPLICAS;
        }
        if (value instanceof MutationSync sync) {
            return sync;
        }
        try {
            return valueOf(value.toString().strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Property " + PROPERTY + " is '" + value + "'; expected one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")), e);
        }
    }
}
