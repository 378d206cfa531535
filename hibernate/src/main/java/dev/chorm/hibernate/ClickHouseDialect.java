package dev.chorm.hibernate;

import jakarta.persistence.TemporalType;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.NullOrdering;
import org.hibernate.dialect.pagination.LimitHandler;
import org.hibernate.dialect.pagination.LimitOffsetLimitHandler;
import org.hibernate.dialect.unique.UniqueDelegate;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Index;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.query.SemanticException;
import org.hibernate.query.common.TemporalUnit;
import org.hibernate.query.sqm.IntervalType;
import org.hibernate.query.sqm.SetOperator;
import org.hibernate.query.sqm.TrimSpec;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.tool.schema.spi.Exporter;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.TimeZone;

import static org.hibernate.type.SqlTypes.*;

/**
 * Hibernate ORM 7 dialect for ClickHouse 24.8 and newer.
 *
 * <p>Picked automatically for {@code jdbc:clickhouse:} connections by
 * {@link ClickHouseDialectResolver}; it can also be named with {@code hibernate.dialect}.
 * ClickHouse has no foreign keys, unique constraints or sequences: relationships work in the ORM
 * without database constraints, and JPA {@code @Index}/{@code @UniqueConstraint} produce no DDL.
 *
 * <p>Queries mean what they mean in SQL: set operations spell out DISTINCT, NULLs sort last unless
 * {@code nulls first} is written, literals keep their type and range (decimals, dates before 1970,
 * microseconds, backslashes), and HQL's standard functions are mapped to ClickHouse functions with
 * the same results ({@link ClickHouseFunctions}, and the date/time patterns below). Query shapes
 * ClickHouse evaluates differently are rewritten by {@link ClickHouseSqlAstTranslator}.
 */
public class ClickHouseDialect extends Dialect {

    static final DatabaseVersion MINIMUM_VERSION = DatabaseVersion.make(24, 8);
    /** ClickHouse prefers few large inserts: each INSERT becomes a part on disk. */
    static final int DEFAULT_BATCH_SIZE = 5000;

    private final Exporter<Table> tableExporter = new ClickHouseTableExporter();
    private volatile Mutations mutations = Mutations.DEFAULT;
    /** Whether the connection's database uses the Replicated database engine; null when not looked at. */
    private final Boolean replicatedDatabase;

    public ClickHouseDialect() {
        this(MINIMUM_VERSION);
    }

    public ClickHouseDialect(DatabaseVersion version) {
        super(version);
        this.replicatedDatabase = null;
    }

    public ClickHouseDialect(DialectResolutionInfo info) {
        super(info);
        this.replicatedDatabase = ClusterLayout.detectReplicatedDatabase(info);
    }

    /** See {@link ClusterLayout#detectReplicatedDatabase}: true, false, or null when unknown. */
    Boolean replicatedDatabase() {
        return replicatedDatabase;
    }

    @Override
    protected DatabaseVersion getMinimumSupportedVersion() {
        return MINIMUM_VERSION;
    }

    @Override
    protected String columnType(int sqlTypeCode) {
        return switch (sqlTypeCode) {
            case BOOLEAN, BIT -> "Bool";
            case TINYINT -> "Int8";
            case SMALLINT -> "Int16";
            case INTEGER -> "Int32";
            case BIGINT -> "Int64";
            case REAL, FLOAT -> "Float32";
            case DOUBLE -> "Float64";
            case NUMERIC, DECIMAL -> "Decimal($p,$s)";
            case CHAR, NCHAR, VARCHAR, NVARCHAR, LONGVARCHAR, LONGNVARCHAR, LONG32VARCHAR, LONG32NVARCHAR,
                 CLOB, NCLOB -> "String";
            case BINARY, VARBINARY, LONGVARBINARY, LONG32VARBINARY, BLOB -> "String";
            case DATE -> "Date32";
            case TIMESTAMP -> "DateTime64($p)";
            case TIMESTAMP_WITH_TIMEZONE, TIMESTAMP_UTC -> "DateTime64($p, 'UTC')";
            case UUID -> "UUID";
            case JSON -> "JSON";
            case INET -> "IPv6";
            case DURATION -> "Int64";
            case TIME -> "Time64(6)"; // ClickHouse 25.6+ (LocalTime)
            default -> super.columnType(sqlTypeCode);
        };
    }

