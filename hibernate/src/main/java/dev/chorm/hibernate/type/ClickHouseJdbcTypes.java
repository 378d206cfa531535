package dev.chorm.hibernate.type;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.sql.ast.tree.expression.Expression;
import org.hibernate.sql.ast.tree.expression.SelfRenderingExpression;
import org.hibernate.metamodel.mapping.JdbcMappingContainer;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.AbstractClassJavaType;
import org.hibernate.type.descriptor.java.ImmutableMutabilityPlan;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.JdbcLiteralFormatter;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.descriptor.jdbc.JdbcTypeIndicators;
import org.hibernate.type.descriptor.jdbc.TimeJdbcType;
import org.hibernate.type.descriptor.jdbc.VarbinaryJdbcType;
import org.hibernate.type.descriptor.jdbc.spi.JdbcTypeRegistry;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * How Java values travel to and from ClickHouse columns where Hibernate's standard JDBC bindings
 * would lose data with the official driver. Registered by {@code ClickHouseDialect#contributeTypes}.
 *
 * <ul>
 *   <li>{@code byte[]} ({@code String} columns): the driver decodes every {@code String} column as
 *       UTF-8, which corrupts bytes that are not valid UTF-8. Binary columns are therefore selected as
 *       {@code hex(column)} and decoded in Java; values are sent as bytes, which the driver writes as
 *       {@code unhex('...')}. Every one of the 256 byte values survives.</li>
 *   <li>{@code InetAddress}, {@code Inet4Address}, {@code Inet6Address} ({@code IPv4}/{@code IPv6}
 *       columns): bound and read as {@code InetAddress} objects. An IPv4 address in an {@code IPv6}
 *       column is stored IPv4-mapped ({@code ::ffff:1.2.3.4}) and read back as {@code Inet4Address}
 *       (an {@code Inet6Address} attribute gets the mapped {@code Inet6Address}).</li>
 *   <li>{@code LocalTime} ({@code Time64(6)} columns): sent as text with all nine fraction digits and
 *       read as {@code LocalTime}; {@code java.sql.Time} would drop the fraction.</li>
 * </ul>
 */
public final class ClickHouseJdbcTypes {

    private ClickHouseJdbcTypes() {
    }

    /** Registers chorm's JDBC and Java types; called once by the dialect. */
    public static void contribute(TypeContributions contributions) {
        JdbcTypeRegistry jdbcTypes = contributions.getTypeConfiguration().getJdbcTypeRegistry();
        for (int code : new int[]{SqlTypes.VARBINARY, SqlTypes.BINARY, SqlTypes.LONGVARBINARY, SqlTypes.LONG32VARBINARY}) {
            jdbcTypes.addDescriptor(code, new HexBinaryJdbcType(code));
        }
        jdbcTypes.addDescriptor(SqlTypes.INET, InetJdbcType.INSTANCE);
        jdbcTypes.addDescriptor(SqlTypes.TIME, TimeOfDayJdbcType.INSTANCE);
        jdbcTypes.addDescriptor(SqlTypes.LOCAL_TIME, TimeOfDayJdbcType.INSTANCE);
        jdbcTypes.addDescriptor(SqlTypes.TIMESTAMP, WallClockTimestampJdbcType.INSTANCE);
        jdbcTypes.addDescriptor(SqlTypes.JSON, new JsonColumnJdbcType(null));
        jdbcTypes.addDescriptor(SqlTypes.TIMESTAMP_UTC, InstantJdbcType.INSTANCE);
        jdbcTypes.addDescriptor(SqlTypes.STRUCT, EmbeddableTupleJdbcType.unresolved()); // embeddables as one Tuple column
        jdbcTypes.addDescriptor(SqlTypes.DATE, DayJdbcType.INSTANCE);
        contributions.contributeJavaType(WholeNumberJavaType.INSTANCE);
        contributions.getTypeConfiguration().getBasicTypeRegistry().register(
                new org.hibernate.type.internal.BasicTypeImpl<>(WholeNumberJavaType.INSTANCE, WholeNumberJdbcType.INSTANCE),
                "big_integer", java.math.BigInteger.class.getName());
        contributions.contributeJavaType(new InetJavaType<>(Inet4Address.class));
        contributions.contributeJavaType(new InetJavaType<>(Inet6Address.class));
    }

    /**
     * Tells the JDBC type of embeddables stored as one column (Hibernate's aggregate embeddables) the
     * {@code Tuple} type of {@code column}, which chorm decides at startup; needed before the first value
     * of that embeddable is bound or read.
     */
    public static void declareTupleColumn(org.hibernate.type.spi.TypeConfiguration types, org.hibernate.mapping.AggregateColumn column,
                                          ClickHouseType.Tuple type) {
        if (types.getJdbcTypeRegistry().getDescriptor(SqlTypes.STRUCT) instanceof EmbeddableTupleJdbcType tuples) {
            tuples.declare(column, type);
        }
    }

    /**
     * DDL type names that depend on the column: {@code float} (precision 24) is {@code Float32},
     * {@code double} (precision 53) {@code Float64}.
     */
    public static void registerDdlTypes(TypeContributions contributions, org.hibernate.dialect.Dialect dialect) {
        contributions.getTypeConfiguration().getDdlTypeRegistry().addDescriptor(
                org.hibernate.type.descriptor.sql.internal.CapacityDependentDdlType.builder(SqlTypes.FLOAT, "Float64", dialect)
                        .withTypeCapacity(24, "Float32").build());
        // an embeddable stored as one column: the placeholder is replaced by its Tuple(...) type at startup
        contributions.getTypeConfiguration().getDdlTypeRegistry().addDescriptor(
                new org.hibernate.type.descriptor.sql.internal.DdlTypeImpl(SqlTypes.STRUCT, "Tuple", dialect));
    }

    /** An array literal in ClickHouse's syntax: {@code [1, 2, NULL]}. */
    public static void appendArrayLiteral(SqlAppender appender, Object[] literal, JdbcLiteralFormatter<Object> elementFormatter,
                                          org.hibernate.dialect.Dialect dialect, WrapperOptions options) {
        appender.appendSql('[');
        for (int i = 0; i < literal.length; i++) {
            if (i > 0) {
                appender.appendSql(',');
            }
            if (literal[i] == null) {
                appender.appendSql("NULL");
            } else {
                elementFormatter.appendJdbcLiteral(appender, literal[i], dialect, options);
            }
        }
        appender.appendSql(']');
    }

    /** {@code byte[]} in a {@code String} column, read through {@code hex()} so that no byte is decoded as UTF-8. */
    static final class HexBinaryJdbcType extends VarbinaryJdbcType {

        private final int code;

        HexBinaryJdbcType(int code) {
            this.code = code;
        }

        @Override
        public int getJdbcTypeCode() {
            return code;
        }

        @Override
        public Expression wrapTopLevelSelectionExpression(Expression expression) {
            return new SelfRenderingExpression() {
                @Override
                public void renderToSql(SqlAppender appender, SqlAstTranslator<?> walker, SessionFactoryImplementor factory) {
                    appender.appendSql("hex(");
                    expression.accept(walker);
                    appender.appendSql(')');
                }

                @Override
                public JdbcMappingContainer getExpressionType() {
                    return expression.getExpressionType();
                }
            };
        }

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    // setObject: the driver's RowBinary writer ignores setBytes; both paths write bytes exactly
                    st.setObject(index, javaType.unwrap(value, byte[].class, options));
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    st.setObject(name, javaType.unwrap(value, byte[].class, options));
                }
            };
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return new BasicExtractor<>(javaType, this) {
                @Override
                protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(fromHex(rs.getString(index)), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(fromHex(statement.getString(index)), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                    return javaType.wrap(fromHex(statement.getString(name)), options);
                }
            };
        }

        private static byte[] fromHex(String hex) {
            return hex == null ? null : HexFormat.of().parseHex(hex);
        }
    }

    /** {@code IPv4}/{@code IPv6} columns as {@code InetAddress}. */
    static final class InetJdbcType implements JdbcType {

        static final InetJdbcType INSTANCE = new InetJdbcType();

        @Override
        public int getJdbcTypeCode() {
            return SqlTypes.INET;
        }

        @Override
        public <T> JdbcLiteralFormatter<T> getJdbcLiteralFormatter(JavaType<T> javaType) {
            return (appender, value, dialect, options) -> {
                InetAddress address = javaType.unwrap(value, InetAddress.class, options);
                appender.appendSql(address instanceof Inet4Address ? "toIPv4('" : "toIPv6('");
                appender.appendSql(address.getHostAddress());
                appender.appendSql("')");
            };
        }

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    st.setObject(index, javaType.unwrap(value, InetAddress.class, options));
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    st.setObject(name, javaType.unwrap(value, InetAddress.class, options));
                }
            };
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return new BasicExtractor<>(javaType, this) {
                @Override
                protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(rs.getObject(index), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(statement.getObject(index), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                    return javaType.wrap(statement.getObject(name), options);
                }
            };
        }
    }

    /**
     * {@code DateTime64} columns for {@code LocalDateTime} (and {@code java.util.Date}): sent as the
     * wall-clock text, which ClickHouse reads in the column's zone. The driver would send a
     * {@code LocalDateTime} as epoch nanoseconds, which wrap for dates after 2262-04-11.
     */
    static final class WallClockTimestampJdbcType extends org.hibernate.type.descriptor.jdbc.TimestampJdbcType {

        static final WallClockTimestampJdbcType INSTANCE = new WallClockTimestampJdbcType();
        private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    st.setString(index, TEXT.format(javaType.unwrap(value, java.time.LocalDateTime.class, options)));
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    st.setString(name, TEXT.format(javaType.unwrap(value, java.time.LocalDateTime.class, options)));
                }
            };
        }
    }

    /**
     * {@code Date}/{@code Date32} columns for {@code LocalDate}: bound and read as {@code LocalDate} itself.
     * Hibernate's standard binding goes through {@code java.sql.Date} and a default-zone calendar both
     * ways, a measurable share of inserting or reading many rows. Other Java types keep that binding.
     */
    static final class DayJdbcType extends org.hibernate.type.descriptor.jdbc.DateJdbcType {

        static final DayJdbcType INSTANCE = new DayJdbcType();

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            if (javaType.getJavaTypeClass() != java.time.LocalDate.class) {
                return super.getBinder(javaType);
            }
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    st.setObject(index, value);
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    st.setObject(name, value);
                }
            };
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            if (javaType.getJavaTypeClass() != java.time.LocalDate.class) {
                return super.getExtractor(javaType);
            }
            return new BasicExtractor<>(javaType, this) {
                @Override
                protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(rs.getObject(index, java.time.LocalDate.class), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(statement.getObject(index, java.time.LocalDate.class), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                    return javaType.wrap(statement.getObject(name, java.time.LocalDate.class), options);
                }
            };
        }
    }

    /**
     * {@code DateTime64(p, 'UTC')} columns for {@code Instant}, {@code OffsetDateTime} and
     * {@code ZonedDateTime}. The driver sends an instant as epoch nanoseconds, exact in any column zone
     * but wrapping after 2262-04-11T23:47:16Z; later instants (ClickHouse goes to 2299) are sent as UTC
     * wall-clock text instead, exact in a UTC column (chorm's default).
     */
    static final class InstantJdbcType extends org.hibernate.type.descriptor.jdbc.TimestampUtcAsJdbcTimestampJdbcType {

        static final InstantJdbcType INSTANCE = new InstantJdbcType();
        private static final java.time.Instant LAST_EPOCH_NANO = java.time.Instant.ofEpochSecond(0, Long.MAX_VALUE);
        private static final java.time.Instant FIRST_EPOCH_NANO = java.time.Instant.ofEpochSecond(0, Long.MIN_VALUE);
        private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS")
                .withZone(java.time.ZoneOffset.UTC);

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            ValueBinder<X> standard = super.getBinder(javaType);
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    java.time.Instant instant = javaType.unwrap(value, java.time.Instant.class, options);
                    if (instant.isAfter(LAST_EPOCH_NANO) || instant.isBefore(FIRST_EPOCH_NANO)) {
                        st.setString(index, UTC_TEXT.format(instant));
                    } else {
                        standard.bind(st, value, index, options);
                    }
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    standard.bind(st, value, name, options);
                }
            };
        }

        /** As the instant in the column's zone: a wall-clock reading would be off by the zone's offset. */
        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return new BasicExtractor<>(javaType, this) {
                @Override
                protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                    java.time.ZonedDateTime value = rs.getObject(index, java.time.ZonedDateTime.class);
                    return javaType.wrap(value == null ? null : java.sql.Timestamp.from(value.toInstant()), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                    java.time.ZonedDateTime value = statement.getObject(index, java.time.ZonedDateTime.class);
                    return javaType.wrap(value == null ? null : java.sql.Timestamp.from(value.toInstant()), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                    java.time.ZonedDateTime value = statement.getObject(name, java.time.ZonedDateTime.class);
                    return javaType.wrap(value == null ? null : java.sql.Timestamp.from(value.toInstant()), options);
                }
            };
        }
    }

    /**
     * {@code BigInteger} attributes ({@code Int128}..{@code UInt256} columns): bound as the decimal
     * text, which ClickHouse converts to the column's type exactly. Bound as a number, a value past 76
     * digits would be read by the server as a Float64 literal and lose digits.
     */
    static final class WholeNumberJavaType extends org.hibernate.type.descriptor.java.BigIntegerJavaType {

        static final WholeNumberJavaType INSTANCE = new WholeNumberJavaType();

        @Override
        public JdbcType getRecommendedJdbcType(JdbcTypeIndicators indicators) {
            return WholeNumberJdbcType.INSTANCE;
        }
    }

    /** See {@link WholeNumberJavaType}: NUMERIC, bound with all its digits. */
    static final class WholeNumberJdbcType extends org.hibernate.type.descriptor.jdbc.NumericJdbcType {

        static final WholeNumberJdbcType INSTANCE = new WholeNumberJdbcType();

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    st.setString(index, javaType.unwrap(value, java.math.BigInteger.class, options).toString());
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    st.setString(name, javaType.unwrap(value, java.math.BigInteger.class, options).toString());
                }
            };
        }

        @Override
        public <T> JdbcLiteralFormatter<T> getJdbcLiteralFormatter(JavaType<T> javaType) {
            return (appender, value, dialect, options) -> {
                appender.appendSql("toInt256('");
                appender.appendSql(javaType.unwrap(value, java.math.BigInteger.class, options).toString());
                appender.appendSql("')");
            };
        }
    }

    /**
     * {@code JSON} columns ({@code @JdbcTypeCode(SqlTypes.JSON)}): written as JSON text, read through
     * {@code toJSONString(column)} (the driver would hand out flattened paths). Maps, lists, records and
     * scalars need no JSON library; other classes use Hibernate's format mapper (Jackson or JSON-B on the
     * class path), and {@code @Embeddable} classes Hibernate's own JSON aggregate mapping.
     */
    static final class JsonColumnJdbcType extends org.hibernate.type.descriptor.jdbc.JsonJdbcType {

        JsonColumnJdbcType(org.hibernate.metamodel.mapping.EmbeddableMappingType embeddable) {
            super(embeddable);
        }

        @Override
        public org.hibernate.type.descriptor.jdbc.AggregateJdbcType resolveAggregateJdbcType(
                org.hibernate.metamodel.mapping.EmbeddableMappingType mappingType, String sqlType,
                org.hibernate.metamodel.spi.RuntimeModelCreationContext creationContext) {
            return new JsonColumnJdbcType(mappingType);
        }

        @Override
        public Expression wrapTopLevelSelectionExpression(Expression expression) {
            return new SelfRenderingExpression() {
                @Override
                public void renderToSql(SqlAppender appender, SqlAstTranslator<?> walker, SessionFactoryImplementor factory) {
                    appender.appendSql("toJSONString(");
                    expression.accept(walker);
                    appender.appendSql(')');
                }

                @Override
                public JdbcMappingContainer getExpressionType() {
                    return expression.getExpressionType();
                }
            };
        }

        private boolean ownText(JavaType<?> javaType) {
            return getEmbeddableMappingType() == null && JsonText.handles(javaType.getJavaTypeClass());
        }

        @Override
        protected <X> X fromString(String string, JavaType<X> javaType, WrapperOptions options) throws SQLException {
            if (string == null || !ownText(javaType)) {
                return super.fromString(string, javaType, options);
            }
            Object value = JsonText.parse(string);
            Class<X> type = javaType.getJavaTypeClass();
            if (type == String.class) {
                return type.cast(string);
            }
            return type.isInstance(value) || type == Object.class ? type.cast(value) : javaType.wrap(value, options);
        }

        @Override
        protected <X> String toString(X value, JavaType<X> javaType, WrapperOptions options) {
            if (!ownText(javaType)) {
                return super.toString(value, javaType, options);
            }
            return value instanceof String text ? text : JsonText.write(value);
        }
    }

    /** {@code Time64} columns as {@code LocalTime}, keeping the fraction of a second. */
    static final class TimeOfDayJdbcType extends TimeJdbcType {

        static final TimeOfDayJdbcType INSTANCE = new TimeOfDayJdbcType();
        private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS");

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    st.setString(index, TEXT.format(javaType.unwrap(value, LocalTime.class, options)));
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    st.setString(name, TEXT.format(javaType.unwrap(value, LocalTime.class, options)));
                }
            };
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return new BasicExtractor<>(javaType, this) {
                @Override
                protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(rs.getObject(index, LocalTime.class), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(statement.getObject(index, LocalTime.class), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                    return javaType.wrap(statement.getObject(name, LocalTime.class), options);
                }
            };
        }
    }

    /**
     * {@code Inet4Address} and {@code Inet6Address} attributes (Hibernate knows only {@code InetAddress}).
     * An IPv4-mapped IPv6 address, which {@code java.net} hands out as an {@code Inet4Address}, is
     * converted back to the {@code Inet6Address} an {@code Inet6Address} attribute needs.
     */
    static final class InetJavaType<T extends InetAddress> extends AbstractClassJavaType<T> {

        InetJavaType(Class<T> type) {
            super(type, ImmutableMutabilityPlan.instance());
        }

        @Override
        public JdbcType getRecommendedJdbcType(JdbcTypeIndicators indicators) {
            return indicators.getJdbcType(SqlTypes.INET);
        }

        @Override
        public boolean useObjectEqualsHashCode() {
            return true;
        }

        @Override
        public String toString(T value) {
            return value.getHostAddress();
        }

        @Override
        public T fromString(CharSequence string) {
            return wrap(string.toString(), null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <X> X unwrap(T value, Class<X> type, WrapperOptions options) {
            if (value == null) {
                return null;
            }
            if (type.isInstance(value)) {
                return (X) value;
            }
            if (type == byte[].class) {
                return (X) value.getAddress();
            }
            if (type == String.class) {
                return (X) value.getHostAddress();
            }
            throw unknownUnwrap(type);
        }

        @Override
        public <X> T wrap(X value, WrapperOptions options) {
            if (value == null) {
                return null;
            }
            try {
                InetAddress address;
                if (value instanceof InetAddress inet) {
                    address = inet;
                } else if (value instanceof byte[] bytes) {
                    address = InetAddress.getByAddress(bytes);
                } else if (value instanceof String text) {
                    address = IpText.parse(text);
                } else {
                    throw unknownWrap(value.getClass());
                }
                if (getJavaTypeClass() == Inet6Address.class && address instanceof Inet4Address v4) {
                    address = IpText.mapped(v4);
                }
                return getJavaTypeClass().cast(address);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + value, e);
            }
        }
    }
}
