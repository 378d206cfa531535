package dev.chorm.migrations;

import dev.chorm.hibernate.schema.AlterCommand;
import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.TableDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two schema states and gives the operations that lead from the first to the second, in a
 * deterministic order: tables by name; within a table drops before renames, changes and additions
 * (so that an index never outlives its column), then keys, TTL, settings and comment. A change
 * ClickHouse cannot make in place becomes one {@link Operation.RebuildTable}.
 */
public final class Autodetector {

    /** Settings that only a new table can change. */
    private static final Set<String> CREATE_ONLY_SETTINGS = Set.of("index_granularity");
    private static final Pattern IDENTIFIER = Pattern.compile("`((?:[^`\\\\]|\\\\.)*)`|([A-Za-z_][A-Za-z0-9_]*)");

    private final RenameResolver renames;

    public Autodetector(RenameResolver renames) {
        this.renames = Objects.requireNonNull(renames);
    }

    /** The operations from {@code from} to {@code to}; empty when they describe the same schema. */
    public List<Operation> diff(SchemaState from, SchemaState to) {
        List<Operation> operations = new ArrayList<>();
        Set<String> names = new TreeSet<>(from.tables().keySet());
        names.addAll(to.tables().keySet());
        for (String name : names) {
            TableDefinition a = from.tables().get(name);
            TableDefinition b = to.tables().get(name);
            if (a == null) {
                operations.add(new Operation.CreateTable(b));
            } else if (b == null) {
                operations.add(new Operation.DropTable(a));
            } else {
                operations.addAll(table(a, b));
            }
        }
        check(from, to, operations);
        return operations;
    }

