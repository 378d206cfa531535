package dev.chorm.hibernate.jdbc;

import dev.chorm.hibernate.type.ClickHouseType;
import dev.chorm.hibernate.type.InvalidValueException;
import dev.chorm.hibernate.type.ValueRules;
import org.hibernate.HibernateException;
import org.hibernate.engine.internal.Versioning;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.Generator;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One entity class as RowBinary rows, for {@link BulkInsert}: its insertable columns read once from
 * Hibernate's metamodel (the id, basic, embedded and to-one attributes, converters applied;
 * {@code @Materialized}/{@code @Alias} and other non-insertable columns left out), the column types as
 * the server has them, and one writer per column from {@link RowBinaryRows}.
 *
 * <p>Values are taken with Hibernate's own accessors and converters. A value whose class the writers
 * take as it is (numbers, text, {@code Instant}, {@code LocalDate}, collections, maps...) is encoded
 * directly; anything else (an enum, a {@code java.util.Date}...) goes through the attribute's own JDBC
 * binder onto a recording statement, so it arrives in the form the normal insert path would send.
 */
final class EntityRows {

    private final EntityPersister persister;
    private final String entityName;
    private final RowBinaryBatchInserts.Target target;
    private final Column[] columns;
    private final Part identifier;
    private final Part[] attributes;
    /** Attributes generated in memory before an insert ({@code @CreationTimestamp}...), by state position. */
    private final int[] generatedPositions;
    private final BeforeExecutionGenerator[] generators;
    /** Per column, the class of the last value written as it is (saves the instanceof tests for the next). */
    private final Class<?>[] takenAsItIs;
    private final Recorder recorder = new Recorder();
    private final PreparedStatement recording = (PreparedStatement) Proxy.newProxyInstance(
            EntityRows.class.getClassLoader(), new Class<?>[]{PreparedStatement.class}, recorder);

    /** A column of the INSERT: its name, the attribute it comes from, Hibernate's mapping and the server's type. */
    private record Column(String name, String attribute, JdbcMapping mapping, ClickHouseType type,
                          RowBinaryRows.ColumnWriter writer) {
    }

    /**
     * An attribute (or the id) and where each of its selectables goes among the columns (-1: not inserted);
     * for a basic attribute its converter, if any (null: the value is its JDBC value).
     */
    private record Part(ModelPart model, String attribute, int statePosition, int[] columnOf, boolean basic,
                        org.hibernate.type.descriptor.converter.spi.BasicValueConverter<?, ?> converter) {
    }

    private EntityRows(EntityPersister persister, RowBinaryBatchInserts.Target target, Column[] columns, Part identifier,
                       Part[] attributes, int[] generatedPositions, BeforeExecutionGenerator[] generators) {
        this.persister = persister;
        this.entityName = persister.getJpaEntityName();
        this.target = target;
        this.columns = columns;
        this.identifier = identifier;
        this.attributes = attributes;
        this.generatedPositions = generatedPositions;
        this.generators = generators;
        this.takenAsItIs = new Class<?>[columns.length];
    }

    RowBinaryBatchInserts.Target insertTarget() {
        return target;
    }

    int columnCount() {
        return columns.length;
    }

    String entityName() {
        return entityName;
    }

