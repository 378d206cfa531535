package dev.chorm.engine.chdb;

/** What a statement does to state that outlives it, as the engine's own parser decides. */
public enum QueryClass {
    /** SELECT, SHOW, DESCRIBE, EXPLAIN, EXISTS, CHECK. */
    READ_ONLY,
    /** INSERT, CREATE, ALTER, DROP, TRUNCATE, RENAME, UPDATE, DELETE, OPTIMIZE. */
    MUTATING,
    /** Functions, named collections, access management, writes to {@code system}. */
    MUTATING_GLOBAL,
    /** USE, SET, ATTACH, DETACH, SYSTEM, BACKUP, RESTORE, KILL, transactions, outfile writes. */
    CONTROL,
    /** Did not parse. */
    UNKNOWN;

    static QueryClass of(int value) {
        QueryClass[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
