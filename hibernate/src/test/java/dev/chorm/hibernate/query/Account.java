package dev.chorm.hibernate.query;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An account, replaced by newer versions of the same id. */
@Entity(name = "Account")
@ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "version"))
public class Account {
    @Id
    Long id;
    String name;
    long version;

    protected Account() {
    }

    Account(long id, String name, long version) {
        this.id = id;
        this.name = name;
        this.version = version;
    }
}
