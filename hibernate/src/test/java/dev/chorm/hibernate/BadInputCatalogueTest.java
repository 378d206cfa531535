package dev.chorm.hibernate;

import dev.chorm.hibernate.annotations.Alias;
import dev.chorm.hibernate.annotations.ClickHouseTable;
import dev.chorm.hibernate.annotations.ColumnType;
import dev.chorm.hibernate.annotations.Composite;
import dev.chorm.hibernate.annotations.EngineKind;
import dev.chorm.hibernate.annotations.Materialized;
import dev.chorm.hibernate.query.ClickHouseHints;
import dev.chorm.hibernate.query.ClickHouseQuery;
import dev.chorm.hibernate.query.Settings;
import dev.chorm.hibernate.type.InvalidValueException;
import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Enumerated;
import jakarta.persistence.EnumType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-input catalogue at the ORM level, one category per nested class: every case is refused with
 * an error of a known type whose message names the entity, the attribute (or the setting) and the
 * value, and a count proves that nothing was written. docs/reliability.md lists the cases with the
 * engine and CLI ones.
 *
 * <p>Value cases run twice: as a transaction persisting three entities, the middle one bad, and as a
 * {@code StatelessSession} batch of the same three; neither writes a row. Startup cases use schema
 * action {@code create} with a valid entity alongside the broken one: no table of either exists after.
 */
@ClickHouseTest
class BadInputCatalogueTest {

    /** A Java enum with one constant more than the ClickHouse Enum declares. */
    enum Phase { NEW, STARTED, DONE }

    /** One column of each type whose values have limits. */
    @Entity(name = "Gauge")
    @Table(name = "catalogue_gauge")
    static class Gauge {
        @Id Long id;
        @ColumnType("UInt8") Short level = 1;
        @ColumnType("UInt32") Long hits = 1L;
        @ColumnType("UInt64") BigInteger total = BigInteger.ONE;
        @ColumnType("Int8") Short delta = 0;
        @ColumnType("Enum8('low' = 1, 'high' = 2)") String band = "low";
        @ColumnType("IPv4") String source = "10.0.0.1";
        @ColumnType("IPv6") String target = "::1";
        @ColumnType("FixedString(4)") String code = "ab";
        @Column(precision = 5, scale = 2) BigDecimal price = new BigDecimal("1.50");
        @ColumnType("Date") LocalDate legacyDay = LocalDate.of(2024, 1, 1);
        LocalDate day = LocalDate.of(2024, 1, 1);
        @ColumnType("DateTime") Instant at = Instant.parse("2024-01-01T00:00:00Z");
        @ColumnType("DateTime64(3)") LocalDateTime seen = LocalDateTime.of(2024, 1, 1, 0, 0);
        @Column(nullable = false) String name = "sensor";
        @ColumnType("Array(UInt8)") List<Integer> samples = List.of(1, 2);
        @Composite @ColumnType("Map(String, UInt8)") Map<String, Integer> counters = Map.of("a", 1);
        @Composite @ColumnType("Map(FixedString(2), UInt8)") Map<String, Integer> byCountry = Map.of("FR", 1);

        Gauge() {
        }

        Gauge(long id) {
            this.id = id;
        }
    }

    private static EntityManagerFactory gauges;

    @BeforeAll
    static void createGauges(TestDatabase db) {
        gauges = factory(db, "create", Map.of("hibernate.jdbc.batch_size", "50"), Gauge.class, Keyed.class, Sampled.class);
    }

    @AfterAll
    static void closeGauges() {
        gauges.close();
    }

    @BeforeEach
    void emptyTables(TestDatabase db) {
        db.truncateAllTables();
    }

    // ====================================================================== types

