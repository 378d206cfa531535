package dev.chorm.hibernate.schema;

import java.util.Objects;

/**
 * A projection: {@code PROJECTION name (query)}, where {@code query} is a {@code SELECT} over the
 * table without {@code FROM} (MergeTree family only).
 */
public record ProjectionDefinition(String name, String query) {

    public ProjectionDefinition {
        Objects.requireNonNull(name, "a projection needs a name");
        Objects.requireNonNull(query, () -> "projection " + name + " needs a query");
    }
}
