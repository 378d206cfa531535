package dev.chorm.hibernate.query;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A ReplacingMergeTree entity (latest version wins), read through getters so that proxies initialize. */
@Entity(name = "Profile")
@ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "version"))
public class Profile {
    @Id
    private Long id;
    private String name;
    private long version;

    protected Profile() {
    }

    Profile(long id, String name, long version) {
        this.id = id;
        this.name = name;
        this.version = version;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public long getVersion() {
        return version;
    }
}
