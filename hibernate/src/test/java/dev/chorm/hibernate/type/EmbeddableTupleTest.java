package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Struct;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ClickHouseTest
class EmbeddableTupleTest {

    @Embeddable
    @Struct(name = "Point")
    public static class Point {
        double y;
        double x;

        Point() {
        }

        Point(double x, double y) {
            this.x = x;
            this.y = y;
        }
    }

    @Embeddable
    public static class Range {
        int low;
        Integer high;
    }

    @Entity(name = "Shop")
    static class Shop {
        @Id Long id;
        String name;
        Point location;
        @JdbcTypeCode(SqlTypes.STRUCT) Range hours;
    }

    @Test
    void probe(TestDatabase db) {
        try (EntityManagerFactory factory = Jpa.factory(db, "create", Shop.class)) {
            System.out.println("DDL location " + DefaultTypesTest.columnType(db, "Shop", "location"));
            System.out.println("DDL hours " + DefaultTypesTest.columnType(db, "Shop", "hours"));
            Shop shop = new Shop();
            shop.id = 1L;
            shop.name = "a";
            shop.location = new Point(1.5, -2.25);
            shop.hours = new Range();
            shop.hours.low = 9;
            shop.hours.high = null;
            Jpa.inTransaction(factory, em -> em.persist(shop));
            System.out.println("ROW " + EngineSql.value(db, "SELECT toString((location, hours)) FROM Shop"));
            try (EntityManager em = factory.createEntityManager()) {
                Shop read = em.find(Shop.class, 1L);
                System.out.println("READ " + read.location.x + " " + read.location.y + " " + read.hours.low + " " + read.hours.high);
                List<Shop> found = em.createQuery("select s from Shop s where s.location.x > 1", Shop.class).getResultList();
                System.out.println("FOUND " + found.size());
                List<Point> points = em.createQuery("select s.location from Shop s", Point.class).getResultList();
                System.out.println("POINTS " + points.get(0).x);
                List<Double> xs = em.createQuery("select s.location.y from Shop s", Double.class).getResultList();
                System.out.println("XS " + xs);
            }
        }
    }
}
