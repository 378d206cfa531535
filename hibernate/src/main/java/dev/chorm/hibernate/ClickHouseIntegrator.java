package dev.chorm.hibernate;

import org.hibernate.MappingException;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jdbc.Expectation;
import org.hibernate.mapping.PersistentClass;

/**
 * Adapts entity mappings to what ClickHouse can honestly do, before Hibernate builds its
 * persisters. Registered through {@code META-INF/services}; does nothing for other databases.
 *
 * <ul>
 *   <li>Row counts: a ClickHouse mutation does not report how many rows it changed (the server
 *       says 0), so entity UPDATE and DELETE are not checked against a row count: no bogus
 *       {@code OptimisticLockException}. The count returned to the caller is "unknown".</li>
 *   <li>{@code @Version}: optimistic locking needs that count to detect a concurrent change, so an
 *       entity with a version attribute is refused at startup, naming the entity.</li>
 * </ul>
 */
public final class ClickHouseIntegrator implements Integrator {

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        if (!(sessionFactory.getJdbcServices().getDialect() instanceof ClickHouseDialect)) {
            return;
        }
        for (PersistentClass entity : metadata.getEntityBindings()) {
            if (entity.isVersioned()) {
                throw new MappingException("Entity " + entity.getEntityName() + " has a @Version attribute ("
                        + entity.getVersion().getName() + "): optimistic locking cannot work on ClickHouse, whose "
                        + "mutations do not report how many rows they matched. Remove @Version, or keep a version "
                        + "column as a plain attribute (for example for a ReplacingMergeTree).");
            }
            entity.setUpdateExpectation(Expectation.None::new);
            entity.setDeleteExpectation(Expectation.None::new);
        }
    }
}
