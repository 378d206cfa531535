package dev.chorm.hibernate;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.pagination.LimitHandler;
import org.hibernate.dialect.pagination.LimitOffsetLimitHandler;
import org.hibernate.dialect.unique.UniqueDelegate;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Index;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.tool.schema.spi.Exporter;

import static org.hibernate.type.SqlTypes.*;

/**
 * Hibernate ORM 7 dialect for ClickHouse 24.8 and newer.
 *
 * <p>Picked automatically for {@code jdbc:clickhouse:} connections by
 * {@link ClickHouseDialectResolver}; it can also be named with {@code hibernate.dialect}.
 * ClickHouse has no foreign keys, unique constraints or sequences: relationships work in the ORM
 * without database constraints, and JPA {@code @Index}/{@code @UniqueConstraint} produce no DDL.
 */
public class ClickHouseDialect extends Dialect {

    static final DatabaseVersion MINIMUM_VERSION = DatabaseVersion.make(24, 8);
    /** ClickHouse prefers few large inserts: each INSERT becomes a part on disk. */
    static final int DEFAULT_BATCH_SIZE = 5000;

    private final Exporter<Table> tableExporter = new ClickHouseTableExporter();

    public ClickHouseDialect() {
        this(MINIMUM_VERSION);
    }

    public ClickHouseDialect(DatabaseVersion version) {
        super(version);
    }

    public ClickHouseDialect(DialectResolutionInfo info) {
        super(info);
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
    }

    /** ClickHouse has a native UUID type, which the driver binds and reads directly. */
    @Override
    public void contributeTypes(org.hibernate.boot.model.TypeContributions contributions,
                                org.hibernate.service.ServiceRegistry serviceRegistry) {
        super.contributeTypes(contributions, serviceRegistry);
        contributions.getTypeConfiguration().getJdbcTypeRegistry()
                .addDescriptor(org.hibernate.type.descriptor.jdbc.UUIDJdbcType.INSTANCE);
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
