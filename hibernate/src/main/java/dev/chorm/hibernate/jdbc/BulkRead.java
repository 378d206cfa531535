package dev.chorm.hibernate.jdbc;

import dev.chorm.hibernate.query.Settings;
import org.hibernate.HibernateException;
import org.hibernate.SharedSessionContract;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.EmbeddableMappingType;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.metamodel.mapping.NonAggregatedIdentifierMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.spi.EntityInstantiator;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.sql.Template;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.tree.expression.ColumnReference;
import org.hibernate.sql.ast.tree.expression.Expression;
import org.hibernate.sql.ast.tree.expression.SelfRenderingExpression;
import org.hibernate.type.descriptor.ValueExtractor;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads many entities of one class at close to the driver's rate, past Hibernate's row processing: the
 * mirror of {@link BulkInsert}.
 *
 * <pre>{@code
 * try (StatelessSession session = sessionFactory.openStatelessSession();
 *      Stream<Event> events = BulkRead.of(session, Event.class)
 *              .where("country = ? and day >= ?", "NL", LocalDate.of(2026, 1, 1))
 *              .stream()) {
 *     events.forEach(...);
 * }
 * }</pre>
 *
 * <p>Why: an HQL stream into entities spends about as much time in Hibernate's row processing
 * (initializers, the temporary persistence context, a snapshot copy of every mutable attribute such
 * as a {@code Map}) as in the driver. This class reads the entity's columns once from Hibernate's
 * metamodel and then, per row, only reads each column with the extractor Hibernate itself uses for it,
 * applies the attribute's converter, instantiates the entity with Hibernate's instantiator and sets its
 * values with Hibernate's setters (the entity's property access). The entities are what
 * {@code session.get} returns, detached, as a {@code StatelessSession}'s are.
 *
 * <p>The condition is ClickHouse SQL on the table's columns (not HQL); its {@code ?} parameters are
 * bound by the driver, never pasted into the SQL. The stream must be closed (try-with-resources):
 * closing it before its end cancels the query on the server ({@link CancelOnEarlyClose}). It uses the
 * session's connection: close the stream before the session.
 *
 * <p>Refused when created, with the reason (read those with HQL): entities of an inheritance hierarchy,
 * with collections, with to-one or {@code @Any} associations, with {@code @Formula} attributes, with
 * attributes in another table, with an {@code @IdClass} id, with an embeddable stored as one aggregate
 * column, or with {@code @SoftDelete} or {@code @SQLRestriction}. No Hibernate events, listeners,
 * interceptors or JPA callbacks run, nothing is cached, and the session's enabled filters ({@code @Filter})
 * are not applied: the condition is all there is.
 */
public final class BulkRead<T> {

    private final SharedSessionContractImplementor session;
    private final Class<T> entityClass;
    private final Mapping mapping;
    private String condition;
    private Object[] parameters = new Object[0];
    private Settings settings = Settings.none();

    private BulkRead(SharedSessionContractImplementor session, Class<T> entityClass, Mapping mapping) {
        this.session = session;
        this.entityClass = entityClass;
        this.mapping = mapping;
    }

    /**
     * A bulk read of {@code entityClass} entities through {@code session} (a {@code StatelessSession} or
     * a {@code Session}; with an {@code EntityManager}: {@code entityManager.unwrap(Session.class)}).
     *
     * @throws HibernateException if the entity cannot be read this way (the message says why)
     */
    public static <T> BulkRead<T> of(SharedSessionContract session, Class<T> entityClass) {
        if (!(session instanceof SharedSessionContractImplementor implementor)) {
            throw new IllegalArgumentException("BulkRead needs a Hibernate session, got " + session);
        }
        EntityPersister persister = implementor.getFactory().getMappingMetamodel().getEntityDescriptor(entityClass);
        return new BulkRead<>(implementor, entityClass, Mapping.of(persister));
    }

    /**
     * Reads only the rows matching {@code condition}, a ClickHouse SQL boolean expression on the table's
     * columns (e.g. {@code "country = ? and amount > ?"}); each {@code ?} is bound to the next of
     * {@code parameters} by the driver. A second call replaces the first.
     */
    public BulkRead<T> where(String condition, Object... parameters) {
        if (condition == null || condition.isBlank()) {
            throw new IllegalArgumentException("BulkRead of " + mapping.entityName + ": the condition is empty");
        }
        this.condition = condition;
        this.parameters = parameters == null ? new Object[]{null} : parameters.clone();
        return this;
    }

    /**
     * Adds a query-level ClickHouse setting ({@code SETTINGS name = value}), e.g.
     * {@code setting("max_threads", 2)}. Values as {@link Settings} takes them: numbers, booleans,
     * strings, a {@code Duration} (seconds).
     */
    public BulkRead<T> setting(String name, Object value) {
        settings = BulkInsert.withSetting(settings, "BulkRead of " + mapping.entityName, name, value);
        return this;
    }