    /** Type codes the base dialect leaves unregistered but ClickHouse has natively. */
    @Override
    protected void registerColumnTypes(org.hibernate.boot.model.TypeContributions contributions,
                                       org.hibernate.service.ServiceRegistry serviceRegistry) {
        super.registerColumnTypes(contributions, serviceRegistry);
        var ddlTypes = contributions.getTypeConfiguration().getDdlTypeRegistry();
        for (int code : new int[]{UUID, JSON, INET}) {
            ddlTypes.addDescriptor(new org.hibernate.type.descriptor.sql.internal.DdlTypeImpl(code, columnType(code), this));
        }
        dev.chorm.hibernate.type.ClickHouseJdbcTypes.registerDdlTypes(contributions, this);
    }

    /** ClickHouse has a native UUID type, which the driver binds and reads directly; text LOBs are plain strings. */
    @Override
    public void contributeTypes(org.hibernate.boot.model.TypeContributions contributions,
                                org.hibernate.service.ServiceRegistry serviceRegistry) {
        super.contributeTypes(contributions, serviceRegistry);
        var jdbcTypes = contributions.getTypeConfiguration().getJdbcTypeRegistry();
        jdbcTypes.addDescriptor(org.hibernate.type.descriptor.jdbc.UUIDJdbcType.INSTANCE);
        // ClickHouse has no LOB locators: a String column holds text of any size, read and written as a String
        jdbcTypes.addDescriptor(CLOB, org.hibernate.type.descriptor.jdbc.ClobJdbcType.STRING_BINDING);
        jdbcTypes.addDescriptor(NCLOB, org.hibernate.type.descriptor.jdbc.NClobJdbcType.STRING_BINDING);
        dev.chorm.hibernate.type.ClickHouseJdbcTypes.contribute(contributions);
    }

    /** Embeddables marked {@code @Struct} or {@code @JdbcTypeCode(SqlTypes.STRUCT)} are one named Tuple column (docs/types.md). */
    @Override
    public org.hibernate.dialect.aggregate.AggregateSupport getAggregateSupport() {
        return dev.chorm.hibernate.type.TupleAggregateSupport.INSTANCE;
    }

    /** {@code @Struct} is accepted: its embeddable becomes an inline Tuple type, so no type is created. */
    @Override
    public boolean supportsUserDefinedTypes() {
        return true;
    }

    @Override
    public Exporter<org.hibernate.mapping.UserDefinedType> getUserDefinedTypeExporter() {
        return new NoDdl<>();
    }

    /** How UPDATE and DELETE are written for this persistence unit; set at startup by {@link ClickHouseIntegrator}. */
    Mutations mutations() {
        return mutations;
    }

    void mutations(Mutations mutations) {
        this.mutations = mutations;
    }

    private volatile ColumnValues columnValues;

    /** The value checks of this persistence unit, for values bulk updates assign; null before startup. */
    ColumnValues columnValues() {
        return columnValues;
    }

    void columnValues(ColumnValues columnValues) {
        this.columnValues = columnValues;
    }

    /** Java arrays and collections of basic values are {@code Array(T)} columns (see docs/types.md). */
    @Override
    public boolean supportsStandardArrays() {
        return true;
    }

    /** IN-list parameters stay lists of parameters, not one array parameter. */
    @Override
    public boolean useArrayForMultiValuedParameters() {
        return false;
    }

    @Override
    public String getArrayTypeName(String javaElementTypeName, String elementTypeName, Integer maxLength) {
        return "Array(" + elementTypeName + ")";
    }

