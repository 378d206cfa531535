package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Values a column cannot hold exactly are refused before anything is sent, with the entity, the
 * attribute and the value in the message; the transaction that holds one writes no row at all.
 */
@ClickHouseTest
class ValueValidationTest {

    @Entity(name = "Reading")
    static class Reading {
        @Id
        Long id;
        @ColumnType("UInt8")
        short level = 1;
        @ColumnType("FixedString(4)")
        String code = "ab";
        @ColumnType("Enum8('low' = 1, 'high' = 2)")
        String band = "low";
        @ColumnType("IPv4")
        String source = "10.0.0.1";
        @Column(precision = 5, scale = 2)
        BigDecimal price = new BigDecimal("1.50");
        LocalDate day = LocalDate.of(2024, 1, 1);
        @ColumnType("Date")
        LocalDate legacyDay = LocalDate.of(2024, 1, 1);
        @ColumnType("DateTime")
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        LocalDateTime seen = LocalDateTime.of(2024, 1, 1, 0, 0);
        @Column(nullable = false)
        String name = "sensor";
        @ColumnType("Array(UInt8)")
        List<Integer> samples = List.of(1, 2);

        Reading() {
        }

        Reading(long id) {
            this.id = id;
        }
    }

    private static EntityManagerFactory factory;