    /** The SELECT this read sends, with {@code ?} for the parameters. */
    public String sql() {
        StringBuilder sql = new StringBuilder("select ").append(mapping.selectList).append(" from ").append(mapping.table);
        if (condition != null) {
            sql.append(" where ").append(condition);
        }
        if (!settings.isEmpty()) {
            sql.append(" settings ").append(settings);
        }
        return sql.toString();
    }

    /**
     * Runs the query and streams its rows as entities, in the server's order. Close the stream: closing it
     * early cancels the query on the server.
     */
    public Stream<T> stream() {
        String sql = sql();
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(sql);
        Rows<T> rows = new Rows<>(this, statement, sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            rows.open(jdbc.getResultSetReturn().extract(statement, sql));
        } catch (SQLException | RuntimeException e) {
            rows.close();
            if (e instanceof SQLException sqlException) {
                throw session.getJdbcServices().getSqlExceptionHelper().convert(sqlException,
                        "BulkRead of " + mapping.entityName, sql);
            }
            throw (RuntimeException) e;
        }
        return StreamSupport.stream(rows, false).onClose(rows::close);
    }

    /** The rows of one query: a spliterator that turns each into an entity, and the JDBC resources to release. */
    private static final class Rows<T> extends Spliterators.AbstractSpliterator<T> {
        private final BulkRead<T> read;
        private final PreparedStatement statement;
        private final String sql;
        /** As Hibernate returned it: its next() and close() cancel an unfinished query. */
        private ResultSet result;
        /** The driver's own result set, for the getters (the wrapper would cost a reflective call each). */
        private ResultSet values;
        private boolean closed;

        Rows(BulkRead<T> read, PreparedStatement statement, String sql) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.read = read;
            this.statement = statement;
            this.sql = sql;
        }

        void open(ResultSet result) {
            this.result = result;
            ResultSet driver = result;
            try {
                if (result.isWrapperFor(com.clickhouse.jdbc.ResultSetImpl.class)) {
                    driver = result.unwrap(com.clickhouse.jdbc.ResultSetImpl.class);
                }
            } catch (SQLException | RuntimeException notUnwrappable) {
                driver = result;
            }
            this.values = driver;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            if (closed) {
                throw new IllegalStateException("this BulkRead stream of " + read.mapping.entityName + " is closed");
            }
            try {
                if (!result.next()) {
                    return false;
                }
                action.accept(read.entityClass.cast(read.mapping.entity(values, read.session)));
                return true;
            } catch (SQLException e) {
                throw read.session.getJdbcServices().getSqlExceptionHelper().convert(e,
                        "BulkRead of " + read.mapping.entityName, sql);
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            JdbcCoordinator jdbc = read.session.getJdbcCoordinator();
            var registry = jdbc.getLogicalConnection().getResourceRegistry();
            try {
                if (result != null) {
                    registry.release(result, statement);
                }
                registry.release(statement);
            } finally {
                jdbc.afterStatementExecution();
            }
        }
    }

    // ------------------------------------------------------------------ the mapping, read once

    /** Reads one value (of a column, or of an embeddable's columns) from the current row. */
    private interface Reader {
        Object read(ResultSet row, SharedSessionContractImplementor session) throws SQLException;
    }

    /** A basic value: Hibernate's extractor for its column, then the attribute's converter if it has one. */
    private record Column(int index, JdbcMapping mapping, ValueExtractor<?> extractor, boolean converted) implements Reader {
        @Override
        public Object read(ResultSet row, SharedSessionContractImplementor session) throws SQLException {
            Object value = extractor.extract(row, index, session);
            return converted ? mapping.convertToDomainValue(value) : value;
        }
    }

    /** An embeddable: its attributes' values, null when all are null (as Hibernate loads it). */
    private record Embedded(EmbeddableMappingType type, Reader[] attributes) implements Reader {
        @Override
        public Object read(ResultSet row, SharedSessionContractImplementor session) throws SQLException {
            Object[] values = new Object[attributes.length];
            boolean any = false;
            for (int i = 0; i < attributes.length; i++) {
                values[i] = attributes[i].read(row, session);
                any |= values[i] != null;
            }
            if (!any) {
                return null;
            }
            // the instantiator sets the values (through the setters, or a record's constructor)
            return type.getRepresentationStrategy().getInstantiator().instantiate(() -> values);
        }
    }

    private static final class Mapping {
        final EntityPersister persister;
        final String entityName;
        final String table;
        final String selectList;
        final EntityInstantiator instantiator;
        final Reader identifier;
        final Reader[] attributes;

        private Mapping(EntityPersister persister, String table, String selectList, Reader identifier, Reader[] attributes) {
            this.persister = persister;
            this.entityName = persister.getJpaEntityName();
            this.table = table;
            this.selectList = selectList;
            this.instantiator = persister.getRepresentationStrategy().getInstantiator();
            this.identifier = identifier;
            this.attributes = attributes;
        }

