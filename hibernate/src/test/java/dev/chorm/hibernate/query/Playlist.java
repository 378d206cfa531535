package dev.chorm.hibernate.query;

import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.Engine;
import dev.chorm.hibernate.annotations.EngineKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.List;

/** Versions of a playlist (ReplacingMergeTree): an array attribute on an engine that collapses rows. */
@Entity(name = "Playlist")
@ClickHouseTable(engine = @Engine(value = EngineKind.REPLACING_MERGE_TREE, version = "version"))
public class Playlist {
    @Id
    Long id;
    List<String> songs;
    long version;

    protected Playlist() {
    }

    Playlist(long id, List<String> songs, long version) {
        this.id = id;
        this.songs = songs;
        this.version = version;
    }
}
