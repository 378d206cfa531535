package dev.chorm.spring.analytics;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A page visit in a ReplacingMergeTree: the row with the highest version is the visit as it is now. */
@Entity
@ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "version"))
public class Visit {
    @Id
    private Long id;
    private long accountId;
    private String page;
    private int loadMs;
    private long version;

    protected Visit() {
    }

    public Visit(long id, long accountId, String page, int loadMs, long version) {
        this.id = id;
        this.accountId = accountId;
        this.page = page;
        this.loadMs = loadMs;
        this.version = version;
    }

    public String getPage() {
        return page;
    }

    public int getLoadMs() {
        return loadMs;
    }
}
