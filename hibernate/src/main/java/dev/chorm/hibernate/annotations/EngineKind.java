package dev.chorm.hibernate.annotations;

/** The table engines an entity can declare. */
public enum EngineKind {
    MERGE_TREE,
    REPLACING_MERGE_TREE,
    SUMMING_MERGE_TREE,
    AGGREGATING_MERGE_TREE,
    COLLAPSING_MERGE_TREE,
    VERSIONED_COLLAPSING_MERGE_TREE,
    GRAPHITE_MERGE_TREE,
    /** In memory only, lost on restart: small lookup tables and tests. */
    MEMORY,
    LOG,
    TINY_LOG,
    STRIPE_LOG
}