    /** A value a column cannot hold exactly: refused before anything is sent. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Types {

        Stream<Arguments> badValues() {
            return Stream.of(
                    bad("unsigned overflow", g -> g.level = 256, "attribute level: value 256 is outside UInt8 (0..255)"),
                    bad("negative unsigned", g -> g.level = -1, "attribute level: value -1 is outside UInt8 (0..255)"),
                    bad("UInt32 overflow from a Long", g -> g.hits = 4_294_967_296L, "attribute hits: value 4294967296 is outside UInt32"),
                    bad("UInt64 overflow from a BigInteger", g -> g.total = BigInteger.TWO.pow(64),
                            "attribute total: value 18446744073709551616 is outside UInt64"),
                    bad("negative UInt64", g -> g.total = BigInteger.valueOf(-1), "attribute total: value -1 is outside UInt64"),
                    bad("signed overflow", g -> g.delta = 128, "attribute delta: value 128 is outside Int8 (-128..127)"),
                    bad("undeclared Enum value", g -> g.band = "medium",
                            "attribute band: value 'medium' is not declared in Enum8('low' = 1, 'high' = 2)"),
                    bad("IPv4: a host name", g -> g.source = "example.com", "attribute source: value 'example.com' is not an IPv4 address"),
                    bad("IPv4: an octet over 255", g -> g.source = "256.1.1.1", "attribute source: value '256.1.1.1' is not an IPv4 address"),
                    bad("IPv6: not an address", g -> g.target = "fe80::zz", "attribute target: value 'fe80::zz' is not an IP address"),
                    bad("FixedString: too many UTF-8 bytes", g -> g.code = "日本",
                            "attribute code: value '日本' has 6 bytes, more than FixedString(4) holds"),
                    bad("FixedString: too many characters", g -> g.code = "abcde",
                            "attribute code: value 'abcde' has 5 bytes, more than FixedString(4) holds"),
                    bad("Decimal overflow", g -> g.price = new BigDecimal("1000.00"),
                            "attribute price: value 1000.00 overflows Decimal(5, 2) (at most 3 integer digits)"),
                    bad("Decimal digits cut off", g -> g.price = new BigDecimal("1.005"),
                            "attribute price: value 1.005 has more than 2 fraction digits"),
                    bad("Date before 1970", g -> g.legacyDay = LocalDate.of(1969, 12, 31),
                            "attribute legacyDay: value 1969-12-31 is outside Date (1970-01-01 .. 2149-06-06)"),
                    bad("Date32 before 1900", g -> g.day = LocalDate.of(1899, 12, 31),
                            "attribute day: value 1899-12-31 is outside Date32 (1900-01-01 .. 2299-12-31)"),
                    bad("DateTime after 2106", g -> g.at = Instant.parse("2106-02-07T06:28:16Z"),
                            "attribute at: value 2106-02-07T06:28:16Z is outside DateTime"),
                    bad("DateTime64 after 2299", g -> g.seen = LocalDateTime.of(2300, 1, 1, 0, 0),
                            "attribute seen: value 2300-01-01T00:00 is outside DateTime64(3)"),
                    bad("null in a non-Nullable String", g -> g.name = null,
                            "attribute name: null, but the column type String is not Nullable"),
                    bad("null in a non-Nullable Enum", g -> g.band = null,
                            "attribute band: null, but the column type Enum8('low' = 1, 'high' = 2) is not Nullable"),
                    bad("null in a non-Nullable UInt8", g -> g.level = null,
                            "attribute level: null, but the column type UInt8 is not Nullable"),
                    bad("Array element overflow", g -> g.samples = List.of(1, 300),
                            "attribute samples: value [1, 300] has at [2] (1-based) value 300 is outside UInt8 (0..255)"),
                    bad("Map value overflow", g -> g.counters = Map.of("a", 300),
                            "attribute counters: value {a=300} has at key a value 300 is outside UInt8 (0..255)"),
                    bad("Map key too long for its FixedString", g -> g.byCountry = Map.of("FRA", 1),
                            "attribute byCountry: value {FRA=1} has at key FRA value 'FRA' has 3 bytes, more than FixedString(2) holds"));
        }

        @ParameterizedTest(name = "{0}: persist + flush writes no row")
        @MethodSource("badValues")
        void aTransactionWithOneBadEntityWritesNoRow(String name, Consumer<Gauge> change, String message, TestDatabase db) {
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges, em -> {
                em.persist(new Gauge(1));
                Gauge bad = new Gauge(2);
                change.accept(bad);
                em.persist(bad);
                em.persist(new Gauge(3));
                em.flush();
            }));
            assertThat(refusal(thrown)).hasMessageStartingWith("Entity Gauge, " + message);
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge")).as("rows written").isZero();
        }

        @ParameterizedTest(name = "{0}: a StatelessSession batch writes no row")
        @MethodSource("badValues")
        void aStatelessBatchWithOneBadEntityWritesNoRow(String name, Consumer<Gauge> change, String message, TestDatabase db) {
            Gauge bad = new Gauge(2);
            change.accept(bad);
            Throwable thrown = catchThrowable(() -> gauges.unwrap(SessionFactory.class)
                    .inStatelessTransaction(s -> s.insertMultiple(List.of(new Gauge(1), bad, new Gauge(3)))));
            assertThat(refusal(thrown)).hasMessageStartingWith("Entity Gauge, " + message);
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge")).as("rows written").isZero();
        }

        @Test
        void aValueMadeBadAfterPersistIsRefusedAtFlushAndNoRowOfTheTransactionIsWritten(TestDatabase db) {
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges, em -> {
                for (long id = 1; id <= 100; id++) {
                    em.persist(new Gauge(id));
                }
                em.find(Gauge.class, 50L).level = 1000; // valid when persisted, bad when flushed
            }));
            assertThat(refusal(thrown)).hasMessage("Entity Gauge, attribute level: value 1000 is outside UInt8 (0..255)");
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge")).isZero();
        }

        @Test
        void aBadValueInAnUpdateIsRefusedAndTheRowKeepsItsValue(TestDatabase db) {
            Jpa.inTransaction(gauges, em -> em.persist(new Gauge(1)));
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges, em -> em.find(Gauge.class, 1L).band = "medium"));
            assertThat(refusal(thrown)).hasMessageContaining("Entity Gauge, attribute band: value 'medium' is not declared");
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge WHERE band = 'low'")).isOne();
        }

        @Test
        void aBadDetachedEntityIsRefusedWhenMerged(TestDatabase db) {
            Gauge bad = new Gauge(9);
            bad.source = "10.0.0.300";
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges, em -> em.merge(bad)));
            assertThat(refusal(thrown)).hasMessageContaining("Entity Gauge, attribute source: value '10.0.0.300' is not an IPv4 address");
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge")).isZero();
        }

        private static Arguments bad(String name, Consumer<Gauge> change, String message) {
            return arguments(name, change, message);
        }
    }

    // ====================================================================== entities

    /** What an entity may not do on ClickHouse: refused at startup or when it happens, nothing written. */
    @Nested
    class Entities {

