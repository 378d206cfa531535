package dev.chorm.hibernate.query;

import dev.chorm.hibernate.Jpa;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-query and per-EntityManager ClickHouse settings, with their precedence, proven by settings
 * whose effect shows in the rows ({@code limit}, {@code join_use_nulls}).
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuerySettingsTest {

    private final QueryTests.Statements statements = new QueryTests.Statements();
    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = QueryTests.factory(db, statements, Hit.class, Account.class);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Jpa.inTransaction(factory, em -> {
            for (int i = 1; i <= 5; i++) {
                em.persist(new Hit(i, "/p" + i, "NL", at, i * 10));
            }
            em.persist(new Account(1, "one", 1));
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    private List<Long> ids(EntityManager em, Settings settings) {
        var query = em.createQuery("select h.id from Hit h order by h.id", Long.class);
        return (settings == null ? query : ClickHouseQuery.settings(query, settings)).getResultList();
    }

    @Test
    void aQuerySettingReachesTheServer() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(ids(em, Settings.of("limit", 2))).containsExactly(1L, 2L);
            assertThat(statements.last()).endsWith("settings join_use_nulls = 1, aggregate_functions_null_for_empty = 1, "
                    + "group_by_use_nulls = 1, limit = 2");
            assertThat(ids(em, null)).containsExactly(1L, 2L, 3L, 4L, 5L); // the same HQL without the hint: plan cache
        }
    }

    @Test
    void theHintAndAMapWorkAsTheTypedHelperDoes() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select h.id from Hit h order by h.id", Long.class)
                    .setHint(ClickHouseHints.DATABASE_HINT, "chorm.settings: limit = 3").getResultList())
                    .containsExactly(1L, 2L, 3L);
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("limit", 4);
            map.put("max_threads", 1);
            assertThat(ClickHouseQuery.settings(em.createQuery("select h.id from Hit h order by h.id", Long.class), map)
                    .getResultList()).containsExactly(1L, 2L, 3L, 4L);
            assertThat(statements.last()).endsWith("limit = 4, max_threads = 1");
        }
    }

    @Test
    void criteriaQueriesTakeSettingsToo() {
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Hit> h = q.from(Hit.class);
            q.select(h.get("id")).orderBy(cb.desc(h.get("id")));
            assertThat(ClickHouseQuery.settings(em.createQuery(q), Settings.of("limit", 1)).getResultList())
                    .containsExactly(5L);
        }
    }

    @Test
    void nativeQueriesTakeSettingsToo() {
        try (EntityManager em = factory.createEntityManager()) {
            var query = em.createNativeQuery("select number from numbers(10) order by number", Long.class);
            assertThat(ClickHouseQuery.settings(query, Settings.of("limit", 2)).getResultList()).containsExactly(0L, 1L);
            assertThat(statements.last()).isEqualTo("select number from numbers(10) order by number settings limit = 2");
        }
    }

    @Test
    void asHttpParametersTheSettingsReachTheServerWithTheirValues(TestDatabase db) throws Exception {
        String text = "it's a \\ 'test'";
        Settings settings = Settings.of("log_comment", text).and("max_threads", 3).and("optimize_on_insert", false);
        assertThat(settings.asParameters()).containsExactly(Map.entry("log_comment", text),
                Map.entry("max_threads", "3"), Map.entry("optimize_on_insert", "0"));
        StringBuilder url = new StringBuilder(db.jdbcUrl()).append(db.jdbcUrl().contains("?") ? "&" : "?");
        settings.asParameters().forEach((name, value) -> url.append("clickhouse_setting_").append(name).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)).append('&'));
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url.toString(), db.user(), db.password());
             java.sql.ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT getSetting('log_comment'), getSetting('max_threads'), getSetting('optimize_on_insert')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(text);
            assertThat(rs.getLong(2)).isEqualTo(3);
            assertThat(rs.getBoolean(3)).isFalse();
        }
    }

    @Test
    void aLaterHintWinsForTheSameSetting() {
        try (EntityManager em = factory.createEntityManager()) {
            var query = em.createQuery("select h.id from Hit h order by h.id", Long.class);
            ClickHouseQuery.settings(query, Settings.of("limit", 1));
            ClickHouseQuery.settings(query, Settings.of("limit", 2));
            assertThat(query.getResultList()).containsExactly(1L, 2L);
        }
    }

    @Test
    void aQueryMayTurnOffChormsSqlSemanticsSettings() {
        String hql = "select a.version from Hit h left join Account a on a.id = h.id where h.id = 2";
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery(hql, Long.class).getResultList()).containsExactly((Long) null);
            assertThat(ClickHouseQuery.settings(em.createQuery(hql, Long.class), Settings.of("join_use_nulls", 0))
                    .getResultList()).containsExactly(0L); // ClickHouse's default for a miss
            assertThat(statements.last()).endsWith("settings aggregate_functions_null_for_empty = 1, "
                    + "group_by_use_nulls = 1, join_use_nulls = 0");
        }
    }

    @Test
    void entityManagerSettingsApplyToEachQueryUnlessTheQuerySaysOtherwise() {
        try (EntityManager em = ClickHouseQuery.createEntityManager(factory, Settings.of("limit", 2))) {
            assertThat(ids(em, null)).containsExactly(1L, 2L);
            assertThat(em.createQuery("select count(h) from Hit h", Long.class).getSingleResult()).isEqualTo(5L);
            assertThat(ids(em, Settings.of("limit", 3))).containsExactly(1L, 2L, 3L); // the query wins
            assertThat(em.find(Hit.class, 4L)).isNotNull(); // loads are queries too: limit 2 still finds it
        }
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(ids(em, null)).hasSize(5); // other EntityManagers are not affected
        }
    }

    @Test
    void entityManagerSettingsOverrideChormsSqlSemanticsSettings() {
        String hql = "select a.version from Hit h left join Account a on a.id = h.id where h.id = 2";
        try (EntityManager em = ClickHouseQuery.createEntityManager(factory, Settings.of("join_use_nulls", 0))) {
            assertThat(em.createQuery(hql, Long.class).getResultList()).containsExactly(0L);
            assertThat(ClickHouseQuery.settings(em.createQuery(hql, Long.class), Settings.of("join_use_nulls", 1))
                    .getResultList()).containsExactly((Long) null);
        }
    }

    @Test
    void entityManagerSettingsLeaveWritesAlone() {
        try (EntityManager em = ClickHouseQuery.createEntityManager(factory, Settings.of("max_threads", 1))) {
            em.getTransaction().begin();
            em.persist(new Hit(100, "/x", "DE", Instant.EPOCH, null));
            em.getTransaction().commit();
            assertThat(statements.sent.stream().filter(sql -> sql.startsWith("insert")).toList())
                    .allSatisfy(sql -> assertThat(sql).doesNotContain("settings"));
            em.getTransaction().begin();
            em.remove(em.find(Hit.class, 100L));
            em.getTransaction().commit();
        }
    }

    @Test
    void valuesOfEveryKindAreRenderedAsClickHouseLiterals() {
        Settings settings = Settings.of("a", 1).and("b", true).and("c", "it's").and("d", 2.5)
                .and("e", Duration.ofSeconds(30)).and("f", false);
        assertThat(settings.toString()).isEqualTo("a = 1, b = 1, c = 'it\\'s', d = 2.5, e = 30, f = 0");
        assertThat(Settings.parse("max_threads = 4, join_algorithm = hash, x = 'a''b', y = true").toString())
                .isEqualTo("max_threads = 4, join_algorithm = 'hash', x = 'a''b', y = 1");
        assertThat(Settings.parse(settings.toString())).isEqualTo(settings);
    }

    @Test
    void invalidNamesAndValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> Settings.of("max threads", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'max threads'");
        assertThatThrownBy(() -> Settings.of("x", new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setting x");
        assertThatThrownBy(() -> Settings.of("x", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClickHouseHints.settings("max_threads = 1; drop table Hit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_threads = 1; drop table Hit");
    }

    @Test
    void aSettingValueCannotCarrySql(TestDatabase db) {
        try (EntityManager em = factory.createEntityManager()) {
            var query = ClickHouseQuery.settings(em.createQuery("select h.id from Hit h", Long.class),
                    Settings.of("log_comment", "x' , max_threads = 1) drop table Hit --"));
            assertThat(query.getResultList()).hasSize(5); // a comment with quotes, nothing more
            assertThat(statements.last()).endsWith("log_comment = 'x\\' , max_threads = 1) drop table Hit --'");
            var raw = em.createQuery("select h.id from Hit h", Long.class)
                    .setHint(ClickHouseHints.DATABASE_HINT, "chorm.settings: limit = 1 union all select 1");
            assertThatThrownBy(raw::getResultList).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'limit = 1 union all select 1'");
        }
        assertThat(db.queryLong("select count() from Hit")).isEqualTo(5L);
    }

    @Test
    void connectionSettingsGiveWayToQuerySettingsAndToChormsSqlSemantics(TestDatabase db) {
        EntityManagerFactory withUrlSettings = new org.hibernate.jpa.HibernatePersistenceConfiguration("url-settings")
                .jdbcUrl(db.jdbcUrl() + "?clickhouse_setting_limit=2&clickhouse_setting_join_use_nulls=0")
                .jdbcCredentials(db.user(), db.password())
                .managedClass(Hit.class).managedClass(Account.class)
                .createEntityManagerFactory();
        try (withUrlSettings; EntityManager em = withUrlSettings.createEntityManager()) {
            assertThat(ids(em, null)).containsExactly(1L, 2L); // the connection's limit = 2
            assertThat(ids(em, Settings.of("limit", 3))).containsExactly(1L, 2L, 3L);
            assertThat(em.createQuery("select a.version from Hit h left join Account a on a.id = h.id where h.id = 2",
                    Long.class).getResultList()).containsExactly((Long) null); // join_use_nulls = 1 still
        }
    }

    @Test
    void factorySettingsComeBetweenChormsDefaultsAndTheEntityManagers(TestDatabase db) {
        EntityManagerFactory withFactorySettings = new org.hibernate.jpa.HibernatePersistenceConfiguration("factory-settings")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property(ClickHouseQuery.SETTINGS_PROPERTY, "limit = 4, join_use_nulls = 0")
                .managedClass(Hit.class).managedClass(Account.class)
                .createEntityManagerFactory();
        String miss = "select a.version from Hit h left join Account a on a.id = h.id where h.id = 2";
        try (withFactorySettings) {
            try (EntityManager em = withFactorySettings.createEntityManager()) {
                assertThat(ids(em, null)).containsExactly(1L, 2L, 3L, 4L);
                assertThat(em.createQuery(miss, Long.class).getResultList()).containsExactly(0L); // factory over chorm
                assertThat(ids(em, Settings.of("limit", 1))).containsExactly(1L); // query over factory
            }
            try (EntityManager em = ClickHouseQuery.createEntityManager(withFactorySettings,
                    Settings.of("limit", 2).and("join_use_nulls", 1))) {
                assertThat(ids(em, null)).containsExactly(1L, 2L); // session over factory
                assertThat(em.createQuery(miss, Long.class).getResultList()).containsExactly((Long) null);
                assertThat(ids(em, Settings.of("limit", 3))).containsExactly(1L, 2L, 3L); // query over session
            }
        }
    }

    @Test
    void invalidFactorySettingsFailAtStartupNamingTheProperty(TestDatabase db) {
        var configuration = new org.hibernate.jpa.HibernatePersistenceConfiguration("bad-settings")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password())
                .property(ClickHouseQuery.SETTINGS_PROPERTY, "limit = 4; drop table Hit")
                .managedClass(Hit.class);
        assertThatThrownBy(configuration::createEntityManagerFactory)
                .hasStackTraceContaining("Property chorm.settings: Invalid ClickHouse settings 'limit = 4; drop table Hit'");
        assertThat(db.queryLong("select count() from Hit")).isGreaterThan(0L);
    }
}