    /** Reads the mapping of {@code entityClass} and the server's column types through {@code connection}. */
    static EntityRows of(SharedSessionContractImplementor session, Class<?> entityClass, Connection connection)
            throws SQLException {
        EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(entityClass);
        String entity = persister.getJpaEntityName();
        if (persister.getSuperMappingType() != null || persister.hasSubclasses()) {
            throw refused(entity, "it is part of an inheritance hierarchy; BulkInsert writes entities of one table");
        }
        Generator idGenerator = persister.getGenerator();
        if (idGenerator != null && idGenerator.generatedOnExecution()) {
            throw refused(entity, "its id is generated by the database on insert");
        }
        String table = persister.getTableName();
        List<String> names = new ArrayList<>();
        List<String> attributeNames = new ArrayList<>();
        List<JdbcMapping> mappings = new ArrayList<>();
        Part identifier = part(persister.getIdentifierMapping(), persister.getIdentifierMapping().getAttributeName(), -1,
                table, entity, names, attributeNames, mappings);
        List<Part> parts = new ArrayList<>();
        List<Integer> generatedPositions = new ArrayList<>();
        List<BeforeExecutionGenerator> generators = new ArrayList<>();
        for (int a = 0; a < persister.getAttributeMappings().size(); a++) {
            AttributeMapping attribute = persister.getAttributeMappings().get(a);
            if (attribute.isPluralAttributeMapping()) {
                if (attribute.asPluralAttributeMapping().getCollectionDescriptor().isInverse()) {
                    continue; // written from the other side
                }
                throw refused(entity, "attribute " + attribute.getAttributeName()
                        + " is a collection stored in its own table; BulkInsert writes one table");
            }
            if (!persister.getPropertyInsertability()[attribute.getStateArrayPosition()]) {
                continue; // @Materialized, @Alias, insertable = false: never written by an insert
            }
            Generator generator = attribute.getGenerator();
            if (generator != null && generator.generatesOnInsert()) {
                if (!(generator instanceof BeforeExecutionGenerator before) || generator.generatedOnExecution()) {
                    throw refused(entity, "attribute " + attribute.getAttributeName() + " is generated by the database on insert");
                }
                generatedPositions.add(attribute.getStateArrayPosition());
                generators.add(before);
            }
            parts.add(part(attribute, attribute.getAttributeName(), attribute.getStateArrayPosition(), table, entity,
                    names, attributeNames, mappings));
        }
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (")
                .append(String.join(",", names)).append(") values (");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        RowBinaryBatchInserts.Target target = RowBinaryBatchInserts.Target.of(sql.append(')').toString());
        if (target == null) {
            throw refused(entity, "its table or column names are not plain identifiers (" + table + ")");
        }
        Map<String, String> types = RowBinaryBatchInserts.readColumnTypes(target, connection);
        if (types.isEmpty()) {
            throw refused(entity, "its table " + table + " was not found on the server");
        }
        Column[] columns = new Column[names.size()];
        for (int i = 0; i < columns.length; i++) {
            String name = target.columns().get(i);
            String typeText = types.get(name);
            if (typeText == null) {
                throw refused(entity, "column " + name + " (attribute " + attributeNames.get(i) + ") is not in table " + table);
            }
            ClickHouseType type;
            RowBinaryRows.ColumnWriter writer;
            try {
                type = ClickHouseType.parse(typeText);
                writer = RowBinaryRows.forType(type);
            } catch (RuntimeException unknown) {
                type = null;
                writer = null;
            }
            if (writer == null) {
                throw refused(entity, "column " + name + " (attribute " + attributeNames.get(i) + ") has the type "
                        + typeText + ", which chorm's RowBinary encoders do not write");
            }
            columns[i] = new Column(name, attributeNames.get(i), mappings.get(i), type, writer);
        }
        return new EntityRows(persister, target, columns, identifier, parts.toArray(Part[]::new),
                generatedPositions.stream().mapToInt(Integer::intValue).toArray(),
                generators.toArray(BeforeExecutionGenerator[]::new));
    }

    private static Part part(ModelPart model, String attribute, int statePosition, String table, String entity,
                             List<String> names, List<String> attributeNames, List<JdbcMapping> mappings) {
        List<Integer> columnOf = new ArrayList<>();
        model.forEachSelectable((index, selectable) -> {
            if (selectable.isFormula() || !selectable.isInsertable()) {
                columnOf.add(-1);
                return;
            }
            if (!table.equals(selectable.getContainingTableExpression())) {
                throw refused(entity, "attribute " + attribute + " is stored in another table ("
                        + selectable.getContainingTableExpression() + ")");
            }
            columnOf.add(names.size());
            names.add(selectable.getSelectionExpression());
            attributeNames.add(model instanceof BasicValuedModelPart ? attribute : attribute + "." + selectableName(selectable));
            mappings.add(selectable.getJdbcMapping());
        });
        boolean basic = model instanceof BasicValuedModelPart;
        return new Part(model, attribute, statePosition, columnOf.stream().mapToInt(Integer::intValue).toArray(), basic,
                basic ? ((BasicValuedModelPart) model).getJdbcMapping().getValueConverter() : null);
    }

    private static String selectableName(SelectableMapping selectable) {
        return selectable.getSelectableName() != null ? selectable.getSelectableName() : selectable.getSelectionExpression();
    }

    private static HibernateException refused(String entity, String reason) {
        return new HibernateException("BulkInsert cannot write entity " + entity + ": " + reason
                + ". Insert it with StatelessSession.insert instead.");
    }

    /**
     * Appends {@code entity} as one row to {@code out}, generating its id (and in-memory generated
     * attributes) as {@code StatelessSession.insert} does. A value its column cannot hold exactly throws
     * {@link InvalidValueException} naming the entity, the attribute and the value; {@code out} is then as before.
     */
    void write(Object entity, SharedSessionContractImplementor session, RowBinaryRows.Buffer out) {
        if (entity == null || entity.getClass() != persister.getMappedClass()) {
            throw new IllegalArgumentException("BulkInsert of " + entityName + " was given "
                    + (entity == null ? "null" : "an instance of " + entity.getClass().getName()));
        }
        Object[] state = persister.getValues(entity);
        if (persister.isVersioned() && Versioning.seedVersion(entity, state, persister, session)) {
            persister.setValues(entity, state);
        }
        Generator idGenerator = persister.getGenerator();
        Object id;
        if (idGenerator != null && idGenerator.generatedBeforeExecution(entity, session)) {
            Object current = idGenerator.allowAssignedIdentifiers() ? persister.getIdentifier(entity, session) : null;
            id = ((BeforeExecutionGenerator) idGenerator).generate(session, entity, current, EventType.INSERT);
            persister.setIdentifier(entity, id, session);
        } else {
            id = persister.getIdentifier(entity, session);
        }
        for (int i = 0; i < generatedPositions.length; i++) {
            int position = generatedPositions[i];
            state[position] = generators[i].generate(session, entity, state[position], EventType.INSERT);
            persister.setValue(entity, position, state[position]);
        }
        Object[] values = new Object[columns.length];
        collect(identifier, id, values, session);
        for (Part part : attributes) {
            collect(part, state[part.statePosition()], values, session);
        }
        int rowStart = out.size();
        for (int i = 0; i < columns.length; i++) {
            int columnStart = out.size();
            Object value = values[i];
            if (value == null || value.getClass() == takenAsItIs[i] || isTakenAsItIs(value)) {
                if (columns[i].writer().write(value, out)) {
                    if (value != null) {
                        takenAsItIs[i] = value.getClass();
                    }
                    continue;
                }
                out.truncate(columnStart);
            }
            Object bound = value == null ? null : bound(columns[i], value, session);
            if (value == null || bound == RowBinaryBatchInserts.UNSUPPORTED || !columns[i].writer().write(bound, out)) {
                out.truncate(rowStart);
                throw invalid(columns[i], value);
            }
        }
    }

    private static void collect(Part part, Object value, Object[] values, SharedSessionContractImplementor session) {
        if (part.basic()) {
            int column = part.columnOf()[0];
            if (column >= 0) {
                values[column] = part.converter() == null ? value
                        : ((BasicValuedModelPart) part.model()).getJdbcMapping().convertToRelationalValue(value);
            }
            return;
        }
        part.model().decompose(value, 0, values, part.columnOf(), (index, into, columnOf, jdbcValue, selectable) -> {
            if (index < columnOf.length && columnOf[index] >= 0) {
                into[columnOf[index]] = jdbcValue;
            }
        }, session);
    }

    /** Classes the writers take as Hibernate hands them over: anything else goes through the column's binder. */
    private static boolean isTakenAsItIs(Object value) {
        return value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Double
                || value instanceof Instant || value instanceof LocalDate || value instanceof Collection<?>
                || value instanceof Map<?, ?> || value instanceof Short || value instanceof Byte || value instanceof Float
                || value instanceof Boolean || value instanceof BigDecimal || value instanceof BigInteger
                || value instanceof UUID || value instanceof InetAddress || value instanceof byte[]
                || value instanceof OffsetDateTime || value instanceof ZonedDateTime;
    }

    /** The value as the column's JDBC binder would bind it (enums, converters, legacy date classes...). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object bound(Column column, Object value, SharedSessionContractImplementor session) {
        recorder.call = null;
        try {
            ((org.hibernate.type.descriptor.ValueBinder) column.mapping().getJdbcValueBinder()).bind(recording, value, 1, session);
        } catch (SQLException | RuntimeException notBindable) {
            return RowBinaryBatchInserts.UNSUPPORTED;
        }
        return recorder.call == null ? RowBinaryBatchInserts.UNSUPPORTED
                : RowBinaryBatchInserts.value(recorder.call, calendar -> RowBinaryBatchInserts.isUtc(calendar.getTimeZone()));
    }

    private InvalidValueException invalid(Column column, Object value) {
        String problem = ValueRules.problem(column.type(), value);
        if (problem == null) {
            String text = String.valueOf(value);
            problem = (text.length() > 80 ? text.substring(0, 80) + "..." : text) + " (" + value.getClass().getSimpleName()
                    + ") cannot be written exactly to column " + column.name() + " of type " + column.type().render()
                    + " by chorm's bulk insert (it would need rounding or the driver's text conversion); insert such"
                    + " entities with StatelessSession.insert";
        }
        return new InvalidValueException(entityName, column.attribute(), problem);
    }

    /** Records the one setter call a binder makes. */
    private static final class Recorder implements java.lang.reflect.InvocationHandler {
        RowBinaryBatchInserts.Call call;

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
            if (method.getName().startsWith("set") && args != null && args.length >= 2) {
                call = new RowBinaryBatchInserts.Call(method, args);
                return null;
            }
            throw new UnsupportedOperationException(method.getName());
        }
    }
}
