package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A data-skipping index of the entity's table.
 *
 * <pre>{@code @SkippingIndex(name = "ip_set_idx", expression = "ip", type = "set(1000)", granularity = 4)}</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(SkippingIndexes.class)
public @interface SkippingIndex {

    String name();

    /** The indexed expression, e.g. a column name. */
    String expression();

    /** {@code minmax}, {@code set(N)}, {@code bloom_filter(p)}, {@code ngrambf_v1(...)}, {@code tokenbf_v1(...)}, ... */
    String type();

    /** Granules per index block; ClickHouse's default is 1. */
    int granularity() default 1;
}
