package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The column's TTL: when {@code expression} (a DateTime, e.g. {@code "created + INTERVAL 30 DAY"})
 * is in the past, ClickHouse resets the value to the column's default in its next merge. For a
 * TTL of whole rows use {@link ClickHouseTable#ttl()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Ttl {

    /** The ClickHouse SQL expression. */
    String value();
}