    private List<Operation> table(TableDefinition a, TableDefinition b) {
        String table = a.name();
        // renames: new name -> old name, only for pairs the resolver confirmed
        Map<String, String> renamed = new LinkedHashMap<>();
        List<ColumnDefinition> vanished = a.columns().stream().filter(c -> b.column(c.name()).isEmpty()).toList();
        List<ColumnDefinition> appeared = new ArrayList<>(b.columns().stream().filter(c -> a.column(c.name()).isEmpty()).toList());
        for (ColumnDefinition old : vanished) {
            for (ColumnDefinition candidate : appeared) {
                if (candidate.type().equals(old.type()) && renames.isRename(table, old, candidate)) {
                    renamed.put(candidate.name(), old.name());
                    appeared.remove(candidate);
                    break;
                }
            }
        }
        Set<String> renamedOld = new HashSet<>(renamed.values());
        List<ColumnDefinition> dropped = vanished.stream().filter(c -> !renamedOld.contains(c.name())).toList();
        // columns in both (by new name), with their old definition
        Map<String, ColumnDefinition> before = new LinkedHashMap<>();
        for (ColumnDefinition column : b.columns()) {
            String old = renamed.getOrDefault(column.name(), column.name());
            a.column(old).ifPresent(c -> before.put(column.name(), c));
        }
        Set<String> retyped = new HashSet<>();
        before.forEach((name, old) -> {
            if (!old.type().equals(b.column(name).orElseThrow().type())) {
                retyped.add(old.name());
            }
        });

        Set<String> oldKeyColumns = keyColumns(a);
        boolean keyColumnTouched = dropped.stream().anyMatch(c -> oldKeyColumns.contains(c.name()))
                || renamed.values().stream().anyMatch(oldKeyColumns::contains)
                || retyped.stream().anyMatch(oldKeyColumns::contains);
        List<ColumnDefinition> extension = orderByExtension(a, b, appeared);
        boolean orderByInPlace = a.orderBy().equals(b.orderBy()) && effectivePrimaryKey(a).equals(effectivePrimaryKey(b))
                || extension != null;
        boolean rebuild = !a.engine().equals(b.engine()) || !Objects.equals(a.partitionBy(), b.partitionBy())
                || !Objects.equals(a.sampleBy(), b.sampleBy()) || !orderByInPlace || keyColumnTouched
                || !a.projections().equals(b.projections())
                || CREATE_ONLY_SETTINGS.stream().anyMatch(s -> !Objects.equals(a.settings().get(s), b.settings().get(s)));
        if (rebuild) {
            return List.of(new Operation.RebuildTable(a, b, renamed));
        }

        List<Operation> operations = new ArrayList<>();
        // indexes and constraints that go or change, and those over columns that go or change type
        Set<String> touched = new HashSet<>(renamedOld);
        dropped.forEach(c -> touched.add(c.name()));
        touched.addAll(retyped);
        List<IndexDefinition> readdedIndexes = new ArrayList<>();
        for (IndexDefinition index : a.indexes()) {
            IndexDefinition kept = b.indexes().stream().filter(i -> i.name().equals(index.name())).findFirst().orElse(null);
            boolean overTouched = identifiers(index.expression()).stream().anyMatch(touched::contains);
            if (kept == null || !kept.equals(index) || overTouched) {
                operations.add(new Operation.DropIndex(table, index));
                if (kept != null) {
                    readdedIndexes.add(kept);
                }
            }
        }
        for (ConstraintDefinition constraint : a.constraints()) {
            ConstraintDefinition kept = b.constraints().stream().filter(c -> c.name().equals(constraint.name())).findFirst().orElse(null);
            boolean overTouched = identifiers(constraint.expression()).stream().anyMatch(touched::contains);
            if (kept == null || !kept.equals(constraint) || overTouched) {
                operations.add(new Operation.DropConstraint(table, constraint));
            }
        }
        for (ColumnDefinition column : dropped) {
            operations.add(new Operation.DropColumn(table, column, previous(a.columns(), column.name())));
        }
        renamed.forEach((newName, oldName) -> operations.add(new Operation.RenameColumn(table, oldName, newName)));
        before.forEach((name, old) -> {
            ColumnDefinition now = b.column(name).orElseThrow();
            ColumnDefinition oldRenamed = old.withName(name);
            if (!oldRenamed.equals(now)) {
                operations.add(new Operation.ModifyColumn(table, oldRenamed, now));
            }
        });
        Set<String> extensionNames = new HashSet<>();
        if (extension != null) {
            extension.forEach(c -> extensionNames.add(c.name()));
        }
        for (ColumnDefinition column : appeared) {
            if (!extensionNames.contains(column.name())) {
                operations.add(new Operation.AddColumn(table, column, previousExcept(b.columns(), column.name(), extensionNames)));
            }
        }
        if (extension != null && !extension.isEmpty()) {
            List<AlterCommand.AddColumn> adds = extension.stream()
                    .map(c -> new AlterCommand.AddColumn(c, false, previous(b.columns(), c.name()))).toList();
            operations.add(new Operation.ExtendOrderBy(table, adds, b.orderBy(), b.primaryKey()));
        }
        for (IndexDefinition index : b.indexes()) {
            boolean existed = a.indexes().stream().anyMatch(i -> i.name().equals(index.name()));
            if (!existed || readdedIndexes.contains(index)) {
                operations.add(new Operation.AddIndex(table, index));
                operations.add(new Operation.MaterializeIndex(table, index.name()));
            }
        }
        for (ConstraintDefinition constraint : b.constraints()) {
            boolean kept = a.constraints().contains(constraint)
                    && identifiers(constraint.expression()).stream().noneMatch(touched::contains);
            if (!kept) {
                operations.add(new Operation.AddConstraint(table, constraint));
            }
        }
        if (!a.ttl().equals(b.ttl())) {
            operations.add(new Operation.ModifyTtl(table, a.ttl(), b.ttl()));
        }
        if (!a.settings().equals(b.settings())) {
            operations.add(new Operation.ModifySettings(table, a.settings(), b.settings()));
        }
        if (!Objects.equals(a.comment(), b.comment())) {
            operations.add(new Operation.ModifyComment(table, a.comment(), b.comment()));
        }
        return operations;
    }

