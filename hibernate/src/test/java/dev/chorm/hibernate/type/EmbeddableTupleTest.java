package dev.chorm.hibernate.type;

import dev.chorm.hibernate.Jpa;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A JPA {@code @Embeddable} stays embedded columns: marking it {@link Composite} is refused at
 * startup with the fix, instead of binding its fields to columns that do not exist.
 */
@ClickHouseTest
class EmbeddableTupleTest {

    @Embeddable
    static class Address {
        String city;
        int zip;
    }

    @Entity(name = "Shop")
    static class Shop {
        @Id Long id;
        @Composite Address address;
    }

    @Test
    void compositeOnAnEmbeddableIsRefusedAtStartupWithTheFix(TestDatabase db) {
        assertThatThrownBy(() -> Jpa.factory(db, "create", Shop.class).close())
                .hasStackTraceContaining("Entity Shop, attribute address: @Composite on the @Embeddable class Address")
                .hasStackTraceContaining("Remove @Embeddable from Address");
        assertThat(db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'Shop'"))
                .as("nothing was created").isZero();
    }
}
