package dev.chorm.hibernate.schema;

import java.util.Objects;

/**
 * Where a statement goes: a table's name, its database (null for the connection's) and the cluster
 * for {@code ON CLUSTER} (null for none).
 */
public record TableRef(String database, String name, String cluster) {

    public TableRef {
        Objects.requireNonNull(name, "a table needs a name");
    }

    /** A table of the connection's database. */
    public static TableRef of(String name) {
        return new TableRef(null, name, null);
    }

    /** A table of {@code database}. */
    public static TableRef of(String database, String name) {
        return new TableRef(database, name, null);
    }

    /** This table, with statements sent {@code ON CLUSTER cluster}. */
    public TableRef onCluster(String cluster) {
        return new TableRef(database, name, cluster);
    }
}
