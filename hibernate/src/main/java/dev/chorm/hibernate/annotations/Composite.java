package dev.chorm.hibernate.annotations;

import dev.chorm.hibernate.type.CompositeValueType;
import org.hibernate.annotations.Type;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores a composite Java value as one ClickHouse column: a {@code Map<K, V>} as {@code Map(K, V)}, a
 * nested array or collection ({@code List<List<Integer>>}, {@code int[][]}) as
 * {@code Array(Array(Int32))}, a record (or a plain class with a no-argument constructor: its fields) as a
 * named {@code Tuple}, and any nesting of these
 * ({@code Map<String, List<Long>>}). JPA has no notion of such values, so the attribute is marked;
 * one-level arrays and collections of basic values ({@code List<String>}, {@code long[]}) need no mark.
 *
 * <p>The column type follows from the Java type (see docs/types.md) or from {@link ColumnType} when
 * given ({@code @Composite @ColumnType("Map(LowCardinality(String), IPv6)")}). Array elements, map keys
 * and values and tuple elements are checked before sending like any column value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
@Type(CompositeValueType.class)
public @interface Composite {
}
