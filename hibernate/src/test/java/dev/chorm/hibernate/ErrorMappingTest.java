package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.JDBCException;
import org.hibernate.QueryTimeoutException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.DataException;
import org.hibernate.exception.SQLGrammarException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** ClickHouse errors reach JPA code as the Hibernate/JPA exceptions that mean the same, message kept. */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorMappingTest {

    private EntityManagerFactory factory;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        db.execute("CREATE TABLE page_view (id Int64, page String, at DateTime64(6, 'UTC'), loadMs Nullable(Int32),"
                + " CONSTRAINT load_positive CHECK loadMs IS NULL OR loadMs > 0) ENGINE = MergeTree ORDER BY id");
        factory = Jpa.factory(db, null, PageView.class);
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    @Test
    void aViolatedCheckConstraintIsAConstraintViolationNamingTheConstraintAndNothingIsStored() {
        Throwable thrown = catchThrowable(() -> Jpa.inTransaction(factory,
                em -> em.persist(new PageView(1, "/", Instant.EPOCH, -5))));
        ConstraintViolationException violation = cause(thrown, ConstraintViolationException.class);
        assertThat(violation.getConstraintName()).isEqualTo("load_positive");
        assertThat(violation.getKind()).isEqualTo(ConstraintViolationException.ConstraintKind.CHECK);
        assertThat(violation.getSQLException().getErrorCode()).isEqualTo(469);
        assertThat(db.queryLong("SELECT count() FROM page_view")).isZero();
    }

    @Test
    void anUnknownTableOrColumnIsASqlGrammarError() {
        assertThat(cause(nativeQuery("SELECT * FROM no_such_table"), SQLGrammarException.class).getErrorCode()).isEqualTo(60);
        assertThat(cause(nativeQuery("SELECT no_such_column FROM page_view"), SQLGrammarException.class).getErrorCode()).isEqualTo(47);
        assertThat(cause(nativeQuery("SELEC 1"), SQLGrammarException.class).getMessage()).contains("Syntax error");
    }

    @Test
    void aValueThatDoesNotParseIsADataError() {
        DataException error = cause(nativeQuery("SELECT toInt32('twelve')"), DataException.class);
        assertThat(error.getErrorCode()).isEqualTo(6);
        assertThat(error.getMessage()).contains("twelve");
    }

    @Test
    void aQueryOverItsTimeLimitIsAQueryTimeout() {
        QueryTimeoutException timeout = cause(nativeQuery(
                "SELECT count() FROM numbers_mt(100000000000) SETTINGS max_execution_time = 1"),
                QueryTimeoutException.class);
        // the driver reports code 159 as its own SQLTimeoutException, which Hibernate maps the same way
        assertThat(timeout.getMessage()).contains("execution time exceeded");
    }

    @Test
    void tooManyPartsSaysHowToInsertInstead() {
        db.execute("CREATE TABLE tiny_parts (id Int64, page String, at DateTime64(6, 'UTC'), loadMs Nullable(Int32))"
                + " ENGINE = MergeTree ORDER BY id SETTINGS parts_to_throw_insert = 2, parts_to_delay_insert = 1000");
        db.execute("SYSTEM STOP MERGES tiny_parts");
        db.execute("INSERT INTO tiny_parts VALUES (1, '/', now64(6), 1)");
        db.execute("INSERT INTO tiny_parts VALUES (2, '/', now64(6), 1)");

        JDBCException error = cause(nativeUpdate("INSERT INTO tiny_parts VALUES (3, '/', now64(6), 1)"), JDBCException.class);

        assertThat(error.getErrorCode()).isEqualTo(252);
        assertThat(error.getMessage()).contains("Too many parts")
                .contains("each INSERT creates a part: send fewer, larger batches");
        assertThat(db.queryLong("SELECT count() FROM tiny_parts")).isEqualTo(2);
    }

    private Throwable nativeUpdate(String sql) {
        try (EntityManager em = factory.createEntityManager()) {
            em.getTransaction().begin();
            return catchThrowable(() -> em.createNativeQuery(sql).executeUpdate());
        }
    }

    private Throwable nativeQuery(String sql) {
        try (EntityManager em = factory.createEntityManager()) {
            return catchThrowable(() -> em.createNativeQuery(sql).getResultList());
        }
    }

    private static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + " in the chain of " + thrown, thrown);
    }
}
