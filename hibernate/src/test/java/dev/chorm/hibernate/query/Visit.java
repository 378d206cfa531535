package dev.chorm.hibernate.query;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A page visit: a ReplacingMergeTree keyed by id (the latest version wins), sampled by a hash of the id. */
@Entity(name = "Visit")
@ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "version"),
        orderBy = {"intHash32(id)", "id"}, sampleBy = "intHash32(id)")
public class Visit {
    @Id
    Long id;
    long accountId;
    String page;
    int loadMs;
    long version;

    protected Visit() {
    }

    Visit(long id, long accountId, String page, int loadMs, long version) {
        this.id = id;
        this.accountId = accountId;
        this.page = page;
        this.loadMs = loadMs;
        this.version = version;
    }
}
