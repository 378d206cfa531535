package dev.chorm.hibernate;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Picks {@link ClickHouseDialect} for ClickHouse connections, so that no {@code hibernate.dialect}
 * setting is needed. Registered through {@code META-INF/services}.
 */
public final class ClickHouseDialectResolver implements DialectResolver {

    @Override
    public Dialect resolveDialect(DialectResolutionInfo info) {
        String name = info.getDatabaseName();
        return name != null && name.equalsIgnoreCase("ClickHouse") ? new ClickHouseDialect(info) : null;
    }
}