    @Override
    public void appendArrayLiteral(SqlAppender appender, Object[] literal,
                                   org.hibernate.type.descriptor.jdbc.JdbcLiteralFormatter<Object> elementFormatter,
                                   org.hibernate.type.descriptor.WrapperOptions options) {
        dev.chorm.hibernate.type.ClickHouseJdbcTypes.appendArrayLiteral(appender, literal, elementFormatter, this, options);
    }

    @Override
    public int getDefaultStatementBatchSize() {
        return DEFAULT_BATCH_SIZE;
    }

    @Override
    public LimitHandler getLimitHandler() {
        return LimitOffsetLimitHandler.INSTANCE;
    }

    @Override
    public boolean supportsIfExistsBeforeTableName() {
        return true;
    }

    @Override
    public String getAddColumnString() {
        return "add column";
    }

    @Override
    public boolean supportsColumnCheck() {
        return false; // CHECK constraints are table constraints in ClickHouse
    }

    @Override
    public Exporter<Table> getTableExporter() {
        return tableExporter;
    }

    @Override
    public Exporter<ForeignKey> getForeignKeyExporter() {
        return NoDdl.foreignKeys();
    }

    @Override
    public Exporter<UniqueKey> getUniqueKeyExporter() {
        return NoDdl.uniqueKeys();
    }

    @Override
    public Exporter<Index> getIndexExporter() {
        return NoDdl.indexes();
    }

    @Override
    public UniqueDelegate getUniqueDelegate() {
        return NoDdl.UNIQUE;
    }

    @Override
    public boolean supportsCascadeDelete() {
        return false;
    }

    @Override
    public org.hibernate.sql.ast.SqlAstTranslatorFactory getSqlAstTranslatorFactory() {
        return new org.hibernate.sql.ast.spi.StandardSqlAstTranslatorFactory() {
            @Override
            protected <T extends org.hibernate.sql.exec.spi.JdbcOperation> org.hibernate.sql.ast.SqlAstTranslator<T> buildTranslator(
                    org.hibernate.engine.spi.SessionFactoryImplementor sessionFactory, org.hibernate.sql.ast.tree.Statement statement) {
                return new ClickHouseSqlAstTranslator<>(sessionFactory, statement);
            }
        };
    }

    @Override
    public org.hibernate.exception.spi.SQLExceptionConversionDelegate buildSQLExceptionConversionDelegate() {
        return new ClickHouseExceptions();
    }

    @Override
    public boolean supportsTemporaryTables() {
        return false;
    }

    // ------------------------------------------------------------------ queries

    /**
     * ClickHouse refuses a bare {@code UNION} (it needs {@code union_default_mode}), and its bare
     * {@code INTERSECT}/{@code EXCEPT} mean {@code ALL}: SQL's defaults are spelled out.
     */
    @Override
    public String getSetOperatorSqlString(SetOperator operator) {
        return switch (operator) {
            case UNION -> "union distinct";
            case INTERSECT -> "intersect distinct";
            case EXCEPT -> "except distinct";
            default -> operator.sqlString();
        };
    }

    /** ClickHouse sorts NULLs last in both directions unless {@code nulls first} is written. */
    @Override
    public NullOrdering getNullOrdering() {
        return NullOrdering.LAST;
    }

    /** {@code IS [NOT] DISTINCT FROM} works everywhere since ClickHouse 25.11; before, Hibernate emulates it. */
    @Override
    public boolean supportsDistinctFromPredicate() {
        return getVersion().isSameOrAfter(25, 11);
    }

    /** ClickHouse's ILIKE is native and Unicode-aware. */
    @Override
    public boolean supportsCaseInsensitiveLike() {
        return true;
    }

    /** {@code WITH RECURSIVE}, since ClickHouse 24.4. */
    @Override
    public boolean supportsRecursiveCTE() {
        return true;
    }

    @Override
    public boolean supportsWindowFunctions() {
        return true;
    }

    @Override
    public String getCaseInsensitiveLike() {
        return "ilike";
    }

    /** {@code lower} lowers ASCII letters only; {@code lowerUTF8} lowers every letter. */
    @Override
    public String getLowercaseFunction() {
        return "lowerUTF8";
    }

