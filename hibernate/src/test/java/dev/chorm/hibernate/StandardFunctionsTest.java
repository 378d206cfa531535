package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every function of HQL's standard list gives on ClickHouse the result it gives on PostgreSQL,
 * checked by value: strings count characters (not UTF-8 bytes), extract fields follow HQL's
 * definitions, date arithmetic is calendar-aware, {@code timestampdiff} counts whole units, and
 * the one function ClickHouse cannot provide ({@code collate}) is refused with the reason.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandardFunctionsTest {

    @Entity(name = "Fn")
    static class Fn {
        @Id Long id;
        String ascii;
        String text;
        int n;
        double d;
        @Column(precision = 10, scale = 3) BigDecimal dec;
        LocalDate day;
        LocalDateTime ts;
        LocalDateTime later;
        Instant instant;
        Integer missing;
        boolean flag;
    }

    private static final LocalDateTime TS = LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000); // a Thursday
    private static final LocalDateTime LATER = LocalDateTime.of(2024, 3, 2, 10, 0, 0);
    private static final Instant INSTANT = Instant.parse("2024-02-29T13:45:30.5Z");

    private EntityManagerFactory factory;

    @BeforeAll
    void start(TestDatabase db) {
        factory = Jpa.factory(db, "drop-and-create", Fn.class);
        Jpa.inTransaction(factory, em -> {
            Fn fn = new Fn();
            fn.id = 1L;
            fn.ascii = "Hello World";
            fn.text = "héllo wörld"; // 11 characters, 13 bytes
            fn.n = 7;
            fn.d = 2.5;
            fn.dec = new BigDecimal("12.345");
            fn.day = LocalDate.of(2024, 2, 29);
            fn.ts = TS;
            fn.later = LATER;
            fn.instant = INSTANT;
            fn.flag = true;
            em.persist(fn);
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    // ---------------------------------------------------------------- strings

    @Test
    void concatenation() {
        assertThat(eval("concat(f.ascii, '!', f.n)")).isEqualTo("Hello World!7");
        assertThat(eval("f.ascii || '?'")).isEqualTo("Hello World?");
        assertThat(eval("concat(f.text, f.missing)")).isNull(); // NULL propagates, as with ||
    }

    @Test
    void substringCountsCharacters() {
        assertThat(eval("substring(f.text, 2, 3)")).isEqualTo("éll");
        assertThat(eval("substring(f.text, 3)")).isEqualTo("llo wörld");
        assertThat(eval("substring(f.text from 8 for 2)")).isEqualTo("ör");
    }

    @Test
    void upperAndLowerChangeEveryLetter() {
        assertThat(eval("upper(f.text)")).isEqualTo("HÉLLO WÖRLD");
        assertThat(eval("lower('ÀÉÎ Ab')")).isEqualTo("àéî ab");
    }

    @Test
    void trimSpacesOrAGivenCharacter() {
        assertThat(eval("trim('  a b  ')")).isEqualTo("a b");
        assertThat(eval("trim(leading from '  a  ')")).isEqualTo("a  ");
        assertThat(eval("trim(trailing from '  a  ')")).isEqualTo("  a");
        assertThat(eval("trim(both 'x' from 'xxaxbxx')")).isEqualTo("axb");
        assertThat(eval("trim(leading 'H' from f.ascii)")).isEqualTo("ello World");
        assertThat(eval("trim(trailing 'd' from f.ascii)")).isEqualTo("Hello Worl");
        assertThat(eval("trim(both 'é' from 'ééaèé')")).isEqualTo("aè"); // a multi-byte character
        assertThat(eval("trim(both '.' from '..a.b..')")).isEqualTo("a.b"); // not a regex wildcard
        assertThat(eval("ltrim('  a  ')")).isEqualTo("a  ");
        assertThat(eval("rtrim('  a  ')")).isEqualTo("  a");
        assertThat(eval("ltrim('xyxzaxz', 'xy')")).isEqualTo("zaxz"); // any of the characters, as on PostgreSQL
        assertThat(eval("rtrim('aézéé', 'é')")).isEqualTo("aéz");
        assertThat(eval("rtrim('a]]-^', '^]-')")).isEqualTo("a");
    }

    @Test
    void lengthCountsCharacters() {
        assertThat(eval("length(f.text)")).isEqualTo(11);
        assertThat(eval("character_length(f.text)")).isEqualTo(11);
        assertThat(eval("octet_length(f.text)")).isEqualTo(13);
        assertThat(eval("bit_length(f.text)")).isEqualTo(104);
    }

    @Test
    void locateAndPositionCountCharacters() {
        assertThat(eval("locate('l', f.text)")).isEqualTo(3);
        assertThat(eval("locate('l', f.text, 5)")).isEqualTo(10);
        assertThat(eval("locate('z', f.text)")).isEqualTo(0);
        assertThat(eval("position('w' in f.text)")).isEqualTo(7);
    }

    @Test
    void replaceLeftRightRepeatReverse() {
        assertThat(eval("replace(f.text, 'l', 'L')")).isEqualTo("héLLo wörLd");
        assertThat(eval("left(f.text, 2)")).isEqualTo("hé");
        assertThat(eval("right(f.text, 4)")).isEqualTo("örld");
        assertThat(eval("repeat('ab', 3)")).isEqualTo("ababab");
        assertThat(eval("reverse(f.text)")).isEqualTo("dlröw olléh");
        assertThat(eval("overlay(f.text placing 'XX' from 2 for 3)")).isEqualTo("hXXo wörld");
    }

    @Test
    void paddingCountsCharacters() {
        assertThat(eval("lpad(f.text, 13, '*')")).isEqualTo("**héllo wörld");
        assertThat(eval("rpad(f.text, 13, '*')")).isEqualTo("héllo wörld**");
        assertThat(eval("lpad(f.text, 3)")).isEqualTo("hél");
        assertThat(eval("pad(f.text with 12 leading '-')")).isEqualTo("-héllo wörld");
        assertThat(eval("pad(f.text with 12 trailing)")).isEqualTo("héllo wörld ");
    }

    @Test
    void asciiAndChr() {
        assertThat(eval("ascii('a')")).isEqualTo(97);
        assertThat(eval("chr(65)")).isEqualTo('A');
    }

    @Test
    void stringLiteralsAndParametersKeepBackslashesAndQuotes() {
        assertThat(eval("'C:\\temp\\new'")).isEqualTo("C:\\temp\\new");
        assertThat(eval("'it''s'")).isEqualTo("it's");
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select concat(:p, '|') from Fn f", String.class)
                    .setParameter("p", "a\\b'c\td").getSingleResult()).isEqualTo("a\\b'c\td|");
        }
    }

    @Test
    void likeAndIlikeMatchCharacters() {
        assertThat(eval("f.text like 'h_llo%'")).isEqualTo(true);
        assertThat(eval("f.text ilike 'HÉLLO%'")).isEqualTo(true);
        assertThat(eval("f.text like 'H%'")).isEqualTo(false);
        assertThat(eval("'50%' like '50!%' escape '!'")).isEqualTo(true);
        assertThat(eval("'505' like '50!%' escape '!'")).isEqualTo(false);
    }

    @Test
    void likeWithAnEscapeCharacter() {
        assertThat(eval("'a_b' like 'a\\_b' escape '\\'")).isEqualTo(true);
        assertThat(eval("'axb' like 'a\\_b' escape '\\'")).isEqualTo(false);
        assertThat(eval("'a%' like 'a#%' escape '#'")).isEqualTo(true);
    }

    @Test
    void collateIsRefusedWithTheReason() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThatThrownBy(() -> em.createQuery("select collate(f.ascii as ucs_basic) from Fn f").getResultList())
                    .hasStackTraceContaining("collate() is not supported on ClickHouse")
                    .hasStackTraceContaining("ORDER BY");
        }
    }

    // ---------------------------------------------------------------- numbers

    @Test
    void absSignModAndArithmetic() {
        assertThat(eval("abs(-f.n)")).isEqualTo(7);
        assertThat(((Number) eval("sign(-f.d)")).intValue()).isEqualTo(-1);
        assertThat(((Number) eval("sign(0)")).intValue()).isEqualTo(0);
        assertThat(eval("mod(f.n, 3)")).isEqualTo(1);
        assertThat(eval("mod(-f.n, 3)")).isEqualTo(-1); // sign of the dividend, as in SQL
        assertThat(eval("f.n % 4")).isEqualTo(3);
        assertThat(eval("f.n / 2")).isEqualTo(3);
        assertThat(eval("f.d / 2")).isEqualTo(1.25);
        assertThat((BigDecimal) eval("f.dec * 2")).isEqualByComparingTo("24.690");
    }

    @Test
    void powersRootsAndLogarithms() {
        assertThat((Double) eval("sqrt(16)")).isEqualTo(4.0);
        assertThat((Double) eval("exp(1.0)")).isCloseTo(Math.E, within(1e-12));
        assertThat((Double) eval("ln(f.d)")).isCloseTo(Math.log(2.5), within(1e-12));
        assertThat((Double) eval("log10(1000)")).isCloseTo(3.0, within(1e-12));
        assertThat((Double) eval("log(2, 8)")).isCloseTo(3.0, within(1e-12));
        assertThat((Double) eval("power(2, 10)")).isEqualTo(1024.0);
        assertThat((Double) eval("power(f.d, 2)")).isEqualTo(6.25);
    }

    @Test
    void roundingWithAndWithoutScale() {
        assertThat((BigDecimal) eval("round(f.dec, 1)")).isEqualByComparingTo("12.3");
        assertThat((BigDecimal) eval("round(f.dec, 2)")).isEqualByComparingTo("12.35"); // half away from zero
        assertThat((BigDecimal) eval("round(f.dec)")).isEqualByComparingTo("12");
        assertThat((BigDecimal) eval("round(-2.5bd)")).isEqualByComparingTo("-3");
        assertThat((Double) eval("round(3.14159, 2)")).isEqualTo(3.14);
        assertThat((Double) eval("round(f.d)")).isEqualTo(2.0); // a double rounds half to even, as on PostgreSQL
        assertThat((Double) eval("floor(f.d)")).isEqualTo(2.0);
        assertThat((Double) eval("ceiling(f.d)")).isEqualTo(3.0);
        assertThat((Double) eval("floor(-2.5)")).isEqualTo(-3.0);
        assertThat((BigDecimal) eval("floor(f.dec)")).isEqualByComparingTo("12");
        assertThat((BigDecimal) eval("ceiling(f.dec)")).isEqualByComparingTo("13");
    }

    @Test
    void decimalLiteralsAndParametersStayExact() {
        assertThat((BigDecimal) eval("f.dec * 1.1bd")).isEqualByComparingTo("13.5795");
        assertThat((BigDecimal) eval("0.1bd + 0.2bd")).isEqualByComparingTo("0.3");
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select f.dec * :p from Fn f", BigDecimal.class)
                    .setParameter("p", new BigDecimal("1.1")).getSingleResult()).isEqualByComparingTo("13.5795");
            assertThat(em.createQuery("select f.id from Fn f where f.dec = :p", Long.class)
                    .setParameter("p", new BigDecimal("12.345")).getResultList()).containsExactly(1L);
        }
    }

    @Test
    void truncationTowardZero() {
        assertThat((BigDecimal) eval("trunc(f.dec, 1)")).isEqualByComparingTo("12.3");
        assertThat((Double) eval("truncate(-2.7)")).isEqualTo(-2.0);
        assertThat((Double) eval("trunc(2.789, 2)")).isEqualTo(2.78);
    }

    @Test
    void trigonometryAndHyperbolicFunctions() {
        assertThat((Double) eval("sin(0.5)")).isCloseTo(Math.sin(0.5), within(1e-12));
        assertThat((Double) eval("cos(0.5)")).isCloseTo(Math.cos(0.5), within(1e-12));
        assertThat((Double) eval("tan(0.5)")).isCloseTo(Math.tan(0.5), within(1e-12));
        assertThat((Double) eval("cot(0.5)")).isCloseTo(1 / Math.tan(0.5), within(1e-12));
        assertThat((Double) eval("asin(0.5)")).isCloseTo(Math.asin(0.5), within(1e-12));
        assertThat((Double) eval("acos(0.5)")).isCloseTo(Math.acos(0.5), within(1e-12));
        assertThat((Double) eval("atan(0.5)")).isCloseTo(Math.atan(0.5), within(1e-12));
        assertThat((Double) eval("atan2(1, 2)")).isCloseTo(Math.atan2(1, 2), within(1e-12));
        assertThat((Double) eval("sinh(0.5)")).isCloseTo(Math.sinh(0.5), within(1e-12));
        assertThat((Double) eval("cosh(0.5)")).isCloseTo(Math.cosh(0.5), within(1e-12));
        assertThat((Double) eval("tanh(0.5)")).isCloseTo(Math.tanh(0.5), within(1e-12));
        assertThat((Double) eval("pi")).isCloseTo(Math.PI, within(1e-12));
        assertThat((Double) eval("degrees(pi)")).isCloseTo(180.0, within(1e-9));
        assertThat((Double) eval("radians(180)")).isCloseTo(Math.PI, within(1e-12));
    }

    @Test
    void leastGreatestAndBitwise() {
        assertThat(eval("least(3, f.n, 9)")).isEqualTo(3);
        assertThat(eval("greatest(3, f.n, 9)")).isEqualTo(9);
        assertThat(eval("least('b', 'a', 'c')")).isEqualTo("a");
        assertThat(eval("bitand(f.n, 3)")).isEqualTo(3);
        assertThat(eval("bitor(f.n, 8)")).isEqualTo(15);
        assertThat(eval("bitxor(f.n, 1)")).isEqualTo(6);
        assertThat(eval("bitnot(f.n)")).isEqualTo(-8);
    }

    @Test
    void nullFunctions() {
        assertThat(eval("coalesce(f.missing, 5)")).isEqualTo(5);
        assertThat(eval("ifnull(f.missing, 6)")).isEqualTo(6);
        assertThat(eval("nullif(f.n, 7)")).isNull();
        assertThat(eval("nullif(f.n, 8)")).isEqualTo(7);
    }

    // ---------------------------------------------------------------- date and time

    @Test
    void currentDateAndTimeFunctions() {
        try (EntityManager em = factory.createEntityManager()) {
            Object[] row = em.createQuery("select local_date, local_time, local_datetime, instant, offset_datetime, "
                    + "current_date, current_time, current_timestamp from Fn f", Object[].class).getSingleResult();
            LocalDateTime now = (LocalDateTime) row[2];
            assertThat((Instant) row[3]).isCloseTo(Instant.now(), within(Duration.ofMinutes(1).toMillis(), java.time.temporal.ChronoUnit.MILLIS));
            assertThat(((OffsetDateTime) row[4]).toInstant()).isEqualTo((Instant) row[3]);
            assertThat(row[0]).isEqualTo(now.toLocalDate());
            assertThat(Duration.between((LocalTime) row[1], now.toLocalTime()).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(((java.sql.Date) row[5]).toLocalDate()).isEqualTo(now.toLocalDate());
            assertThat(Duration.between(((java.sql.Time) row[6]).toLocalTime(), now.toLocalTime()).abs())
                    .isLessThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(((java.sql.Timestamp) row[7]).toLocalDateTime()).isEqualTo(now);
        }
        assertThat(eval("f.day < current_date and f.ts < local_datetime and f.instant < instant")).isEqualTo(true);
    }

    @Test
    void extractFields() {
        assertThat(eval("extract(year from f.ts)")).isEqualTo(2024);
        assertThat(eval("extract(quarter from f.ts)")).isEqualTo(1);
        assertThat(eval("extract(month from f.ts)")).isEqualTo(2);
        assertThat(eval("extract(day from f.ts)")).isEqualTo(29);
        assertThat(eval("extract(hour from f.ts)")).isEqualTo(13);
        assertThat(eval("extract(minute from f.ts)")).isEqualTo(45);
        assertThat(((Number) eval("extract(second from f.ts)")).doubleValue()).isCloseTo(30.123456, within(1e-5));
        assertThat(eval("extract(nanosecond from f.ts)")).isEqualTo(30_123_456_000L);
        assertThat(eval("extract(epoch from f.instant)")).isEqualTo(INSTANT.getEpochSecond());
        assertThat(eval("extract(date from f.ts)")).isEqualTo(TS.toLocalDate());
        assertThat(eval("extract(time from f.ts)")).isEqualTo(LocalTime.of(13, 45, 30, 123_456_000)); // Time64(6) keeps the fraction
    }

    @Test
    void extractWeekAndDayFieldsFollowHqlDefinitions() {
        assertThat(eval("extract(week from f.ts)")).isEqualTo(9); // ISO week
        assertThat(eval("extract(week from date 2021-01-01)")).isEqualTo(53); // ISO: still week 53 of 2020
        assertThat(eval("extract(day of week from f.ts)")).isEqualTo(5); // Sunday = 1, so Thursday = 5
        assertThat(eval("extract(day of week from date 2024-03-03)")).isEqualTo(1); // a Sunday
        assertThat(eval("extract(day of week from date 2024-03-02)")).isEqualTo(7); // a Saturday
        assertThat(eval("extract(day of month from f.ts)")).isEqualTo(29);
        assertThat(eval("extract(day of year from f.ts)")).isEqualTo(60);
        assertThat(eval("extract(week of year from f.ts)")).isEqualTo(9);
        assertThat(eval("extract(week of month from f.ts)")).isEqualTo(5);
    }

    @Test
    void fieldFunctionsAreExtractShortcuts() {
        assertThat(eval("year(f.day)")).isEqualTo(2024);
        assertThat(eval("month(f.ts)")).isEqualTo(2);
        assertThat(eval("day(f.ts)")).isEqualTo(29);
        assertThat(eval("hour(f.instant)")).isEqualTo(13);
        assertThat(eval("minute(f.ts)")).isEqualTo(45);
        assertThat(((Number) eval("second(f.instant)")).doubleValue()).isCloseTo(30.5, within(1e-6));
        assertThat(eval("quarter(f.ts)")).isEqualTo(1);
        assertThat(eval("week(f.ts)")).isEqualTo(9);
    }

    @Test
    void addingDurationsIsCalendarAware() {
        assertThat(eval("f.ts + 1 day")).isEqualTo(TS.plusDays(1));
        assertThat(eval("f.ts + 2 hour")).isEqualTo(TS.plusHours(2));
        assertThat(eval("f.ts - 30 minute")).isEqualTo(TS.minusMinutes(30));
        assertThat(eval("f.ts + 90 second")).isEqualTo(TS.plusSeconds(90));
        assertThat(eval("f.ts + 1.5 second")).isEqualTo(TS.plusNanos(1_500_000_000));
        assertThat(eval("f.ts + 1 week")).isEqualTo(TS.plusWeeks(1));
        assertThat(eval("f.ts + 1 month")).isEqualTo(TS.plusMonths(1));
        assertThat(eval("f.ts + 1 year")).isEqualTo(LocalDateTime.of(2025, 2, 28, 13, 45, 30, 123_456_000)); // clamped
        assertThat(eval("f.ts + 1 quarter")).isEqualTo(TS.plusMonths(3));
        assertThat(eval("date 2024-01-31 + 1 month")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("f.day - 1 year")).isEqualTo(LocalDate.of(2023, 2, 28));
        assertThat(eval("f.day + (f.n) day")).isEqualTo(LocalDate.of(2024, 3, 7));
        assertThat(eval("f.instant + 1 day")).isEqualTo(INSTANT.plus(Duration.ofDays(1)));
        assertThat(eval("timestampadd(day, 2, f.ts)")).isEqualTo(TS.plusDays(2));
        assertThat(eval("dateadd(month, -1, f.day)")).isEqualTo(LocalDate.of(2024, 1, 29));
    }

    @Test
    void aFractionalCountOfDaysIsRefusedRatherThanTruncated() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThatThrownBy(() -> em.createQuery("select f.ts + 1.5 day from Fn f").getSingleResult())
                    .hasMessageContaining("cannot be safely converted");
        }
    }

    @Test
    void differencesCountWholeUnitsElapsed() {
        // from Thursday 13:45:30.123456 to Saturday 10:00: 1 day 20 hours 14 minutes 29.876544 seconds
        assertThat(eval("timestampdiff(day, f.ts, f.later)")).isEqualTo(1L);
        assertThat(eval("timestampdiff(hour, f.ts, f.later)")).isEqualTo(44L);
        assertThat(eval("timestampdiff(minute, f.ts, f.later)")).isEqualTo(44L * 60 + 14);
        assertThat(((Number) eval("timestampdiff(second, f.ts, f.later)")).longValue()).isEqualTo(159_269L);
        assertThat(eval("timestampdiff(day, f.later, f.ts)")).isEqualTo(-1L);
        assertThat(eval("timestampdiff(week, f.day, date 2024-03-14)")).isEqualTo(2L);
        assertThat(eval("timestampdiff(month, date 2024-01-31, date 2024-02-29)")).isEqualTo(0L);
        assertThat(eval("timestampdiff(month, date 2024-01-31, date 2024-03-31)")).isEqualTo(2L);
        assertThat(eval("timestampdiff(year, date 2020-02-29, date 2021-02-28)")).isEqualTo(0L);
        assertThat(eval("datediff(day, f.day, f.later)")).isEqualTo(2L);
        assertThat(eval("(f.later - f.ts) by day")).isEqualTo(1L);
        assertThat(eval("(f.later - f.ts) by second")).isEqualTo(159_269L);
        assertThat(eval("f.later - f.ts")).isEqualTo(Duration.between(TS, LATER));
    }

    @Test
    void truncatingDatetimesKeepsTheirType() {
        assertThat(eval("truncate(f.ts, year)")).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
        assertThat(eval("truncate(f.ts, quarter)")).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
        assertThat(eval("truncate(f.ts, month)")).isEqualTo(LocalDateTime.of(2024, 2, 1, 0, 0));
        assertThat(eval("truncate(f.ts, week)")).isEqualTo(LocalDateTime.of(2024, 2, 26, 0, 0)); // Monday
        assertThat(eval("truncate(f.ts, day)")).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
        assertThat(eval("trunc(f.ts, hour)")).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 0));
        assertThat(eval("trunc(f.ts, minute)")).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45));
        assertThat(eval("trunc(f.ts, second)")).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 30));
        assertThat(eval("truncate(f.day, month)")).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(eval("truncate(f.instant, month)")).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(eval("truncate(date 1950-05-17, month)")).isEqualTo(LocalDate.of(1950, 5, 1));
    }

    @Test
    void formatUsesJavaStylePatterns() {
        assertThat(eval("format(f.ts as 'yyyy-MM-dd HH:mm:ss')")).isEqualTo("2024-02-29 13:45:30");
        assertThat(eval("format(f.day as 'dd/MM/yyyy')")).isEqualTo("29/02/2024");
        assertThat(eval("format(f.ts as 'EEE d MMM yy hh:mm a')")).isEqualTo("Thu 29 Feb 24 01:45 PM");
        assertThat(eval("format(f.ts as 'HH:mm:ss.SSSSSS')")).isEqualTo("13:45:30.123456");
        assertThat(eval("format(f.ts as '''at'' H')")).isEqualTo("at 13");
    }

    @Test
    void datetimeLiteralsKeepTheirRangeAndPrecision() {
        assertThat(eval("date 1950-01-02")).isEqualTo(LocalDate.of(1950, 1, 2));
        assertThat(eval("{d '1950-01-02'}")).isEqualTo(java.sql.Date.valueOf("1950-01-02"));
        assertThat(eval("datetime 1950-01-02 03:04:05.123456")).isEqualTo(LocalDateTime.of(1950, 1, 2, 3, 4, 5, 123_456_000));
        assertThat(eval("time 03:04:05")).isEqualTo(LocalTime.of(3, 4, 5));
        assertThat(eval("f.instant = offset datetime 2024-02-29 14:45:30.5+01:00")).isEqualTo(true);
        assertThat(eval("f.ts > {ts '2024-02-29 13:45:30.123455'} and f.ts < {ts '2024-02-29 13:45:30.123457'}")).isEqualTo(true);
    }

    // ---------------------------------------------------------------- casts

    @Test
    void castsToStrings() {
        assertThat(eval("cast(f.n as String)")).isEqualTo("7");
        assertThat(eval("cast(f.d as String)")).isEqualTo("2.5");
        assertThat(eval("cast(f.dec as String)")).isEqualTo("12.345");
        assertThat(eval("cast(f.day as String)")).isEqualTo("2024-02-29");
        assertThat(eval("cast(f.ts as String)")).isEqualTo("2024-02-29 13:45:30.123456");
        assertThat(eval("cast(f.flag as String)")).isEqualTo("true");
        assertThat(eval("str(f.n)")).isEqualTo("7");
        assertThat(eval("str(f.dec)")).isEqualTo("12.345");
        assertThat(eval("str(f.day)")).isEqualTo("2024-02-29");
    }

    @Test
    void castsFromStringsAndBetweenNumbers() {
        assertThat(eval("cast('42' as Integer)")).isEqualTo(42);
        assertThat(eval("cast('42' as Long)")).isEqualTo(42L);
        assertThat(eval("cast('-7' as Short)")).isEqualTo((short) -7);
        assertThat(eval("cast('4.5' as Double)")).isEqualTo(4.5);
        assertThat(eval("cast('4.5' as Float)")).isEqualTo(4.5f);
        assertThat((BigDecimal) eval("cast('4.5' as BigDecimal)")).isEqualByComparingTo("4.5");
        assertThat(eval("cast(f.n as Double)")).isEqualTo(7.0);
        assertThat((BigDecimal) eval("cast(f.d as BigDecimal(10,2))")).isEqualByComparingTo("2.50");
        assertThat(eval("cast(f.d as Integer)")).isEqualTo(2); // toward zero (PostgreSQL rounds)
        assertThat(eval("cast(f.n as Byte)")).isEqualTo((byte) 7);
    }

    @Test
    void castsBetweenTemporalTypesAndBooleans() {
        assertThat(eval("cast('2024-01-02' as LocalDate)")).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(eval("cast('2024-01-02 03:04:05' as LocalDateTime)")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(eval("cast(f.ts as LocalDate)")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("cast(f.ts as LocalTime)")).isEqualTo(LocalTime.of(13, 45, 30, 123_456_000)); // Time64(6) keeps the fraction
        assertThat(eval("cast(f.day as LocalDateTime)")).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
        assertThat(eval("cast('true' as Boolean)")).isEqualTo(true);
        assertThat(eval("cast('f' as Boolean)")).isEqualTo(false);
        assertThat(eval("cast(0 as Boolean)")).isEqualTo(false);
        assertThat(eval("cast(f.flag as Integer)")).isEqualTo(1);
    }

    @Test
    void functionsThroughTheCriteriaApi() {
        try (EntityManager em = factory.createEntityManager()) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
            Root<Fn> f = q.from(Fn.class);
            q.multiselect(
                    cb.substring(f.get("text"), 2, 3),
                    cb.upper(f.get("text")),
                    cb.length(f.get("text")),
                    cb.locate(f.get("text"), "w"),
                    cb.trim(CriteriaBuilder.Trimspec.BOTH, 'H', f.get("ascii")),
                    cb.concat(f.get("ascii"), "!"),
                    cb.abs(cb.neg(f.<Integer>get("n"))),
                    cb.mod(f.get("n"), 4),
                    cb.sqrt(cb.literal(16)),
                    cb.round(f.get("dec"), 1),
                    cb.extract(jakarta.persistence.criteria.LocalDateField.YEAR, f.get("day"))
            );
            assertThat(Arrays.asList(em.createQuery(q).getSingleResult())).satisfiesExactly(
                    v -> assertThat(v).isEqualTo("éll"),
                    v -> assertThat(v).isEqualTo("HÉLLO WÖRLD"),
                    v -> assertThat(v).isEqualTo(11),
                    v -> assertThat(v).isEqualTo(7),
                    v -> assertThat(v).isEqualTo("ello World"),
                    v -> assertThat(v).isEqualTo("Hello World!"),
                    v -> assertThat(v).isEqualTo(7),
                    v -> assertThat(v).isEqualTo(3),
                    v -> assertThat((Double) v).isEqualTo(4.0),
                    v -> assertThat((BigDecimal) v).isEqualByComparingTo("12.3"),
                    v -> assertThat(v).isEqualTo(2024));
        }
    }

    @Test
    void functionsInWhereGroupByAndOrderBy() {
        try (EntityManager em = factory.createEntityManager()) {
            List<Object[]> rows = em.createQuery("select year(f.ts), upper(substring(f.text, 1, 1)), count(f) from Fn f "
                    + "where length(f.text) = 11 and f.ts + 1 day > f.ts and extract(day of week from f.day) = 5 "
                    + "group by year(f.ts), upper(substring(f.text, 1, 1)) order by lower(upper(substring(f.text, 1, 1)))",
                    Object[].class).getResultList();
            assertThat(rows).containsExactly(new Object[]{2024, "H", 1L});
        }
    }

    private Object eval(String expression) {
        try (EntityManager em = factory.createEntityManager()) {
            return em.createQuery("select " + expression + " from Fn f where f.id = 1").getSingleResult();
        }
    }

}
