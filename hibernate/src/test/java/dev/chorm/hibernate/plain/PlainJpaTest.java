package dev.chorm.hibernate.plain;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Lob;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Temporal;
import jakarta.persistence.TemporalType;
import jakarta.persistence.Transient;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Standard JPA, written as for PostgreSQL, with no chorm annotation and no dialect setting:
 * it must run unchanged on ClickHouse.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainJpaTest {

    enum Status { ACTIVE, SUSPENDED }

    @MappedSuperclass
    abstract static class Audited {
        Instant createdAt;

        @PrePersist
        void stamp() {
            createdAt = Instant.parse("2026-01-02T03:04:05Z");
        }
    }

    @Entity(name = "Customer")
    @Table(name = "customers", uniqueConstraints = @UniqueConstraint(columnNames = "email"),
            indexes = @Index(columnList = "lastName"))
    @NamedQuery(name = "Customer.byStatus", query = "select c from Customer c where c.status = :status order by c.id")
    static class Customer extends Audited {
        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
        @Column(nullable = false, length = 100, unique = true) String email;
        String lastName;
        @Enumerated(EnumType.STRING) Status status;
        @Enumerated(EnumType.ORDINAL) Status previousStatus;
        @Lob String notes;
        @Temporal(TemporalType.TIMESTAMP) Date lastLogin;
        @Column(precision = 12, scale = 2) BigDecimal balance;
        boolean vip;
        @Transient String scratch;
    }

    @Entity(name = "Vehicle")
    @Inheritance(strategy = InheritanceType.SINGLE_TABLE)
    abstract static class Vehicle {
        @Id @GeneratedValue Long id;
        String maker;
    }

    @Entity(name = "Car")
    @DiscriminatorValue("car")
    static class Car extends Vehicle {
        int doors;
    }

    @Entity(name = "Truck")
    @DiscriminatorValue("truck")
    static class Truck extends Vehicle {
        double payload;
    }

    @Entity(name = "Animal")
    @Inheritance(strategy = InheritanceType.JOINED)
    static class Animal {
        @Id @GeneratedValue(strategy = GenerationType.SEQUENCE) Long id;
        String name;
    }

    @Entity(name = "Dog")
    static class Dog extends Animal {
        String breed;
    }

    @Embeddable
    record OrderLineId(long orderId, int line) implements Serializable {
    }

    @Entity(name = "OrderLine")
    static class OrderLine {
        @EmbeddedId OrderLineId id;
        String product;
    }

    static class StockKey implements Serializable {
        String warehouse;
        String sku;

        @Override
        public boolean equals(Object o) {
            return o instanceof StockKey k && k.warehouse.equals(warehouse) && k.sku.equals(sku);
        }

        @Override
        public int hashCode() {
            return Objects.hash(warehouse, sku);
        }
    }

    @Entity(name = "Stock")
    @IdClass(StockKey.class)
    static class Stock {
        @Id String warehouse;
        @Id String sku;
        int quantity;
    }

    private EntityManagerFactory factory;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        factory = Jpa.factory(db, "drop-and-create", Customer.class, Vehicle.class, Car.class, Truck.class, Animal.class,
                Dog.class, OrderLine.class, Stock.class);
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @BeforeEach
    void empty() {
        db.truncateAllTables();
    }

    private static Customer customer(String email, Status status) {
        Customer customer = new Customer();
        customer.email = email;
        customer.lastName = email.substring(0, email.indexOf('@'));
        customer.status = status;
        customer.previousStatus = Status.SUSPENDED;
        customer.notes = "x".repeat(10_000);
        customer.lastLogin = new Date(1_700_000_000_123L);
        customer.balance = new BigDecimal("1234.56");
        customer.vip = true;
        return customer;
    }

    @Test
    void aTypicalEntityRoundTripsWithCallbacksNamedQueriesAndCriteria() {
        Jpa.inTransaction(factory, em -> {
            em.persist(customer("ann@example.com", Status.ACTIVE));
            em.persist(customer("bob@example.com", Status.SUSPENDED));
            em.persist(customer("cid@example.com", Status.ACTIVE));
        });

        try (EntityManager em = factory.createEntityManager()) {
            List<Customer> active = em.createNamedQuery("Customer.byStatus", Customer.class)
                    .setParameter("status", Status.ACTIVE).getResultList();
            assertThat(active).extracting(c -> c.email).containsExactlyInAnyOrder("ann@example.com", "cid@example.com");
            Customer ann = active.stream().filter(c -> c.lastName.equals("ann")).findFirst().orElseThrow();
            assertThat(ann.createdAt).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(ann.previousStatus).isEqualTo(Status.SUSPENDED);
            assertThat(ann.notes).hasSize(10_000);
            assertThat(ann.lastLogin.getTime()).isEqualTo(1_700_000_000_123L);
            assertThat(ann.balance).isEqualByComparingTo("1234.56");
            assertThat(ann.vip).isTrue();

            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Long> count = cb.createQuery(Long.class);
            Root<Customer> root = count.from(Customer.class);
            count.select(cb.count(root)).where(cb.like(root.get("email"), "%@example.com"));
            assertThat(em.createQuery(count).getSingleResult()).isEqualTo(3);

            List<Customer> page = em.createQuery("from Customer order by email", Customer.class)
                    .setFirstResult(1).setMaxResults(1).getResultList();
            assertThat(page).extracting(c -> c.email).containsExactly("bob@example.com");
        }
    }

    @Test
    void mergeRefreshDetachAndRemoveBehaveAsInJpa() {
        Customer detached = customer("dan@example.com", Status.ACTIVE);
        Jpa.inTransaction(factory, em -> em.persist(detached));

        detached.balance = new BigDecimal("10.00");
        Jpa.inTransaction(factory, em -> em.merge(detached));
        Jpa.inTransaction(factory, em -> {
            Customer managed = em.find(Customer.class, detached.id);
            assertThat(managed.balance).isEqualByComparingTo("10.00");
            managed.lastName = "changed in memory";
            em.refresh(managed);
            assertThat(managed.lastName).isEqualTo("dan");
            em.detach(managed);
            assertThat(em.contains(managed)).isFalse();
        });
        Jpa.inTransaction(factory, em -> em.remove(em.find(Customer.class, detached.id)));

        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Customer.class, detached.id)).isNull();
        }
    }

    @Test
    void inheritanceMapsWithSingleTableAndJoinedStrategies() {
        Jpa.inTransaction(factory, em -> {
            Car car = new Car();
            car.maker = "Volvo";
            car.doors = 5;
            Truck truck = new Truck();
            truck.maker = "Scania";
            truck.payload = 12.5;
            Dog dog = new Dog();
            dog.name = "Rex";
            dog.breed = "Collie";
            em.persist(car);
            em.persist(truck);
            em.persist(dog);
        });

        try (EntityManager em = factory.createEntityManager()) {
            List<Vehicle> vehicles = em.createQuery("from Vehicle order by maker", Vehicle.class).getResultList();
            assertThat(vehicles).hasSize(2);
            assertThat(vehicles.get(0)).isInstanceOf(Truck.class);
            assertThat(((Car) vehicles.get(1)).doors).isEqualTo(5);
            assertThat(em.createQuery("select count(c) from Car c", Long.class).getSingleResult()).isEqualTo(1);

            Animal animal = em.createQuery("from Animal", Animal.class).getSingleResult();
            assertThat(animal).isInstanceOf(Dog.class);
            assertThat(((Dog) animal).breed).isEqualTo("Collie");
        }
    }

    @Test
    void bulkUpdateAndDeleteWorkAcrossAJoinedHierarchy() {
        Jpa.inTransaction(factory, em -> {
            for (String name : new String[]{"Rex", "Fido"}) {
                Dog dog = new Dog();
                dog.name = name;
                dog.breed = "Collie";
                em.persist(dog);
            }
        });

        Jpa.inTransaction(factory, em -> em.createQuery("update Dog set breed = 'Beagle', name = 'Max' where name = 'Rex'")
                .executeUpdate());
        assertThat(db.queryLong("SELECT count() FROM Animal a JOIN Dog d ON a.id = d.id WHERE a.name = 'Max'"
                + " AND d.breed = 'Beagle'")).isEqualTo(1);

        Jpa.inTransaction(factory, em -> em.createQuery("delete from Animal where name = 'Fido'").executeUpdate());
        assertThat(db.queryLong("SELECT count() FROM Animal")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count() FROM Dog")).isEqualTo(1);
    }

    @Test
    void compositeKeysWorkAsEmbeddedIdAndIdClass() {
        Jpa.inTransaction(factory, em -> {
            OrderLine line = new OrderLine();
            line.id = new OrderLineId(7, 1);
            line.product = "tea";
            em.persist(line);
            Stock stock = new Stock();
            stock.warehouse = "north";
            stock.sku = "T-1";
            stock.quantity = 3;
            em.persist(stock);
        });
        Jpa.inTransaction(factory, em -> {
            StockKey key = new StockKey();
            key.warehouse = "north";
            key.sku = "T-1";
            em.find(Stock.class, key).quantity = 4;
        });

        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(OrderLine.class, new OrderLineId(7, 1)).product).isEqualTo("tea");
            assertThat(em.createQuery("select s.quantity from Stock s where s.sku = 'T-1'", Integer.class).getSingleResult())
                    .isEqualTo(4);
        }
    }

    @Test
    void pessimisticLocksAreRefusedWithAClearMessage() {
        Jpa.inTransaction(factory, em -> em.persist(customer("fay@example.com", Status.ACTIVE)));

        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            Long id = em.createQuery("select c.id from Customer c", Long.class).getSingleResult();
            assertThatThrownBy(() -> em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE))
                    .hasMessageContaining("ClickHouse has no row locks");
            em.getTransaction().rollback();
        }
    }

    @Test
    void nativeQueriesRunAsWritten() {
        Jpa.inTransaction(factory, em -> em.persist(customer("eve@example.com", Status.ACTIVE)));

        try (EntityManager em = factory.createEntityManager()) {
            Object upper = em.createNativeQuery("SELECT upper(email) FROM customers").getSingleResult();
            assertThat(upper).isEqualTo("EVE@EXAMPLE.COM");
        }
    }
}
