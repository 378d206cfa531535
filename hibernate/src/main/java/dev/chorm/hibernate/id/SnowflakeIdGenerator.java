package dev.chorm.hibernate.id;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.EventTypeSets;

import java.util.EnumSet;

/** The Hibernate generator behind {@link SnowflakeId}, also used for numeric {@code @GeneratedValue} ids. */
public final class SnowflakeIdGenerator implements BeforeExecutionGenerator {

    private final transient Snowflake snowflake;

    public SnowflakeIdGenerator(SnowflakeId annotation) {
        this(annotation.workerId() < 0 ? Snowflake.configured() : Snowflake.worker(annotation.workerId()));
    }

    /** A generator drawing from {@code snowflake}. */
    public SnowflakeIdGenerator(Snowflake snowflake) {
        this.snowflake = snowflake;
    }

    @Override
    public Object generate(SharedSessionContractImplementor session, Object owner, Object currentValue, EventType eventType) {
        return snowflake.nextId();
    }

    @Override
    public EnumSet<EventType> getEventTypes() {
        return EventTypeSets.INSERT_ONLY;
    }
}
