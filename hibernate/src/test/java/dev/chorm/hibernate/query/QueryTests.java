package dev.chorm.hibernate.query;

import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test plumbing for query tests: a factory whose statements are recorded as sent. */
final class QueryTests {

    private QueryTests() {
    }

    /** The statements a factory sent, in order. */
    static final class Statements implements StatementInspector {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public String inspect(String sql) {
            sent.add(sql);
            return sql;
        }

        String last() {
            return sent.get(sent.size() - 1);
        }

        void clear() {
            sent.clear();
        }
    }

    static EntityManagerFactory factory(TestDatabase db, Statements statements, Class<?>... entities) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("query-test")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property("jakarta.persistence.schema-generation.database.action", "drop-and-create")
                .property("hibernate.session_factory.statement_inspector", statements);
        for (Class<?> entity : entities) {
            configuration.managedClass(entity);
        }
        return configuration.createEntityManagerFactory();
    }
}
