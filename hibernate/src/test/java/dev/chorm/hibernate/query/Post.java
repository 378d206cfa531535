package dev.chorm.hibernate.query;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.List;

/** A post with array attributes (Array(String), Array(Int32)): the subject of ARRAY JOIN. */
@Entity(name = "Post")
public class Post {
    @Id
    Long id;
    String author;
    List<String> tags;
    int[] ratings;

    protected Post() {
    }

    Post(long id, String author, List<String> tags, int... ratings) {
        this.id = id;
        this.author = author;
        this.tags = tags;
        this.ratings = ratings;
    }
}
