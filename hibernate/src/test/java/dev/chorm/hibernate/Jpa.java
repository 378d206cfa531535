package dev.chorm.hibernate;

import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Test plumbing: plain JPA bootstrapping on a test database, as an application would do it. */
public final class Jpa {

    private Jpa() {
    }

    /** A factory for {@code entities} with no dialect configured; {@code schemaAction} as in JPA, or null. */
    public static EntityManagerFactory factory(TestDatabase db, String schemaAction, Class<?>... entities) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("test")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password());
        if (schemaAction != null) {
            configuration.property("jakarta.persistence.schema-generation.database.action", schemaAction);
        }
        for (Class<?> entity : entities) {
            configuration.managedClass(entity);
        }
        return configuration.createEntityManagerFactory();
    }

    /** Runs {@code work} in a transaction that commits. */
    public static void inTransaction(EntityManagerFactory factory, Consumer<EntityManager> work) {
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        }
    }

    /** What {@code logger} records while {@code action} runs. */
    public static List<LogRecord> logsOf(String logger, Runnable action) {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger target = Logger.getLogger(logger);
        target.addHandler(handler);
        try {
            action.run();
        } finally {
            target.removeHandler(handler);
        }
        return records;
    }
}