    // ------------------------------------------------------------------ functions

    @Override
    public void initializeFunctionRegistry(FunctionContributions contributions) {
        super.initializeFunctionRegistry(contributions);
        ClickHouseFunctions.register(contributions, this);
        ClickHouseAnalyticsFunctions.register(contributions);
        dev.chorm.hibernate.lookup.ClickHouseLookupFunctions.register(contributions);
    }

    /** A query's chorm settings hints become its SETTINGS clause ({@link dev.chorm.hibernate.query.ClickHouseHints}). */
    @Override
    public String addSqlHintOrComment(String sql, org.hibernate.query.spi.QueryOptions options, boolean commentsEnabled) {
        return super.addSqlHintOrComment(ClickHouseQueryClauses.withSettingsHints(sql, options), options, commentsEnabled);
    }

    /** Microseconds: the precision of the {@code DateTime64(6)} columns timestamps map to. */
    @Override
    public long getFractionalSecondPrecisionInNanos() {
        return 1_000;
    }

    @Override
    public String currentTime() {
        return "toTime(now())";
    }

    @Override
    public String currentTimestamp() {
        return "now64(6)";
    }

    @Override
    public String currentLocalTime() {
        return currentTime();
    }

    @Override
    public String currentLocalTimestamp() {
        return currentTimestamp();
    }

    @Override
    public String currentTimestampWithTimeZone() {
        return currentTimestamp();
    }

    /**
     * ClickHouse's EXTRACT knows few fields; its {@code to...} functions know them all. HQL's day of
     * week counts from Sunday = 1 (mode 3), its week is the ISO week, and its second has the
     * fraction.
     */
    @Override
    public String extractPattern(TemporalUnit unit) {
        return switch (unit) {
            case YEAR -> "toYear(?2)";
            case QUARTER -> "toQuarter(?2)";
            case MONTH -> "toMonth(?2)";
            case WEEK -> "toISOWeek(?2)";
            case DAY, DAY_OF_MONTH -> "toDayOfMonth(?2)";
            case DAY_OF_WEEK -> "toDayOfWeek(?2,3)";
            case DAY_OF_YEAR -> "toDayOfYear(?2)";
            case HOUR -> "toHour(?2)";
            case MINUTE -> "toMinute(?2)";
            case SECOND -> "(toSecond(?2)+positiveModulo(toUnixTimestamp64Micro(toDateTime64(?2,6)),1000000)/1e6)";
            case EPOCH -> getVersion().isSameOrAfter(24, 12) ? "toUnixTimestamp64Second(toDateTime64(?2,6))"
                    : "intDiv(toUnixTimestamp64Micro(toDateTime64(?2,6))"
                    + "-positiveModulo(toUnixTimestamp64Micro(toDateTime64(?2,6)),1000000),1000000)";
            default -> super.extractPattern(unit);
        };
    }

    /**
     * {@code datetime + n unit}. Whole units are added as ClickHouse intervals (calendar-aware for
     * days, months and years); a fractional count of seconds becomes microseconds. ClickHouse's
     * intervals silently truncate fractions, so a fractional count of another unit is refused
     * ({@code accurateCast}) rather than added wrongly.
     */
    @Override
    @SuppressWarnings("deprecation")
    public String timestampaddPattern(TemporalUnit unit, TemporalType temporalType,
                                      IntervalType intervalType) {
        return switch (unit) {
            case NANOSECOND -> "(?3+toIntervalNanosecond(accurateCast(?2,'Int64')))";
            case NATIVE -> "(?3+toIntervalMicrosecond(accurateCast(?2,'Int64')))";
            case SECOND -> "(?3+toIntervalMicrosecond(accurateCast(round((?2)*1000000),'Int64')))";
            case MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR ->
                    "(?3+toInterval" + capitalized(unit) + "(accurateCast(?2,'Int64')))";
            default -> throw new SemanticException("Cannot add a " + unit + " to a datetime on ClickHouse");
        };
    }

