package dev.chorm.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A plain JPA entity: standard annotations only. */
@Entity
@Table(name = "page_view")
public class PageView {

    /** The table this entity maps to, created by hand in tests that do not use schema export. */
    public static final String TABLE = "CREATE TABLE page_view (id Int64, page String, at DateTime64(6, 'UTC'),"
            + " loadMs Nullable(Int32)) ENGINE = MergeTree ORDER BY id";

    @Id
    private Long id;
    private String page;
    private Instant at;
    private Integer loadMs;

    protected PageView() {
    }

    public PageView(long id, String page, Instant at, Integer loadMs) {
        this.id = id;
        this.page = page;
        this.at = at;
        this.loadMs = loadMs;
    }

    public Long getId() {
        return id;
    }

    public String getPage() {
        return page;
    }

    public Instant getAt() {
        return at;
    }

    public void setPage(String page) {
        this.page = page;
    }

    public Integer getLoadMs() {
        return loadMs;
    }
}
