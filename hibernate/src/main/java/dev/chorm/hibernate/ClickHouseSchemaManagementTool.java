package dev.chorm.hibernate;

import dev.chorm.hibernate.schema.AlterCommand;
import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.SchemaIntrospector;
import dev.chorm.hibernate.schema.TableDefinition;
import org.hibernate.boot.Metadata;
import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.jdbc.spi.JdbcServices;
import org.hibernate.tool.schema.TargetType;
import org.hibernate.tool.schema.internal.HibernateSchemaManagementTool;
import org.hibernate.tool.schema.spi.ContributableMatcher;
import org.hibernate.tool.schema.spi.ExecutionOptions;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.hibernate.tool.schema.spi.SchemaMigrator;
import org.hibernate.tool.schema.spi.SchemaValidator;
import org.hibernate.tool.schema.spi.TargetDescriptor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hibernate's schema tool, with validation and update done against ClickHouse's own catalogue
 * ({@link SchemaIntrospector}) and chorm's schema model, as schema export is: Hibernate's generic
 * versions would compare JDBC type codes (every ClickHouse {@code Nullable(T)} looks alike to them)
 * and add columns with DDL ClickHouse does not write. Other databases get Hibernate's tools.
 *
 * <ul>
 *   <li>{@code validate} reports every mismatch at once: a missing table or column, a column type
 *       (nullability is reported as such), the engine, the sorting and partition keys.</li>
 *   <li>{@code update} creates missing tables and adds missing columns; it never drops or changes
 *       anything (that is what chorm's migrations are for).</li>
 * </ul>
 */
public class ClickHouseSchemaManagementTool extends HibernateSchemaManagementTool {

    @Override
    public SchemaValidator getSchemaValidator(Map<String, Object> options) {
        return isClickHouse() ? this::validate : super.getSchemaValidator(options);
    }

    @Override
    public SchemaMigrator getSchemaMigrator(Map<String, Object> options) {
        return isClickHouse() ? this::update : super.getSchemaMigrator(options);
    }

    private boolean isClickHouse() {
        return getServiceRegistry().requireService(JdbcServices.class).getDialect() instanceof ClickHouseDialect;
    }

    private void validate(Metadata metadata, ExecutionOptions options, ContributableMatcher matcher) {
        List<String> problems = new ArrayList<>();
        withConnection(connection -> {
            for (TableDefinition expected : EntityTables.of(metadata, matcher)) {
                problems.addAll(SchemaMismatches.of(expected,
                        SchemaIntrospector.table(connection, expected.database(), expected.name())));
            }
        });
        if (!problems.isEmpty()) {
            throw new SchemaManagementException("Schema validation failed: the ClickHouse schema does not match the entities:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private void update(Metadata metadata, ExecutionOptions options, ContributableMatcher matcher, TargetDescriptor target) {
        if (!target.getTargetTypes().contains(TargetType.DATABASE)) {
            throw new SchemaManagementException("Schema update on ClickHouse runs against the database only; "
                    + "to write reviewable scripts, use chorm's migrations");
        }
        withConnection(connection -> {
            for (TableDefinition expected : EntityTables.of(metadata, matcher)) {
                Optional<TableDefinition> live = SchemaIntrospector.table(connection, expected.database(), expected.name());
                if (live.isEmpty()) {
                    execute(connection, DdlRenderer.createTable(expected, true));
                    continue;
                }
                List<AlterCommand> missing = new ArrayList<>();
                for (ColumnDefinition column : expected.columns()) {
                    if (live.get().column(column.name()).isEmpty()) {
                        missing.add(new AlterCommand.AddColumn(column, true, null));
                    }
                }
                if (!missing.isEmpty()) {
                    execute(connection, DdlRenderer.alterTable(expected.ref(), missing));
                }
            }
        });
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private interface ConnectionWork {
        void run(Connection connection) throws SQLException;
    }

    private void withConnection(ConnectionWork work) {
        JdbcConnectionAccess access = getServiceRegistry().requireService(JdbcServices.class).getBootstrapJdbcConnectionAccess();
        try {
            Connection connection = access.obtainConnection();
            try {
                work.run(connection);
            } finally {
                access.releaseConnection(connection);
            }
        } catch (SQLException e) {
            throw new SchemaManagementException("Could not read or change the ClickHouse schema: " + e.getMessage(), e);
        }
    }
}
