package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HQL means what it means on PostgreSQL where ClickHouse's defaults differ: outer-join misses
 * are NULL (so counting them gives 0), aggregates over no rows are NULL, and pagination works.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlSemanticsTest {

    @Entity(name = "Author")
    static class Author {
        @Id Long id;
        String name;
    }

    @Entity(name = "Book")
    static class Book {
        @Id Long id;
        String title;
        int pages;
        @ManyToOne Author author;
    }

    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = Jpa.factory(db, "drop-and-create", Author.class, Book.class);
        Jpa.inTransaction(factory, em -> {
            Author ada = author(1, "Ada");
            Author bob = author(2, "Bob"); // writes no book
            em.persist(ada);
            em.persist(bob);
            for (long id = 1; id <= 6; id++) {
                Book book = new Book();
                book.id = id;
                book.title = "book " + id;
                book.pages = (int) id * 100;
                book.author = ada;
                em.persist(book);
            }
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @Test
    void anOuterJoinMissIsNullAndCountsAsNothing() {
        try (EntityManager em = factory.createEntityManager()) {
            List<Object[]> rows = em.createQuery("select a.name, count(b.id), max(b.pages) from Author a "
                    + "left join Book b on b.author = a group by a.name order by a.name", Object[].class).getResultList();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsExactly("Ada", 6L, 600);
            assertThat(rows.get(1)).containsExactly("Bob", 0L, null);
        }
    }

    @Test
    void aggregatesOverNoRowsAreNullButCountIsZero() {
        try (EntityManager em = factory.createEntityManager()) {
            Object[] row = em.createQuery("select count(b), sum(b.pages), avg(b.pages), max(b.pages) from Book b "
                    + "where b.pages > 100000", Object[].class).getSingleResult();
            assertThat(row).containsExactly(0L, null, null, null);
        }
    }

    @Test
    void integerDivisionIsIntegralAndTruncatesTowardZero() {
        try (EntityManager em = factory.createEntityManager()) {
            Object[] row = em.createQuery("select b.pages / 7, (0 - b.pages) / 7, b.pages / 7.0 from Book b where b.id = 1",
                    Object[].class).getSingleResult();
            assertThat(row[0]).isEqualTo(14);
            assertThat(row[1]).isEqualTo(-14);
            assertThat(((Number) row[2]).doubleValue()).isCloseTo(14.2857, org.assertj.core.data.Offset.offset(0.001));
        }
    }

    @Test
    void paginationReturnsTheRequestedPage() {
        try (EntityManager em = factory.createEntityManager()) {
            List<Long> ids = em.createQuery("select b.id from Book b order by b.id", Long.class)
                    .setFirstResult(2).setMaxResults(3).getResultList();
            assertThat(ids).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void manyToOneLoadsLazilyAndEagerly() {
        try (EntityManager em = factory.createEntityManager()) {
            Book book = em.find(Book.class, 4L);
            assertThat(book.author.name).isEqualTo("Ada");
            List<Book> fetched = em.createQuery("select b from Book b join fetch b.author where b.pages >= 500 order by b.id",
                    Book.class).getResultList();
            assertThat(fetched).extracting(b -> b.author.name).containsExactly("Ada", "Ada");
        }
    }

    private static Author author(long id, String name) {
        Author author = new Author();
        author.id = id;
        author.name = name;
        return author;
    }
}
