package dev.chorm.hibernate.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A table engine and its parameters, inside {@link ClickHouseTable#engine()}. Column names are physical. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Engine {

    EngineKind value() default EngineKind.MERGE_TREE;

    /** ReplacingMergeTree / VersionedCollapsingMergeTree: the version column. */
    String version() default "";

    /** ReplacingMergeTree: the is-deleted column (UInt8), with a version column. */
    String isDeleted() default "";

    /** CollapsingMergeTree / VersionedCollapsingMergeTree: the sign column (Int8). */
    String sign() default "";

    /** SummingMergeTree: the columns to sum (default: every numeric column outside the key). */
    String[] columns() default {};

    /** GraphiteMergeTree: the rollup configuration section. */
    String config() default "";

    /** The Replicated variant, with default Keeper path and replica macros. */
    boolean replicated() default false;
}