        static Mapping of(EntityPersister persister) {
            String entity = persister.getJpaEntityName();
            if (persister.getSuperMappingType() != null || persister.hasSubclasses()) {
                throw refused(entity, "it is part of an inheritance hierarchy");
            }
            if (persister.getSoftDeleteMapping() != null || persister.hasWhereRestrictions()) {
                throw refused(entity, "HQL reads it with a restriction of its mapping (@SoftDelete, @SQLRestriction)"
                        + " that BulkRead would not apply");
            }
            if (persister.getIdentifierMapping() instanceof NonAggregatedIdentifierMapping) {
                throw refused(entity, "its id is an @IdClass or made of several @Id attributes");
            }
            String table = persister.getTableName();
            List<String> columns = new ArrayList<>();
            Reader identifier = reader(persister.getIdentifierMapping(), persister.getIdentifierMapping().getAttributeName(),
                    table, entity, columns);
            Reader[] attributes = new Reader[persister.getNumberOfAttributeMappings()];
            for (int a = 0; a < attributes.length; a++) {
                AttributeMapping attribute = persister.getAttributeMapping(a);
                attributes[attribute.getStateArrayPosition()] = reader(attribute, attribute.getAttributeName(), table, entity, columns);
            }
            return new Mapping(persister, table, String.join(", ", columns), identifier, attributes);
        }

        private static Reader reader(ModelPart part, String attribute, String table, String entity, List<String> columns) {
            if (part instanceof AttributeMapping mapping && mapping.isPluralAttributeMapping()) {
                throw refused(entity, "attribute " + attribute + " is a collection");
            }
            if (part instanceof BasicValuedModelPart basic) {
                SelectableMapping selectable = basic;
                if (selectable.isFormula()) {
                    throw refused(entity, "attribute " + attribute + " is a @Formula");
                }
                if (!table.equals(selectable.getContainingTableExpression())) {
                    throw refused(entity, "attribute " + attribute + " is stored in another table ("
                            + selectable.getContainingTableExpression() + ")");
                }
                JdbcMapping jdbc = basic.getJdbcMapping();
                columns.add(selectExpression(selectable, jdbc, attribute, entity));
                return new Column(columns.size(), jdbc, jdbc.getJdbcValueExtractor(), jdbc.getValueConverter() != null);
            }
            if (part instanceof EmbeddableValuedModelPart embedded) {
                EmbeddableMappingType type = embedded.getEmbeddableTypeDescriptor();
                if (type.getAggregateMapping() != null) {
                    throw refused(entity, "attribute " + attribute + " is an embeddable stored as one column");
                }
                if (type.isPolymorphic()) {
                    throw refused(entity, "attribute " + attribute + " is a polymorphic embeddable");
                }
                Reader[] readers = new Reader[type.getNumberOfAttributeMappings()];
                for (int i = 0; i < readers.length; i++) {
                    AttributeMapping nested = type.getAttributeMapping(i);
                    readers[i] = reader(nested, attribute + "." + nested.getAttributeName(), table, entity, columns);
                }
                return new Embedded(type, readers);
            }
            throw refused(entity, "attribute " + attribute + " is an association");
        }

        /**
         * The column as Hibernate selects it: its custom read expression if it has one, wrapped as its JDBC
         * type wraps a top-level selection (chorm reads {@code byte[]} through {@code hex()}, JSON through
         * {@code toJSONString()}), so that the extractor gets what it expects.
         */
        private static String selectExpression(SelectableMapping selectable, JdbcMapping jdbc, String attribute, String entity) {
            String read = selectable.getCustomReadExpression();
            String column = read == null ? selectable.getSelectionExpression()
                    : read.replace(Template.TEMPLATE + ".", "").replace(Template.TEMPLATE, "");
            ColumnReference reference = new ColumnReference((String) null, selectable);
            Expression wrapped = jdbc.getJdbcType().wrapTopLevelSelectionExpression(reference);
            if (wrapped == reference) {
                return column;
            }
            if (!(wrapped instanceof SelfRenderingExpression rendering)) {
                throw refused(entity, "attribute " + attribute + " is read through an expression BulkRead cannot render");
            }
            StringBuilder sql = new StringBuilder();
            SqlAstTranslator<?> columnOnly = (SqlAstTranslator<?>) Proxy.newProxyInstance(BulkRead.class.getClassLoader(),
                    new Class<?>[]{SqlAstTranslator.class}, (proxy, method, args) -> {
                        if (method.getName().equals("visitColumnReference") && args[0] == reference) {
                            sql.append(column);
                            return null;
                        }
                        throw refused(entity, "attribute " + attribute + " is read through an expression BulkRead cannot render ("
                                + method.getName() + ")");
                    });
            rendering.renderToSql(sql::append, columnOnly, null);
            return sql.toString();
        }

        private static HibernateException refused(String entity, String reason) {
            return new HibernateException("BulkRead cannot read entity " + entity + ": " + reason
                    + ". Read it with HQL instead.");
        }

        Object entity(ResultSet row, SharedSessionContractImplementor session) throws SQLException {
            Object id = identifier.read(row, session);
            Object[] state = new Object[attributes.length];
            for (int i = 0; i < attributes.length; i++) {
                state[i] = attributes[i].read(row, session);
            }
            Object entity = instantiator.instantiate();
            persister.setIdentifier(entity, id, session);
            persister.setValues(entity, state);
            return entity;
        }
    }
}
