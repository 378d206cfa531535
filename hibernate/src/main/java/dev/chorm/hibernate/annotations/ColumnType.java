package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exact ClickHouse type of an attribute's column, in ClickHouse's own text:
 * {@code @ColumnType("UInt16")}, {@code @ColumnType("DateTime64(3, 'Europe/Paris')")},
 * {@code @ColumnType("Enum8('draft' = 1, 'live' = 2)")}, {@code @ColumnType("Array(Nullable(Int64))")}.
 *
 * <p>Use it when chorm's default for the Java type is not the column you want. The text is parsed by
 * chorm's type catalogue and checked at startup against the Java type: the Java type must hold every
 * value of the column ({@code UInt32} needs a {@code long}, {@code UInt64} a {@code BigInteger}) and the
 * type must be one ClickHouse accepts ({@code Nullable(Array(...))}, {@code LowCardinality(Decimal(...))}
 * fail at startup, naming the entity, the attribute and the rule).
 *
 * <p>The type is taken as written: the column is {@code Nullable} only if the text says so, whatever
 * {@code @Column(nullable)} says, so a null value for a column declared without {@code Nullable} is
 * refused before it is sent. {@link LowCardinality} still applies on top.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ColumnType {

    /** The ClickHouse type, as ClickHouse prints it or as written in DDL. */
    String value();
}
