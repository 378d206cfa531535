package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A column computed by ClickHouse when it is read, never stored: {@code ALIAS expression}. Like
 * {@link Materialized}, chorm never writes it; it is read when the entity is loaded.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Alias {

    /** The ClickHouse SQL expression. */
    String value();
}
