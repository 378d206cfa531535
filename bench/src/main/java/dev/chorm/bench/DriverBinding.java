package dev.chorm.bench;

import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;

import java.sql.SQLFeatureNotSupportedException;
import java.util.Arrays;

/**
 * A jOOQ binding that hands a value to the JDBC driver as it is ({@code setObject}) and takes back
 * what the driver returns: how a jOOQ user without a ClickHouse dialect maps ClickHouse's
 * {@code Array} and {@code Map} columns, for which jOOQ's DEFAULT dialect has no binding
 * ("Cannot bind ARRAY types in dialect DEFAULT"). The driver returns an Array as a {@code java.sql.Array},
 * whose elements become a List, and a Map as a Map.
 */
final class DriverBinding<U> implements Binding<Object, U> {

    private final Converter<Object, U> converter;

    DriverBinding(Class<U> type) {
        this.converter = Converter.ofNullable(Object.class, type, DriverBinding::fromDriver, value -> value);
    }

    @SuppressWarnings("unchecked")
    private static <U> U fromDriver(Object value) {
        try {
            if (value instanceof java.sql.Array array) {
                return (U) Arrays.asList((Object[]) array.getArray());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return (U) value;
    }

    @Override
    public Converter<Object, U> converter() {
        return converter;
    }

    @Override
    public void sql(BindingSQLContext<U> ctx) {
        ctx.render().sql(ctx.variable());
    }

    @Override
    public void register(BindingRegisterContext<U> ctx) throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no OUT parameters");
    }

    @Override
    public void set(BindingSetStatementContext<U> ctx) throws java.sql.SQLException {
        ctx.statement().setObject(ctx.index(), ctx.value());
    }

    @Override
    public void set(BindingSetSQLOutputContext<U> ctx) throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no user-defined types");
    }

    @Override
    public void get(BindingGetResultSetContext<U> ctx) throws java.sql.SQLException {
        ctx.convert(converter).value(ctx.resultSet().getObject(ctx.index()));
    }

    @Override
    public void get(BindingGetStatementContext<U> ctx) throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no OUT parameters");
    }

    @Override
    public void get(BindingGetSQLInputContext<U> ctx) throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no user-defined types");
    }
}
