package dev.chorm.hibernate.query;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** A plain MergeTree entity pointing at Profiles, lazily and eagerly. */
@Entity(name = "Note")
public class Note {
    @Id
    private Long id;
    private String text;
    @ManyToOne(fetch = FetchType.LAZY)
    private Profile profile;
    @ManyToOne // eager: joined into the note's load
    private Profile reviewer;

    protected Note() {
    }

    Note(long id, String text, Profile profile, Profile reviewer) {
        this.id = id;
        this.text = text;
        this.profile = profile;
        this.reviewer = reviewer;
    }

    public Profile getProfile() {
        return profile;
    }

    public Profile getReviewer() {
        return reviewer;
    }
}