    /**
     * The columns that extend {@code a}'s sorting key into {@code b}'s in place, empty when the key is
     * unchanged, null when the change needs a rebuild. ClickHouse only appends columns added in the same
     * ALTER, and the primary key must stay as it was.
     */
    private static List<ColumnDefinition> orderByExtension(TableDefinition a, TableDefinition b, List<ColumnDefinition> appeared) {
        if (a.orderBy().equals(b.orderBy()) && effectivePrimaryKey(a).equals(effectivePrimaryKey(b))) {
            return List.of();
        }
        if (!a.engine().isMergeTreeFamily() || a.orderBy().equals(List.of("tuple()"))
                || b.orderBy().size() <= a.orderBy().size() || !b.orderBy().subList(0, a.orderBy().size()).equals(a.orderBy())
                || !effectivePrimaryKey(a).equals(effectivePrimaryKey(b))) {
            return null;
        }
        List<ColumnDefinition> added = new ArrayList<>();
        for (String expression : b.orderBy().subList(a.orderBy().size(), b.orderBy().size())) {
            ColumnDefinition column = appeared.stream().filter(c -> c.name().equals(unquote(expression))).findFirst().orElse(null);
            if (column == null || column.defaultKind() == ColumnDefinition.DefaultKind.ALIAS) {
                return null;
            }
            added.add(column);
        }
        return added;
    }

    private static List<String> effectivePrimaryKey(TableDefinition table) {
        return table.primaryKey().isEmpty() ? table.orderBy() : table.primaryKey();
    }

    private static Set<String> keyColumns(TableDefinition table) {
        Set<String> columns = new HashSet<>();
        List<String> expressions = new ArrayList<>(table.orderBy());
        expressions.addAll(table.primaryKey());
        if (table.partitionBy() != null) {
            expressions.add(table.partitionBy());
        }
        if (table.sampleBy() != null) {
            expressions.add(table.sampleBy());
        }
        expressions.forEach(e -> columns.addAll(identifiers(e)));
        return columns;
    }

    /** The names an expression mentions (column names and function names alike: a superset is safe here). */
    static Set<String> identifiers(String expression) {
        Set<String> names = new HashSet<>();
        Matcher m = IDENTIFIER.matcher(expression.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''"));
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1).replace("\\`", "`").replace("\\\\", "\\") : m.group(2));
        }
        return names;
    }

    private static String unquote(String expression) {
        String e = expression.strip();
        return e.length() > 1 && e.startsWith("`") && e.endsWith("`") ? e.substring(1, e.length() - 1) : e;
    }

    private static String previous(List<ColumnDefinition> columns, String name) {
        return previousExcept(columns, name, Set.of());
    }

    private static String previousExcept(List<ColumnDefinition> columns, String name, Set<String> skipped) {
        String previous = null;
        for (ColumnDefinition column : columns) {
            if (column.name().equals(name)) {
                return previous;
            }
            if (!skipped.contains(column.name())) {
                previous = column.name();
            }
        }
        throw new IllegalStateException("no column " + name);
    }

    /** The operations must lead exactly to {@code to} (column order aside): a guard against autodetector bugs. */
    private static void check(SchemaState from, SchemaState to, List<Operation> operations) {
        SchemaState result = from;
        for (Operation operation : operations) {
            result = operation.apply(result);
        }
        if (!normalised(result).equals(normalised(to))) {
            throw new IllegalStateException("chorm bug: the migration operations do not lead to the model.\n  got:      "
                    + normalised(result) + "\n  expected: " + normalised(to));
        }
    }

    private static Map<String, Object> normalised(SchemaState state) {
        Map<String, Object> tables = new LinkedHashMap<>();
        // a primary key equal to the ORDER BY is the same table whether written out or not
        state.tables().forEach((name, table) -> tables.put(name, table.toBuilder()
                .primaryKey(table.primaryKey().equals(table.orderBy()) ? new String[0] : table.primaryKey().toArray(String[]::new))
                .columns(table.columns().stream().sorted(Comparator.comparing(ColumnDefinition::name)).toList())
                .indexes(table.indexes().stream().sorted(Comparator.comparing(IndexDefinition::name)).toList())
                .constraints(table.constraints().stream().sorted(Comparator.comparing(ConstraintDefinition::name)).toList())
                .build()));
        return tables;
    }
}
