package dev.chorm.hibernate.type;

import org.hibernate.HibernateException;

/**
 * A value that its ClickHouse column cannot hold exactly (out of range, too long, not declared, not
 * an IP address, null in a non-Nullable column), refused before anything is sent. The message names
 * the entity, the attribute and the value. Through JPA it arrives as the cause of a
 * {@code PersistenceException}.
 */
public class InvalidValueException extends HibernateException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String attribute;

    public InvalidValueException(String entity, String attribute, String problem) {
        super("Entity " + entity + ", attribute " + attribute + ": " + problem);
        this.entity = entity;
        this.attribute = attribute;
    }

    /** The entity whose value was refused. */
    public String entity() {
        return entity;
    }

    /** The attribute whose value was refused. */
    public String attribute() {
        return attribute;
    }
}