        @Test
        void changingAKeyAttributeIsRefusedAndTheRowKeepsItsKey(TestDatabase db) {
            Jpa.inTransaction(gauges, em -> em.persist(new Keyed(1, LocalDate.of(2026, 11, 1))));
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges,
                    em -> em.find(Keyed.class, 1L).day = LocalDate.of(2026, 12, 24)));
            assertThat(thrown).hasStackTraceContaining("Entity Keyed (id 1): attribute 'day' changed from 2026-11-01 to 2026-12-24");
            assertThat(db.queryLong("SELECT count() FROM catalogue_keyed WHERE day = '2026-11-01'")).isOne();
        }

        @Test
        void aVersionAttributeIsRefusedAtStartup(TestDatabase db) {
            assertStartupRefused(db, Versioned.class, org.hibernate.MappingException.class,
                    "Entity " + Versioned.class.getName() + " has a @Version attribute (revision)");
        }

        @Test
        void aGeneratedIdOfATypeClickHouseCannotGenerateIsRefusedAtStartup(TestDatabase db) {
            assertStartupRefused(db, GeneratedIntegerId.class, org.hibernate.MappingException.class,
                    "@GeneratedValue on the Integer id 'id' cannot be generated");
        }

        @Test
        void aPessimisticLockIsRefusedNamingTheLockModeAndNothingChanges(TestDatabase db) {
            Jpa.inTransaction(gauges, em -> em.persist(new Gauge(1)));
            try (EntityManager em = gauges.createEntityManager()) {
                em.getTransaction().begin();
                Throwable thrown = catchThrowable(() -> em.find(Gauge.class, 1L, LockModeType.PESSIMISTIC_WRITE));
                assertThat(thrown).hasStackTraceContaining("ClickHouse has no row locks: lock mode PESSIMISTIC_WRITE on entity Gauge cannot be honoured");
                em.getTransaction().rollback();
            }
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge")).isOne();
        }

        @Test
        void aMissingIdIsRefusedNamingTheEntity(TestDatabase db) {
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges, em -> em.persist(new Gauge())));
            assertThat(thrown).hasStackTraceContaining(Gauge.class.getName());
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge")).isZero();
        }
    }

    @Entity(name = "Keyed")
    @Table(name = "catalogue_keyed")
    @ClickHouseTable(orderBy = {"day", "id"})
    static class Keyed {
        @Id Long id;
        LocalDate day;

        Keyed() {
        }

        Keyed(long id, LocalDate day) {
            this.id = id;
            this.day = day;
        }
    }

    @Entity(name = "Sampled")
    @Table(name = "catalogue_sampled")
    @ClickHouseTable(orderBy = {"intHash32(id)"}, sampleBy = "intHash32(id)")
    static class Sampled {
        @Id Long id;
    }

    @Entity(name = "Versioned")
    @Table(name = "catalogue_versioned")
    static class Versioned {
        @Id Long id;
        @Version Long revision;
    }

    @Entity(name = "GeneratedIntegerId")
    @Table(name = "catalogue_generated")
    static class GeneratedIntegerId {
        @Id @GeneratedValue Integer id;
    }

    /** A valid entity started together with each broken one: its table must not be created either. */
    @Entity(name = "Companion")
    @Table(name = "catalogue_companion")
    static class Companion {
        @Id Long id;
    }

    // ====================================================================== annotations and layout

    /** Column types and table layouts ClickHouse would refuse, or that could not hold the attribute: refused at startup. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AnnotationsAndLayout {

        Stream<Arguments> brokenMappings() {
            return Stream.of(
                    arguments("a column type that does not fit the Java type", WrongJavaType.class,
                            "@ColumnType(\"UInt8\") does not fit the Java type"),
                    arguments("Nullable(LowCardinality(...))", NullableLowCardinality.class,
                            "Nullable cannot wrap LowCardinality(String)"),
                    arguments("LowCardinality of a Decimal", LowCardinalityDecimal.class, "LowCardinality"),
                    arguments("LowCardinality of a number (suspicious by default)", LowCardinalityNumber.class,
                            "allow_suspicious_low_cardinality_types"),
                    arguments("a Nullable Map key", NullableMapKey.class, "a Map key cannot be Nullable(String)"),
                    arguments("a Map key of a Java type without a ClickHouse type", ObjectMapKey.class,
                            "chorm has no default ClickHouse type for java.util.Map<java.lang.Thread, java.lang.Integer>"),
                    arguments("Decimal precision over 76", WideDecimal.class, "Decimal precision"),
                    arguments("FixedString(0)", EmptyFixedString.class, "FixedString"),
                    arguments("an Enum8 value over 127", EnumOutOfRange.class, "Enum8 value 200 of 'a' is outside -128..127"),
                    arguments("a Java enum with a constant the ClickHouse Enum lacks", EnumLacksConstant.class,
                            "attribute phase (column catalogue_enum_lacks.phase): @ColumnType(\"Enum8('NEW' = 1, 'DONE' = 2)\") does not fit"
                            + " the Java type " + Phase.class.getName() + ": the constant STARTED is not declared"),
                    arguments("a misspelt type name", MisspeltType.class, "Strin"),
                    arguments("ORDER BY an unknown column", UnknownOrderByColumn.class, "no_such_column"),
                    arguments("PRIMARY KEY not a prefix of ORDER BY", PrimaryKeyNotPrefix.class, "PRIMARY KEY"),
                    arguments("SAMPLE BY outside the key", SampleOutsideKey.class, "SAMPLE BY"),
                    arguments("a Collapsing sign that is not Int8", WrongSign.class, "sign"),
                    arguments("@Materialized and @Alias on one column", MaterializedAndAlias.class,
                            "can have one of @Materialized, @Alias"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brokenMappings")
        void aBrokenMappingFailsAtStartupNamingTheEntityAndTheAttributeAndCreatesNoTable(
                String name, Class<?> entity, String problem, TestDatabase db) {
            assertStartupRefused(db, entity, RuntimeException.class, problem);
        }
    }

    @Entity(name = "WrongJavaType") @Table(name = "catalogue_wrong_java_type")
    static class WrongJavaType {
        @Id Long id;
        @ColumnType("UInt8") String label;
    }

    @Entity(name = "NullableLowCardinality") @Table(name = "catalogue_nullable_lc")
    static class NullableLowCardinality {
        @Id Long id;
        @ColumnType("Nullable(LowCardinality(String))") String label;
    }

    @Entity(name = "LowCardinalityDecimal") @Table(name = "catalogue_lc_decimal")
    static class LowCardinalityDecimal {
        @Id Long id;
        @ColumnType("LowCardinality(Decimal(10, 2))") BigDecimal amount;
    }

    @Entity(name = "LowCardinalityNumber") @Table(name = "catalogue_lc_number")
    static class LowCardinalityNumber {
        @Id Long id;
        @ColumnType("LowCardinality(UInt32)") Long amount;
    }

    @Entity(name = "NullableMapKey") @Table(name = "catalogue_nullable_map_key")
    static class NullableMapKey {
        @Id Long id;
        @Composite @ColumnType("Map(Nullable(String), UInt8)") Map<String, Integer> counters;
    }

    @Entity(name = "ObjectMapKey") @Table(name = "catalogue_object_map_key")
    static class ObjectMapKey {
        @Id Long id;
        @Composite Map<Thread, Integer> counters;
    }

    @Entity(name = "WideDecimal") @Table(name = "catalogue_wide_decimal")
    static class WideDecimal {
        @Id Long id;
        @ColumnType("Decimal(80, 2)") BigDecimal amount;
    }

    @Entity(name = "EmptyFixedString") @Table(name = "catalogue_empty_fixed_string")
    static class EmptyFixedString {
        @Id Long id;
        @ColumnType("FixedString(0)") String code;
    }

    @Entity(name = "EnumOutOfRange") @Table(name = "catalogue_enum_range")
    static class EnumOutOfRange {
        @Id Long id;
        @ColumnType("Enum8('a' = 200)") String band;
    }

    @Entity(name = "EnumLacksConstant") @Table(name = "catalogue_enum_lacks")
    static class EnumLacksConstant {
        @Id Long id;
        @Enumerated(EnumType.STRING) @ColumnType("Enum8('NEW' = 1, 'DONE' = 2)") Phase phase;
    }

    @Entity(name = "MisspeltType") @Table(name = "catalogue_misspelt")
    static class MisspeltType {
        @Id Long id;
        @ColumnType("Strin") String label;
    }

    @Entity(name = "UnknownOrderByColumn") @Table(name = "catalogue_unknown_order")
    @ClickHouseTable(orderBy = {"no_such_column"})
    static class UnknownOrderByColumn {
        @Id Long id;
    }

    @Entity(name = "PrimaryKeyNotPrefix") @Table(name = "catalogue_pk_prefix")
    @ClickHouseTable(orderBy = {"day", "id"}, primaryKey = {"id"})
    static class PrimaryKeyNotPrefix {
        @Id Long id;
        LocalDate day;
    }

    @Entity(name = "SampleOutsideKey") @Table(name = "catalogue_sample_key")
    @ClickHouseTable(orderBy = {"id"}, sampleBy = "cityHash64(label)")
    static class SampleOutsideKey {
        @Id Long id;
        String label;
    }

    @Entity(name = "WrongSign") @Table(name = "catalogue_wrong_sign")
    @ClickHouseTable(engine = @dev.chorm.hibernate.annotations.Engine(value = EngineKind.COLLAPSING_MERGE_TREE, sign = "sign"),
            orderBy = {"id"})
    static class WrongSign {
        @Id Long id;
        Integer sign;
    }

    @Entity(name = "MaterializedAndAlias") @Table(name = "catalogue_mat_alias")
    static class MaterializedAndAlias {
        @Id Long id;
        @Materialized("1") @Alias("2") Integer value;
    }

    // ====================================================================== HQL

    /** Queries that cannot mean what they say on ClickHouse: refused when compiled or run, nothing changed. */
    @Nested
    class Hql {

        @BeforeEach
        void threeGauges() {
            Jpa.inTransaction(gauges, em -> {
                for (long id = 1; id <= 3; id++) {
                    em.persist(new Gauge(id));
                }
            });
        }

        @Test
        void anUnknownAttributeIsRefusedNamingItAndTheEntity(TestDatabase db) {
            Throwable thrown = query("select g.nope from Gauge g");
            assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasStackTraceContaining("nope")
                    .hasStackTraceContaining("Gauge");
            assertUnchanged(db);
        }

        @Test
        void anUnknownFunctionIsRefusedNamingIt(TestDatabase db) {
            Throwable thrown = query("select frobnicate(g.level) from Gauge g");
            assertThat(thrown).isInstanceOf(org.hibernate.exception.SQLGrammarException.class)
                    .hasMessageContaining("Code: 46. DB::Exception: Function with name `frobnicate` does not exist");
            assertUnchanged(db);
        }

        @Test
        void finalOnAnEngineThatDoesNotCollapseIsRefusedNamingTheEntity(TestDatabase db) {
            Throwable thrown = query("select count(g) from Gauge g where final(g)");
            assertThat(thrown).hasStackTraceContaining("final(g)").hasStackTraceContaining("entity Gauge");
            assertUnchanged(db);
        }

        @Test
        void sampleOnATableWithoutSampleByIsRefusedNamingTheEntity(TestDatabase db) {
            Throwable thrown = query("select count(g) from Gauge g where sample(g, 0.1)");
            assertThat(thrown).hasStackTraceContaining("sample(g, ").hasStackTraceContaining("entity Gauge");
            assertUnchanged(db);
        }

        @Test
        void aSampleRatioOutsideZeroToOneIsRefusedNamingTheValue(TestDatabase db) {
            Throwable thrown = query("select count(s) from Sampled s where sample(s, -1)");
            assertThat(thrown).hasStackTraceContaining("sample(s, ").hasStackTraceContaining("-1");
            assertUnchanged(db);
        }

        @Test
        void aQueryClauseUsedAsAValueIsRefused(TestDatabase db) {
            Throwable thrown = query("select count(g) from Gauge g where final(g) or g.id = 1");
            assertThat(thrown).hasStackTraceContaining("final(...) is a ClickHouse query clause");
            assertUnchanged(db);
        }

        @Test
        void aStandardFunctionClickHouseLacksIsRefusedWithTheReason(TestDatabase db) {
            Throwable thrown = query("select collate(g.name as binary) from Gauge g");
            assertThat(thrown).hasStackTraceContaining("collate");
            assertUnchanged(db);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.chorm.hibernate.BadInputCatalogueTest#badBulkAssignments")
        void aBulkUpdateAssigningAValueTheColumnCannotHoldIsRefusedBeforeItRunsAndChangesNoRow(
                String name, String hql, Object parameter, String message, TestDatabase db) {
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges, em -> {
                var update = em.createQuery(hql);
                if (parameter != null) {
                    update.setParameter("value", parameter);
                }
                update.executeUpdate();
            }));
            assertThat(refusal(thrown)).hasMessageStartingWith("Entity Gauge, " + message);
            assertUnchanged(db);
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge WHERE band = 'low' AND code = 'ab'")).isEqualTo(3);
        }

        @Test
        void theSameBulkUpdateWithAValidValueRunsAfterARefusedOne(TestDatabase db) {
            String hql = "update Gauge g set g.level = :value where g.id = 2";
            assertThat(catchThrowable(() -> Jpa.inTransaction(gauges, em -> em.createQuery(hql).setParameter("value", (short) 300)
                    .executeUpdate()))).isNotNull();
            Jpa.inTransaction(gauges, em -> em.createQuery(hql).setParameter("value", (short) 7).executeUpdate());
            assertThat(catchThrowable(() -> Jpa.inTransaction(gauges, em -> em.createQuery(hql).setParameter("value", (short) 256)
                    .executeUpdate()))).as("checked again, not a cached statement").isNotNull();
            assertThat(db.queryLong("SELECT level FROM catalogue_gauge WHERE id = 2")).isEqualTo(7);
        }

        @Test
        void aBulkUpdateOfAKeyColumnIsRefusedAndChangesNoRow(TestDatabase db) {
            Jpa.inTransaction(gauges, em -> em.persist(new Keyed(1, LocalDate.of(2026, 11, 1))));
            Throwable thrown = catchThrowable(() -> Jpa.inTransaction(gauges, em -> em
                    .createQuery("update Keyed k set k.day = :day").setParameter("day", LocalDate.of(2027, 1, 1))
                    .executeUpdate()));
            assertThat(thrown).hasRootCauseInstanceOf(com.clickhouse.client.api.ServerException.class)
                    .hasStackTraceContaining("Code: 420. DB::Exception: Cannot UPDATE key column `day`");
            assertThat(db.queryLong("SELECT count() FROM catalogue_keyed WHERE day = '2026-11-01'")).isOne();
        }

        private Throwable query(String hql) {
            try (EntityManager em = gauges.createEntityManager()) {
                return catchThrowable(() -> em.createQuery(hql).getResultList());
            }
        }

        private void assertUnchanged(TestDatabase db) {
            assertThat(db.queryLong("SELECT count() FROM catalogue_gauge WHERE level = 1")).isEqualTo(3);
        }
    }

    static Stream<Arguments> badBulkAssignments() {
        return Stream.of(
                arguments("bulk update: unsigned overflow in a parameter", "update Gauge g set g.level = :value where g.id = 2",
                        (short) 300, "attribute level: value 300 is outside UInt8 (0..255)"),
                arguments("bulk update: unsigned overflow in a literal", "update Gauge g set g.level = 300", null,
                        "attribute level: value 300 is outside UInt8 (0..255)"),
                arguments("bulk update: undeclared Enum value", "update Gauge g set g.band = :value", "medium",
                        "attribute band: value 'medium' is not declared in Enum8('low' = 1, 'high' = 2)"),
                arguments("bulk update: FixedString too long", "update Gauge g set g.code = :value", "日本",
                        "attribute code: value '日本' has 6 bytes, more than FixedString(4) holds"),
                arguments("bulk update: null in a non-Nullable column", "update Gauge g set g.name = null", null,
                        "attribute name: null, but the column type String is not Nullable"));
    }

    // ====================================================================== configuration

    /** Malformed properties, hints and settings: refused naming the setting and its value, nothing written. */
    @Nested
    class Configuration {

        @Test
        void malformedFactorySettingsFailAtStartupNamingThePropertyAndTheValue(TestDatabase db) {
            assertStartupRefused(db, Map.of(ClickHouseQuery.SETTINGS_PROPERTY, "max_threads = 4; drop table x"),
                    "Property chorm.settings: Invalid ClickHouse settings 'max_threads = 4; drop table x'");
        }

        @Test
        void anUnknownMutationSyncPolicyFailsAtStartupNamingTheValue(TestDatabase db) {
            assertStartupRefused(db, Map.of(MutationSync.PROPERTY, "sometimes"),
                    "Property chorm.mutations.sync is 'sometimes'; expected one of");
        }

        @Test
        void anUnknownClusterFailsAtStartupNamingTheClusterAndCreatesNoTable(TestDatabase db) {
            // Hibernate only logs a refused CREATE unless told to halt (its default on every database)
            assertStartupRefused(db, Map.of(ClusterProperties.CLUSTER, "no_such_cluster", "hibernate.hbm2ddl.halt_on_error", "true"),
                    "Requested cluster 'no_such_cluster' not found");
        }

        @Test
        void aClusterFlagThatIsNeitherTrueNorFalseFailsAtStartupNamingTheValue(TestDatabase db) {
            assertStartupRefused(db, Map.of(ClusterProperties.CLUSTER, "analytics", ClusterProperties.REPLICATED_DATABASE, "yes"),
                    "Invalid value 'yes' for chorm.cluster.replicated_database: expected true or false");
        }

        @Test
        void aMalformedSettingsHintIsRefusedNamingTheText(TestDatabase db) {
            try (EntityManager em = gauges.createEntityManager()) {
                Throwable thrown = catchThrowable(() -> em.createQuery("select g.id from Gauge g")
                        .setHint(ClickHouseHints.DATABASE_HINT, "chorm.settings: limit = 1 union all select 1").getResultList());
                assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("'limit = 1 union all select 1'");
            }
        }

        @Test
        void aSettingValueOfAnUnusableJavaTypeIsRefusedNamingTheSetting() {
            Throwable thrown = catchThrowable(() -> Settings.of("max_threads", new Object()));
            assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setting max_threads");
            assertThat(catchThrowable(() -> Settings.of("max_threads", Double.NaN)))
                    .hasMessage("Invalid value NaN for ClickHouse setting max_threads");
        }

        @Test
        void anUnknownSettingOnAQueryIsRefusedByTheServerNamingIt(TestDatabase db) {
            try (EntityManager em = gauges.createEntityManager()) {
                Throwable thrown = catchThrowable(() -> ClickHouseQuery.settings(em.createQuery("select g.id from Gauge g", Long.class),
                        Settings.of("no_such_setting", 1)).getResultList());
                assertThat(thrown).hasStackTraceContaining("no_such_setting");
            }
        }

        @Test
        void aSettingValueOfTheWrongTypeIsRefusedByTheServerNamingTheSettingAndTheValue(TestDatabase db) {
            try (EntityManager em = gauges.createEntityManager()) {
                Throwable thrown = catchThrowable(() -> ClickHouseQuery.settings(em.createQuery("select g.id from Gauge g", Long.class),
                        Settings.of("max_threads", "lots")).getResultList());
                assertThat(thrown).hasStackTraceContaining("max_threads").hasStackTraceContaining("lots");
            }
        }
    }

    // ====================================================================== plumbing

    private static EntityManagerFactory factory(TestDatabase db, String action, Map<String, String> properties, Class<?>... entities) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("catalogue")
                .jdbcUrl(db.jdbcUrl()).jdbcCredentials(db.user(), db.password());
        if (action != null) {
            configuration.property("jakarta.persistence.schema-generation.database.action", action);
        }
        properties.forEach(configuration::property);
        for (Class<?> entity : entities) {
            configuration.managedClass(entity);
        }
        return configuration.createEntityManagerFactory();
    }

    /** Starts a factory for {@code broken} and {@link Companion}; asserts the refusal and that neither table exists. */
    private static void assertStartupRefused(TestDatabase db, Class<?> broken, Class<? extends Throwable> type, String problem) {
        String table = broken.getAnnotation(Table.class).name();
        Throwable thrown = catchThrowable(() -> factory(db, "create", Map.of(), Companion.class, broken).close());
        assertThat(thrown).as("startup with %s", broken.getSimpleName()).isNotNull();
        Throwable named = find(thrown, type, problem);
        assertThat(named).as("an error saying %s in %s", problem, thrown).isNotNull();
        assertThat(named.getMessage()).as("names the entity").containsAnyOf(broken.getSimpleName(), broken.getName(), table);
        assertThat(tables(db, table, "catalogue_companion")).as("tables created").isZero();
    }

    /** Starts a factory for {@link Companion} with {@code properties}; asserts the refusal and that no table exists. */
    private static void assertStartupRefused(TestDatabase db, Map<String, String> properties, String problem) {
        Throwable thrown = catchThrowable(() -> factory(db, "create", properties, Companion.class).close());
        assertThat(thrown).as("startup with %s", properties).isNotNull().hasStackTraceContaining(problem);
        assertThat(tables(db, "catalogue_companion")).as("tables created").isZero();
    }

    private static long tables(TestDatabase db, String... names) {
        return db.queryLong("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name IN ('"
                + String.join("', '", names) + "')");
    }

    private static Throwable find(Throwable thrown, Class<? extends Throwable> type, String text) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t) && t.getMessage() != null && t.getMessage().contains(text)) {
                return t;
            }
        }
        return null;
    }

    /** The {@link InvalidValueException} in a chain of causes. */
    private static InvalidValueException refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidValueException e) {
                return e;
            }
        }
        throw new AssertionError("no InvalidValueException in " + thrown, thrown);
    }
}
