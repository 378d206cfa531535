package dev.chorm.hibernate.jdbc;

import org.hibernate.boot.registry.StandardServiceInitiator;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.BatchSettings;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.mutation.internal.MutationExecutorServiceInitiator;
import org.hibernate.engine.jdbc.mutation.internal.StandardMutationExecutorService;
import org.hibernate.engine.jdbc.mutation.MutationExecutor;
import org.hibernate.engine.jdbc.mutation.spi.BatchKeyAccess;
import org.hibernate.engine.jdbc.mutation.spi.MutationExecutorService;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.sql.model.MutationOperationGroup;
import org.hibernate.engine.jdbc.spi.JdbcServices;
import dev.chorm.hibernate.ClickHouseDialect;
import dev.chorm.hibernate.ClickHouseSchemaManagementTool;
import org.hibernate.tool.schema.internal.HibernateSchemaManagementTool;
import org.hibernate.tool.schema.internal.SchemaManagementToolInitiator;
import org.hibernate.tool.schema.spi.SchemaManagementTool;
import org.hibernate.engine.jdbc.connections.internal.ConnectionProviderInitiator;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.service.spi.ServiceContributor;
import org.hibernate.service.spi.ServiceRegistryImplementor;

import java.util.HashMap;
import java.util.Map;

/**
 * Registered through {@code META-INF/services}: puts {@link ClickHouseAwareConnectionProvider}
 * around whatever connection provider Hibernate configures, so that ClickHouse connections get
 * transactions without errors, and turns JDBC batching on for ClickHouse; every other database
 * is left as it was.
 */
public final class ClickHouseServiceContributor implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder builder) {
        builder.addInitiator(new Initiator());
        builder.addInitiator(new BatchingInitiator());
        builder.addInitiator(new SchemaToolInitiator());
    }

    /**
     * chorm's schema tool ({@link ClickHouseSchemaManagementTool}: validation and update through
     * ClickHouse's catalogue), unless the application configured a tool of its own.
     */
    private static final class SchemaToolInitiator implements StandardServiceInitiator<SchemaManagementTool> {

        @Override
        public Class<SchemaManagementTool> getServiceInitiated() {
            return SchemaManagementTool.class;
        }

        @Override
        public SchemaManagementTool initiateService(Map<String, Object> settings, ServiceRegistryImplementor registry) {
            SchemaManagementTool standard = SchemaManagementToolInitiator.INSTANCE.initiateService(settings, registry);
            return standard.getClass() == HibernateSchemaManagementTool.class ? new ClickHouseSchemaManagementTool() : standard;
        }
    }

    /**
     * JDBC batching on by default for ClickHouse, where every INSERT becomes a part on disk and
     * thousands of one-row inserts trip the server's too-many-parts throttle. An explicit
     * {@code hibernate.jdbc.batch_size} wins, for stateless sessions too (Hibernate itself applies
     * it to stateful sessions only); other databases keep Hibernate's default.
     */
    private static final class BatchingInitiator implements StandardServiceInitiator<MutationExecutorService> {

        @Override
        public Class<MutationExecutorService> getServiceInitiated() {
            return MutationExecutorService.class;
        }

        @Override
        public MutationExecutorService initiateService(Map<String, Object> settings, ServiceRegistryImplementor registry) {
            MutationExecutorService standard = MutationExecutorServiceInitiator.INSTANCE.initiateService(settings, registry);
            Dialect dialect = registry.requireService(JdbcServices.class).getDialect();
            if (!(standard instanceof StandardMutationExecutorService) || !(dialect instanceof ClickHouseDialect clickhouse)) {
                return standard;
            }
            return new StatelessToo(settings.containsKey(BatchSettings.STATEMENT_BATCH_SIZE)
                    ? standard : new StandardMutationExecutorService(clickhouse.getDefaultStatementBatchSize()));
        }
    }

    /**
     * Hibernate opens a {@code StatelessSession} with batching off (batch size 0), which on
     * ClickHouse makes every insert a part on disk and soon trips "too many parts". A stateless
     * session whose batch size was not chosen gets the default one: inside a transaction, its inserts
     * are sent when the batch is full and at commit (so a read in the same transaction does not see
     * rows still in the batch); outside one, each insert is sent at once. The default is
     * {@code hibernate.jdbc.batch_size} when set, else chorm's.
     */
    private record StatelessToo(MutationExecutorService delegate) implements MutationExecutorService {

        @Override
        public MutationExecutor createExecutor(BatchKeyAccess batchKey, MutationOperationGroup operations,
                                               SharedSessionContractImplementor session) {
            if (session.isStateless() && Integer.valueOf(0).equals(session.getJdbcBatchSize())) {
                session.setJdbcBatchSize(null);
            }
            return delegate.createExecutor(batchKey, operations, session);
        }
    }

    /**
     * When Hibernate opens connections itself from a ClickHouse URL, its pool switches auto-commit
     * off before any wrapper sees the connection: tell the driver to accept that.
     */
    static Map<String, Object> withDriverDefaults(Map<String, Object> settings) {
        Object url = settings.getOrDefault(AvailableSettings.JAKARTA_JDBC_URL, settings.get(AvailableSettings.URL));
        if (!(url instanceof String text) || !text.startsWith("jdbc:clickhouse:")
                || settings.containsKey(IGNORE_UNSUPPORTED)) {
            return settings;
        }
        Map<String, Object> copy = new HashMap<>(settings);
        copy.put(IGNORE_UNSUPPORTED, "true");
        return copy;
    }

    private static final String IGNORE_UNSUPPORTED = "hibernate.connection.jdbc_ignore_unsupported_values";

    private static final class Initiator implements StandardServiceInitiator<ConnectionProvider> {

        @Override
        public Class<ConnectionProvider> getServiceInitiated() {
            return ConnectionProvider.class;
        }

        @Override
        public ConnectionProvider initiateService(Map<String, Object> settings, ServiceRegistryImplementor registry) {
            ConnectionProvider standard = ConnectionProviderInitiator.INSTANCE.initiateService(withDriverDefaults(settings), registry);
            return standard == null ? null : new ClickHouseAwareConnectionProvider(standard);
        }
    }
}