    @BeforeAll
    static void createSchema(TestDatabase db) {
        factory = Jpa.factory(db, "create", Reading.class);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @BeforeEach
    void empty(TestDatabase db) {
        db.truncateAllTables();
    }

    /** Persists two good rows and one changed by {@code bad}; asserts the refusal and that no row exists. */
    private static InvalidValueException refusedWithNothingWritten(TestDatabase db, Consumer<Reading> bad) {
        Throwable thrown = catchThrowable(() -> Jpa.inTransaction(factory, em -> {
            em.persist(new Reading(1));
            Reading reading = new Reading(2);
            bad.accept(reading);
            em.persist(reading);
            em.persist(new Reading(3));
        }));
        assertThat(db.queryLong("SELECT count() FROM Reading")).as("rows written").isZero();
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof InvalidValueException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("the refusal, in %s", thrown).isInstanceOf(InvalidValueException.class);
        return (InvalidValueException) cause;
    }

    @Test
    void anUnsignedValueOutOfRangeIsRefused(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.level = 256))
                .hasMessage("Entity Reading, attribute level: value 256 is outside UInt8 (0..255)");
        assertThat(refusedWithNothingWritten(db, r -> r.level = -1)).hasMessageContaining("value -1 is outside UInt8");
    }

    @Test
    void aFixedStringLongerThanItsBytesIsRefusedCountingUtf8Bytes(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.code = "日本")) // 2 chars, 6 bytes
                .hasMessageContaining("attribute code: value '日本' has 6 bytes, more than FixedString(4) holds");
    }

    @Test
    void anUndeclaredEnumValueIsRefused(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.band = "medium"))
                .hasMessageContaining("attribute band: value 'medium' is not declared in Enum8('low' = 1, 'high' = 2)");
    }

    @Test
    void invalidIpTextIsRefusedWithoutAskingDns(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.source = "example.com"))
                .hasMessageContaining("attribute source: value 'example.com' is not an IPv4 address");
        assertThat(refusedWithNothingWritten(db, r -> r.source = "256.1.1.1")).hasMessageContaining("is not an IPv4 address");
    }

    @Test
    void aDecimalOverflowIsRefused(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.price = new BigDecimal("1000.00")))
                .hasMessageContaining("attribute price: value 1000.00 overflows Decimal(5, 2) (at most 3 integer digits)");
        assertThat(refusedWithNothingWritten(db, r -> r.price = new BigDecimal("1.005")))
                .hasMessageContaining("has more than 2 fraction digits");
    }

    @Test
    void datesOutsideTheClickHouseRangeAreRefused(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.day = LocalDate.of(1899, 12, 31)))
                .hasMessageContaining("attribute day: value 1899-12-31 is outside Date32 (1900-01-01 .. 2299-12-31)");
        assertThat(refusedWithNothingWritten(db, r -> r.legacyDay = LocalDate.of(1969, 12, 31)))
                .hasMessageContaining("attribute legacyDay: value 1969-12-31 is outside Date (1970-01-01 .. 2149-06-06)");
        assertThat(refusedWithNothingWritten(db, r -> r.at = Instant.parse("2106-02-07T06:28:16Z")))
                .hasMessageContaining("attribute at: value 2106-02-07T06:28:16Z is outside DateTime");
        assertThat(refusedWithNothingWritten(db, r -> r.seen = LocalDateTime.of(2300, 1, 1, 0, 0)))
                .hasMessageContaining("attribute seen: value 2300-01-01T00:00 is outside DateTime64(6)");
    }

    @Test
    void nullInANonNullableColumnIsRefused(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.name = null))
                .hasMessageContaining("attribute name: null, but the column type String is not Nullable");
        assertThat(refusedWithNothingWritten(db, r -> r.band = null))
                .hasMessageContaining("attribute band: null, but the column type Enum8('low' = 1, 'high' = 2) is not Nullable");
    }

    @Test
    void arrayElementsAreCheckedOneByOne(TestDatabase db) {
        assertThat(refusedWithNothingWritten(db, r -> r.samples = List.of(1, 300)))
                .hasMessageContaining("attribute samples: value [1, 300] has at [2] (1-based) value 300 is outside UInt8 (0..255)");
    }

    @Test
    void aValueMadeBadAfterPersistIsRefusedAtFlushAndNothingOfTheTransactionIsWritten(TestDatabase db) {
        Throwable thrown = catchThrowable(() -> Jpa.inTransaction(factory, em -> {
            for (long id = 1; id <= 100; id++) {
                em.persist(new Reading(id));
            }
            em.find(Reading.class, 50L).level = 1000; // valid when persisted, bad when flushed
        }));
        assertThat(thrown).hasRootCauseInstanceOf(InvalidValueException.class)
                .rootCause().hasMessageContaining("attribute level: value 1000 is outside UInt8");
        assertThat(db.queryLong("SELECT count() FROM Reading")).isZero();
    }

    @Test
    void aBadUpdateIsRefusedAndTheRowKeepsItsValue(TestDatabase db) {
        Jpa.inTransaction(factory, em -> em.persist(new Reading(1)));
        Throwable thrown = catchThrowable(() -> Jpa.inTransaction(factory, em -> em.find(Reading.class, 1L).level = -5));
        assertThat(thrown).hasRootCauseInstanceOf(InvalidValueException.class);
        assertThat(db.queryLong("SELECT level FROM Reading WHERE id = 1")).isEqualTo(1);
    }

    @Test
    void aMergedEntityIsCheckedBeforeItIsCopied(TestDatabase db) {
        Reading bad = new Reading(9);
        bad.band = "medium";
        Throwable thrown = catchThrowable(() -> Jpa.inTransaction(factory, em -> em.merge(bad)));
        assertThat(thrown).as("a PersistenceException, as JPA wants").isInstanceOf(jakarta.persistence.PersistenceException.class)
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("attribute band: value 'medium' is not declared");
        assertThat(db.queryLong("SELECT count() FROM Reading")).isZero();
    }

    @Test
    void aStatelessInsertIsCheckedToo(TestDatabase db) {
        Reading bad = new Reading(7);
        bad.code = "toolong";
        Throwable thrown = catchThrowable(() -> factory.unwrap(SessionFactory.class).inStatelessTransaction(s -> s.insert(bad)));
        assertThat(thrown).isInstanceOf(InvalidValueException.class).hasMessageContaining("attribute code");
        assertThat(db.queryLong("SELECT count() FROM Reading")).isZero();
    }

    @Test
    void goodValuesAtTheEdgesAreAccepted(TestDatabase db) {
        Jpa.inTransaction(factory, em -> {
            Reading edge = new Reading(1);
            edge.level = 255;
            edge.code = "日";
            edge.band = "high";
            edge.source = "255.255.255.255";
            edge.price = new BigDecimal("-999.99");
            edge.day = LocalDate.of(2299, 12, 31);
            edge.legacyDay = LocalDate.of(1970, 1, 1);
            edge.at = Instant.parse("2106-02-07T06:28:15Z");
            edge.seen = LocalDateTime.of(1900, 1, 1, 0, 0);
            edge.samples = List.of();
            em.persist(edge);
        });
        assertThat(EngineSql.value(db, "SELECT concat(toString(level), ' ', band, ' ', toString(price), ' ', toString(at)) FROM Reading"))
                .isEqualTo("255 high -999.99 2106-02-07 06:28:15");
        try (var em = factory.createEntityManager()) {
            assertThat(em.find(Reading.class, 1L).code).as("a FixedString read without its NUL padding").isEqualTo("日");
            assertThat(em.createQuery("select r.id from Reading r where r.code = '日'", Long.class).getResultList()).containsExactly(1L);
        }
    }
}
