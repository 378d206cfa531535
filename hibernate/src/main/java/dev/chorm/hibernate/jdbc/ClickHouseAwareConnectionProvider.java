package dev.chorm.hibernate.jdbc;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.jdbc.connections.spi.DatabaseConnectionInfo;
import org.hibernate.engine.jdbc.env.spi.ExtractedDatabaseMetaData;
import org.hibernate.service.spi.Configurable;
import org.hibernate.service.spi.ServiceRegistryAwareService;
import org.hibernate.service.spi.ServiceRegistryImplementor;
import org.hibernate.service.spi.Stoppable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The connection provider Hibernate would have used, with ClickHouse connections wrapped by
 * {@link ClickHouseConnections}. Lifecycle calls go to the provider it wraps.
 */
final class ClickHouseAwareConnectionProvider
        implements ConnectionProvider, Configurable, Stoppable, ServiceRegistryAwareService {

    private final ConnectionProvider delegate;
    private boolean rowBinaryInserts = true;

    ClickHouseAwareConnectionProvider(ConnectionProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return ClickHouseConnections.wrapIfClickHouse(delegate.getConnection(), rowBinaryInserts);
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        delegate.closeConnection(ClickHouseConnections.unwrap(connection));
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return delegate.supportsAggressiveRelease();
    }

    @Override
    public boolean handlesConnectionSchema() {
        return delegate.handlesConnectionSchema();
    }

    @Override
    public boolean handlesConnectionReadOnly() {
        return delegate.handlesConnectionReadOnly();
    }

    @Override
    public DatabaseConnectionInfo getDatabaseConnectionInfo(Dialect dialect) {
        return delegate.getDatabaseConnectionInfo(dialect);
    }

    @Override
    public DatabaseConnectionInfo getDatabaseConnectionInfo(Dialect dialect, ExtractedDatabaseMetaData metaData) {
        return delegate.getDatabaseConnectionInfo(dialect, metaData);
    }

    @Override
    public void configure(Map<String, Object> settings) {
        rowBinaryInserts = !"false".equalsIgnoreCase(String.valueOf(settings.get(RowBinaryBatchInserts.SETTING)).trim());
        if (delegate instanceof Configurable configurable) {
            configurable.configure(ClickHouseServiceContributor.withDriverDefaults(settings));
        }
    }

    @Override
    public void injectServices(ServiceRegistryImplementor registry) {
        if (delegate instanceof ServiceRegistryAwareService aware) {
            aware.injectServices(registry);
        }
    }

    @Override
    public void stop() {
        if (delegate instanceof Stoppable stoppable) {
            stoppable.stop();
        }
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return type.isInstance(this) || delegate.isUnwrappableAs(type);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
    }
}
