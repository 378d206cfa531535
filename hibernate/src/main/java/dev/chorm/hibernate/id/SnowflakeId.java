package dev.chorm.hibernate.id;

import org.hibernate.annotations.IdGeneratorType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates the annotated {@code long}/{@code Long} id with {@link Snowflake} in the client: no
 * round trip, no sequence table, time-ordered (good for a MergeTree ORDER BY).
 *
 * <pre>{@code
 * @Id @SnowflakeId
 * private Long id;
 * }</pre>
 */
@IdGeneratorType(SnowflakeIdGenerator.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface SnowflakeId {

    /** The worker id, 0..1023; -1 (default) takes the configured one (see {@link Snowflake}). */
    int workerId() default -1;
}
