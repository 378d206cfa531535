package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A column computed by ClickHouse from other columns when a row is written: {@code MATERIALIZED expression}.
 * The value is stored; ClickHouse refuses to have it written, so chorm never inserts or updates
 * the attribute. It is read when the entity is loaded (a freshly persisted entity keeps the value
 * Java gave it until reloaded; add Hibernate's {@code @Generated} to read it back at once). A
 * mutation that changes the columns it depends on recomputes it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Materialized {

    /** The ClickHouse SQL expression. */
    String value();
}