    /**
     * {@code timestampdiff}/{@code datediff}: ClickHouse's {@code age} counts whole units elapsed,
     * as HQL and PostgreSQL do ({@code dateDiff} would count unit boundaries crossed).
     */
    @Override
    @SuppressWarnings("deprecation")
    public String timestampdiffPattern(TemporalUnit unit, TemporalType fromTemporalType,
                                       TemporalType toTemporalType) {
        return switch (unit) {
            case NANOSECOND -> "age('nanosecond',?2,?3)";
            case NATIVE -> "age('microsecond',?2,?3)";
            case SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR -> "age('" + unit.name().toLowerCase() + "',?2,?3)";
            default -> throw new SemanticException("Cannot count " + unit + " between datetimes on ClickHouse");
        };
    }

    private static String capitalized(TemporalUnit unit) {
        String name = unit.name().toLowerCase();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * {@code trim}: spaces with ClickHouse's trim functions; a given character with a UTF-8-aware
     * regular expression (ClickHouse's own trim would remove the bytes of a multi-byte character
     * one by one).
     */
    @Override
    public String trimPattern(TrimSpec specification, boolean isWhitespace) {
        if (isWhitespace) {
            return switch (specification) {
                case LEADING -> "trimLeft(?1)";
                case TRAILING -> "trimRight(?1)";
                case BOTH -> "trimBoth(?1)";
            };
        }
        return switch (specification) {
            case LEADING -> "replaceRegexpOne(?1,concat('^(',regexpQuoteMeta(?2),')+'),'')";
            case TRAILING -> "replaceRegexpOne(?1,concat('(',regexpQuoteMeta(?2),')+$'),'')";
            case BOTH -> "replaceRegexpAll(?1,concat('^(',regexpQuoteMeta(?2),')+|(',regexpQuoteMeta(?2),')+$'),'')";
        };
    }

    /**
     * {@code format(datetime as pattern)}: ClickHouse's {@code formatDateTimeInJodaSyntax} reads
     * Java-style patterns ({@code yyyy-MM-dd HH:mm:ss.SSS}, {@code EEE}, {@code MMM}, {@code a},
     * quoted text), so the pattern is only escaped as a ClickHouse string.
     */
    @Override
    public void appendDatetimeFormat(SqlAppender appender, String format) {
        appender.appendSql(format.replace("\\", "\\\\").replace("'", "''"));
    }

    /** ClickHouse string literals treat a backslash as an escape character. */
    @Override
    public void appendLiteral(SqlAppender appender, String literal) {
        appender.appendSql('\'');
        appender.appendSql(literal.replace("\\", "\\\\").replace("'", "''"));
        appender.appendSql('\'');
    }

    @Override
    public void appendUUIDLiteral(SqlAppender appender, java.util.UUID literal) {
        appender.appendSql("toUUID('");
        appender.appendSql(literal.toString());
        appender.appendSql("')");
    }

    /**
     * Datetime literals as ClickHouse functions: {@code DATE '...'} and {@code TIMESTAMP '...'}
     * would be ClickHouse's 1970-2149 {@code Date} and whole-second {@code DateTime}. A literal
     * with an offset or an instant is written in UTC.
     */
    @Override
    @SuppressWarnings("deprecation")
    public void appendDateTimeLiteral(SqlAppender appender, TemporalAccessor temporal,
                                      TemporalType precision, TimeZone jdbcTimeZone) {
        switch (precision) {
            case DATE -> {
                appender.appendSql("toDate32('");
                appender.appendSql(LocalDate.from(temporal).toString());
                appender.appendSql("')");
            }
            case TIME -> {
                if (!getVersion().isSameOrAfter(25, 6)) { // no Time64 type before 25.6
                    super.appendDateTimeLiteral(appender, temporal, precision, jdbcTimeZone);
                    return;
                }
                LocalTime time = temporal.isSupported(ChronoField.OFFSET_SECONDS)
                        ? OffsetTime.from(temporal).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime()
                        : LocalTime.from(temporal);
                appender.appendSql("toTime64('");
                appender.appendSql(DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").format(time));
                appender.appendSql("',6)");
            }
            case TIMESTAMP -> {
                boolean absolute = temporal instanceof Instant
                        || temporal.isSupported(ChronoField.OFFSET_SECONDS);
                LocalDateTime dateTime = absolute
                        ? LocalDateTime.ofInstant(Instant.from(temporal), ZoneOffset.UTC)
                        : LocalDateTime.from(temporal);
                appendTimestamp(appender, dateTime, absolute ? "UTC" : null);
            }
            default -> throw new IllegalArgumentException("Unknown precision " + precision);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public void appendDateTimeLiteral(SqlAppender appender, java.util.Date date,
                                      TemporalType precision, TimeZone jdbcTimeZone) {
        LocalDateTime local = date instanceof java.sql.Timestamp timestamp ? timestamp.toLocalDateTime()
                : LocalDateTime.ofInstant(Instant.ofEpochMilli(date.getTime()), ZoneId.systemDefault());
        appendDateTimeLiteral(appender, local, precision, jdbcTimeZone);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void appendDateTimeLiteral(SqlAppender appender, Calendar calendar,
                                      TemporalType precision, TimeZone jdbcTimeZone) {
        appendDateTimeLiteral(appender, LocalDateTime.ofInstant(calendar.toInstant(), calendar.getTimeZone().toZoneId()),
                precision, jdbcTimeZone);
    }

    private static void appendTimestamp(SqlAppender appender, LocalDateTime dateTime, String zone) {
        boolean nanos = dateTime.getNano() % 1000 != 0;
        appender.appendSql("toDateTime64('");
        appender.appendSql(DateTimeFormatter.ofPattern(nanos ? "yyyy-MM-dd HH:mm:ss.SSSSSSSSS" : "yyyy-MM-dd HH:mm:ss.SSSSSS")
                .format(dateTime));
        appender.appendSql(nanos ? "',9" : "',6");
        if (zone != null) {
            appender.appendSql(",'");
            appender.appendSql(zone);
            appender.appendSql("'");
        }
        appender.appendSql(")");
    }

    /** A duration literal as microseconds (nanoseconds if it has them). */
    @Override
    public void appendIntervalLiteral(SqlAppender appender, Duration literal) {
        if (literal.getNano() % 1000 != 0) {
            appender.appendSql("toIntervalNanosecond(");
            appender.appendSql(literal.toNanos());
        } else {
            appender.appendSql("toIntervalMicrosecond(");
            appender.appendSql(literal.toNanos() / 1000);
        }
        appender.appendSql(")");
    }

    /** DDL ClickHouse has no equivalent of: rendered as nothing. */
    static final class NoDdl<T extends org.hibernate.boot.model.relational.Exportable> implements Exporter<T> {

        static final UniqueDelegate UNIQUE = new UniqueDelegate() {
            @Override
            public String getColumnDefinitionUniquenessFragment(Column column, SqlStringGenerationContext context) {
                return "";
            }

            @Override
            public String getTableCreationUniqueConstraintsFragment(Table table, SqlStringGenerationContext context) {
                return "";
            }

            @Override
            public String getAlterTableToAddUniqueKeyCommand(UniqueKey key, Metadata metadata,
                                                             SqlStringGenerationContext context) {
                return "";
            }

            @Override
            public String getAlterTableToDropUniqueKeyCommand(UniqueKey key, Metadata metadata,
                                                              SqlStringGenerationContext context) {
                return "";
            }
        };

        static Exporter<ForeignKey> foreignKeys() {
            return new NoDdl<>();
        }

        static Exporter<UniqueKey> uniqueKeys() {
            return new NoDdl<>();
        }

        static Exporter<Index> indexes() {
            return new NoDdl<>();
        }

        @Override
        public String[] getSqlCreateStrings(T exportable, Metadata metadata, SqlStringGenerationContext context) {
            return NO_COMMANDS;
        }

        @Override
        public String[] getSqlDropStrings(T exportable, Metadata metadata, SqlStringGenerationContext context) {
            return NO_COMMANDS;
        }
    }
}
