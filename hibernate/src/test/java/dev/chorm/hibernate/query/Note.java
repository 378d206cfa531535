package dev.chorm.hibernate.query;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** A plain MergeTree entity pointing lazily at a Profile. */
@Entity(name = "Note")
public class Note {
    @Id
    private Long id;
    private String text;
    @ManyToOne(fetch = FetchType.LAZY)
    private Profile profile;

    protected Note() {
    }

    Note(long id, String text, Profile profile) {
        this.id = id;
        this.text = text;
        this.profile = profile;
    }

    public Profile getProfile() {
        return profile;
    }
}
