package dev.chorm.migrations;

import dev.chorm.hibernate.schema.AlterCommand;
import dev.chorm.hibernate.schema.AlterCommand.RemoveColumnProperty.Property;
import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.ConstraintDefinition;
import dev.chorm.hibernate.schema.DdlRenderer;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.TableDefinition;
import dev.chorm.hibernate.schema.TableRef;
import dev.chorm.hibernate.type.ClickHouseType;
import dev.chorm.hibernate.type.SqlQuoting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One schema change, as data: what the autodetector produces, what a migration file is written from.
 * Each operation knows its SQL ({@link #forward}), whether and how it is undone ({@link #reverse}) and
 * what it does to the migration state ({@link #apply}). All SQL comes from {@link DdlRenderer}.
 */
public sealed interface Operation {

    /** One line for the migration file and the CLI, e.g. {@code Add column events.price}. */
    String describe();

    /** The state after this operation. */
    SchemaState apply(SchemaState state);

    /** Writes this operation's statements. */
    void forward(MigrationScript.Builder out);

    /** Whether {@link #reverse} can undo this operation's schema change. */
    default boolean reversible() {
        return true;
    }

    /**
     * Writes the statements that undo this operation.
     *
     * @param before the state before this operation ran forward
     */
    void reverse(MigrationScript.Builder out, SchemaState before);

    /** Where a statement about {@code table} goes: the file's cluster, if it has one. */
    private static TableRef ref(MigrationScript.Builder out, String table) {
        TableRef ref = TableRef.of(table);
        return out.cluster() == null ? ref : ref.onCluster(out.cluster());
    }

    /** {@code table} as the file creates it: {@code ON CLUSTER} when the file has a cluster. */
    private static TableDefinition onCluster(MigrationScript.Builder out, TableDefinition table) {
        return out.cluster() == null ? table : table.toBuilder().onCluster(out.cluster()).build();
    }

    private static String alter(MigrationScript.Builder out, String table, AlterCommand... commands) {
        return DdlRenderer.alterTable(ref(out, table), commands);
    }

    /** {@code CREATE TABLE}; undone by dropping it. */
    record CreateTable(TableDefinition table) implements Operation {
        public String describe() {
            return "Create table " + table.name();
        }

        public SchemaState apply(SchemaState state) {
            return state.with(table);
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(DdlRenderer.createTable(onCluster(out, table), false));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(DdlRenderer.dropTable(ref(out, table.name()), false, true));
        }
    }

    /** {@code DROP TABLE ... SYNC}; undone by creating the table again, empty. */
    record DropTable(TableDefinition table) implements Operation {
        public String describe() {
            return "Drop table " + table.name() + " (its rows are deleted)";
        }

        public SchemaState apply(SchemaState state) {
            return state.without(table.name());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(DdlRenderer.dropTable(ref(out, table.name()), false, true));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.comment("the table comes back empty: its rows were deleted");
            out.sql(DdlRenderer.createTable(onCluster(out, table), false));
        }
    }

    /** {@code ADD COLUMN ... AFTER previous}; undone by dropping it. */
    record AddColumn(String table, ColumnDefinition column, String after) implements Operation {
        public String describe() {
            return "Add column " + table + "." + column.name() + " " + column.type().render();
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            List<ColumnDefinition> columns = new ArrayList<>(t.columns());
            columns.add(after == null ? 0 : indexOf(columns, after) + 1, column);
            return state.with(t.toBuilder().columns(columns).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.AddColumn(column, false, after)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, new AlterCommand.DropColumn(column.name(), false)));
        }
    }

    /** {@code DROP COLUMN}; undone by adding it again (its values come back as defaults). */
    record DropColumn(String table, ColumnDefinition column, String after) implements Operation {
        public String describe() {
            return "Drop column " + table + "." + column.name() + " (its values are deleted)";
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            List<ColumnDefinition> columns = new ArrayList<>(t.columns());
            columns.remove(indexOf(columns, column.name()));
            return state.with(t.toBuilder().columns(columns).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.DropColumn(column.name(), false)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.comment("the column comes back with default values: its values were deleted");
            out.sql(alter(out, table, new AlterCommand.AddColumn(column, false, after)));
        }
    }

    /** {@code RENAME COLUMN from TO to}: metadata only, values kept. */
    record RenameColumn(String table, String from, String to) implements Operation {
        public String describe() {
            return "Rename column " + table + "." + from + " to " + to;
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            List<ColumnDefinition> columns = new ArrayList<>(t.columns());
            int i = indexOf(columns, from);
            columns.set(i, columns.get(i).withName(to));
            return state.with(t.toBuilder().columns(columns).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.RenameColumn(from, to)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, new AlterCommand.RenameColumn(to, from)));
        }
    }

    /**
     * A column's type (nullability included), default, codec, TTL or comment changed. A type change is
     * a mutation that rewrites the column's values ({@code toType} conversion); the rest is metadata.
     */
    record ModifyColumn(String table, ColumnDefinition from, ColumnDefinition to) implements Operation {
        public ModifyColumn {
            if (!from.name().equals(to.name())) {
                throw new IllegalArgumentException("ModifyColumn cannot rename " + from.name() + " to " + to.name());
            }
        }

        public String describe() {
            List<String> what = new ArrayList<>();
            if (!from.type().equals(to.type())) {
                what.add("type " + from.type().render() + " -> " + to.type().render());
            }
            if (!Objects.equals(from.defaultKind(), to.defaultKind()) || !Objects.equals(from.defaultExpression(), to.defaultExpression())) {
                what.add("default");
            }
            if (!from.codecs().equals(to.codecs())) {
                what.add("codec");
            }
            if (!Objects.equals(from.ttl(), to.ttl())) {
                what.add("TTL");
            }
            if (!Objects.equals(from.comment(), to.comment())) {
                what.add("comment");
            }
            return "Change column " + table + "." + to.name() + ": " + String.join(", ", what);
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            List<ColumnDefinition> columns = new ArrayList<>(t.columns());
            columns.set(indexOf(columns, from.name()), to);
            return state.with(t.toBuilder().columns(columns).build());
        }

        public void forward(MigrationScript.Builder out) {
            change(out, from, to);
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            change(out, to, from);
        }

        private void change(MigrationScript.Builder out, ColumnDefinition a, ColumnDefinition b) {
            boolean onlyComment = a.withComment(b.comment()).equals(b);
            if (onlyComment && b.comment() != null) {
                out.sql(alter(out, table, new AlterCommand.CommentColumn(b.name(), b.comment())));
                return;
            }
            if (needsConversionCheck(a.type(), b.type())) {
                // ClickHouse changes the column's type at once and converts the parts afterwards: a value
                // that does not convert leaves the table unreadable. Checked first, refused with a message.
                ClickHouseType target = b.type().baseType();
                String column = DdlRenderer.quoteIdentifier(b.name());
                out.comment("every value of " + b.name() + " must convert to " + target.render() + " before the type changes");
                out.sql("SELECT throwIf(countIf(" + column + " IS NOT NULL AND accurateCastOrNull(" + column + ", "
                        + SqlQuoting.quoteString(target.render()) + ") IS NULL) > 0, "
                        + SqlQuoting.quoteString("chorm: column " + table + "." + b.name() + " holds values that do not convert to "
                        + target.render() + "; fix them first") + ")\nFROM " + DdlRenderer.quoteIdentifier(table));
            }
            boolean losesNullable = a.type() instanceof ClickHouseType.Nullable && !(b.type() instanceof ClickHouseType.Nullable);
            if (losesNullable && b.defaultKind() == null) {
                // ClickHouse needs a default to turn NULLs into: the type's own, removed right after
                out.comment("NULLs of " + b.name() + " become " + b.type().render() + "'s default value");
                out.sql(alter(out, table, new AlterCommand.ModifyColumn(b.withDefault("defaultValueOfTypeName("
                        + SqlQuoting.quoteString(b.type().render()) + ")"))));
                out.sql(alter(out, table, new AlterCommand.RemoveColumnProperty(b.name(), Property.DEFAULT)));
            } else if (!onlyComment) {
                // the whole definition: ClickHouse keeps what MODIFY COLUMN leaves out, so removals follow
                out.sql(alter(out, table, new AlterCommand.ModifyColumn(b)));
            }
            List<AlterCommand> removals = new ArrayList<>();
            if (a.defaultKind() != null && b.defaultKind() == null && a.defaultKind() != ColumnDefinition.DefaultKind.EPHEMERAL
                    && !losesNullable) {
                removals.add(new AlterCommand.RemoveColumnProperty(b.name(), Property.valueOf(a.defaultKind().name())));
            }
            if (!a.codecs().isEmpty() && b.codecs().isEmpty()) {
                removals.add(new AlterCommand.RemoveColumnProperty(b.name(), Property.CODEC));
            }
            if (a.ttl() != null && b.ttl() == null) {
                removals.add(new AlterCommand.RemoveColumnProperty(b.name(), Property.TTL));
            }
            if (a.comment() != null && b.comment() == null) {
                removals.add(new AlterCommand.RemoveColumnProperty(b.name(), Property.COMMENT));
            }
            for (AlterCommand removal : removals) {
                out.sql(alter(out, table, removal));
            }
        }
    }

    /**
     * Whether changing {@code from} to {@code to} may meet values that do not convert: not for the same
     * base type (only Nullable/LowCardinality changed), an integer widening or a String target; not checked for
     * composite types, which {@code accurateCastOrNull} does not take.
     */
    private static boolean needsConversionCheck(ClickHouseType from, ClickHouseType to) {
        ClickHouseType source = from.baseType();
        ClickHouseType target = to.baseType();
        if (source.equals(target) || target == ClickHouseType.Simple.STRING || !scalar(source) || !scalar(target)) {
            return false;
        }
        if (source.integerRange().isPresent() && target.integerRange().isPresent()) {
            var s = source.integerRange().get();
            var t = target.integerRange().get();
            return !(t.contains(s.min()) && t.contains(s.max()));
        }
        return !(source == ClickHouseType.Simple.FLOAT32 && target == ClickHouseType.Simple.FLOAT64);
    }

    private static boolean scalar(ClickHouseType type) {
        return type instanceof ClickHouseType.Simple || type instanceof ClickHouseType.FixedString
                || type instanceof ClickHouseType.Decimal || type instanceof ClickHouseType.DateTime
                || type instanceof ClickHouseType.DateTime64 || type instanceof ClickHouseType.Enum;
    }

    /** {@code ADD INDEX}: new parts get the index; {@link MaterializeIndex} builds it for existing ones. */
    record AddIndex(String table, IndexDefinition index) implements Operation {
        public String describe() {
            return "Add index " + table + "." + index.name();
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            return state.with(t.toBuilder().index(index).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.AddIndex(index, false)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, new AlterCommand.DropIndex(index.name(), false)));
        }
    }

    /** {@code DROP INDEX}. */
    record DropIndex(String table, IndexDefinition index) implements Operation {
        public String describe() {
            return "Drop index " + table + "." + index.name();
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            List<IndexDefinition> kept = t.indexes().stream().filter(i -> !i.name().equals(index.name())).toList();
            return state.with(t.toBuilder().indexes(kept).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.DropIndex(index.name(), false)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, new AlterCommand.AddIndex(index, false)));
            out.sql(alter(out, table, new AlterCommand.MaterializeIndex(index.name())));
        }
    }

    /** {@code MATERIALIZE INDEX}: a mutation building an index for the parts written before it existed. */
    record MaterializeIndex(String table, String index) implements Operation {
        public String describe() {
            return "Build index " + table + "." + index + " for existing rows";
        }

        public SchemaState apply(SchemaState state) {
            return state;
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.MaterializeIndex(index)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            // nothing to undo: the index's data goes with the index
        }
    }

    /** {@code ADD CONSTRAINT}: checked on later inserts only, existing rows are not checked. */
    record AddConstraint(String table, ConstraintDefinition constraint) implements Operation {
        public String describe() {
            return "Add constraint " + table + "." + constraint.name();
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            return state.with(t.toBuilder().constraint(constraint).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.AddConstraint(constraint, false)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, new AlterCommand.DropConstraint(constraint.name(), false)));
        }
    }

    /** {@code DROP CONSTRAINT}. */
    record DropConstraint(String table, ConstraintDefinition constraint) implements Operation {
        public String describe() {
            return "Drop constraint " + table + "." + constraint.name();
        }

        public SchemaState apply(SchemaState state) {
            TableDefinition t = state.require(table);
            List<ConstraintDefinition> kept = t.constraints().stream().filter(c -> !c.name().equals(constraint.name())).toList();
            return state.with(t.toBuilder().constraints(kept).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.DropConstraint(constraint.name(), false)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, new AlterCommand.AddConstraint(constraint, false)));
        }
    }

    /** {@code MODIFY SETTING} for new or changed settings, {@code RESET SETTING} for removed ones. */
    record ModifySettings(String table, Map<String, String> from, Map<String, String> to) implements Operation {
        public ModifySettings {
            from = new LinkedHashMap<>(from);
            to = new LinkedHashMap<>(to);
        }

        public String describe() {
            return "Change settings of " + table;
        }

        public SchemaState apply(SchemaState state) {
            return state.with(state.require(table).toBuilder().settings(to).build());
        }

        public void forward(MigrationScript.Builder out) {
            change(out, from, to);
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            change(out, to, from);
        }

        private void change(MigrationScript.Builder out, Map<String, String> a, Map<String, String> b) {
            Map<String, String> changed = new LinkedHashMap<>();
            b.forEach((k, v) -> {
                if (!v.equals(a.get(k))) {
                    changed.put(k, v);
                }
            });
            List<String> removed = a.keySet().stream().filter(k -> !b.containsKey(k)).toList();
            if (!changed.isEmpty()) {
                out.sql(alter(out, table, new AlterCommand.ModifySetting(changed)));
            }
            if (!removed.isEmpty()) {
                out.sql(alter(out, table, new AlterCommand.ResetSetting(removed)));
            }
        }
    }

    /** {@code MODIFY TTL} or {@code REMOVE TTL}. */
    record ModifyTtl(String table, List<String> from, List<String> to) implements Operation {
        public ModifyTtl {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }

        public String describe() {
            return to.isEmpty() ? "Remove the TTL of " + table : "Set the TTL of " + table + " to " + String.join(", ", to);
        }

        public SchemaState apply(SchemaState state) {
            return state.with(state.require(table).toBuilder().ttl(to.toArray(String[]::new)).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, to.isEmpty() ? new AlterCommand.RemoveTtl() : new AlterCommand.ModifyTtl(to)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, from.isEmpty() ? new AlterCommand.RemoveTtl() : new AlterCommand.ModifyTtl(from)));
        }
    }

    /** {@code MODIFY COMMENT} of the table. */
    record ModifyComment(String table, String from, String to) implements Operation {
        public String describe() {
            return "Change the comment of " + table;
        }

        public SchemaState apply(SchemaState state) {
            return state.with(state.require(table).toBuilder().comment(to).build());
        }

        public void forward(MigrationScript.Builder out) {
            out.sql(alter(out, table, new AlterCommand.ModifyComment(to == null ? "" : to)));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.sql(alter(out, table, new AlterCommand.ModifyComment(from == null ? "" : from)));
        }
    }

    /**
     * Extends the sorting key with columns added in the same statement, the one ORDER BY change
     * ClickHouse makes in place ({@code ALTER TABLE t ADD COLUMN x ..., MODIFY ORDER BY (a, x)}); the
     * primary key stays what it was. Undone by a rebuild.
     *
     * @param table      the table's name
     * @param added      the new key columns, each with the column it follows
     * @param orderBy    the extended sorting key
     * @param primaryKey the primary key, unchanged, now given explicitly
     */
    record ExtendOrderBy(String table, List<AlterCommand.AddColumn> added, List<String> orderBy, List<String> primaryKey)
            implements Operation {
        public ExtendOrderBy {
            added = List.copyOf(added);
            orderBy = List.copyOf(orderBy);
            primaryKey = List.copyOf(primaryKey);
        }

        public String describe() {
            return "Extend the ORDER BY of " + table + " to (" + String.join(", ", orderBy) + ")";
        }

        public SchemaState apply(SchemaState state) {
            for (AlterCommand.AddColumn add : added) {
                state = new AddColumn(table, add.column(), add.after()).apply(state);
            }
            return state.with(state.require(table).toBuilder().orderBy(orderBy.toArray(String[]::new))
                    .primaryKey(primaryKey.toArray(String[]::new)).build());
        }

        public void forward(MigrationScript.Builder out) {
            List<AlterCommand> commands = new ArrayList<>(added);
            commands.add(new AlterCommand.ModifyOrderBy(orderBy));
            out.sql(DdlRenderer.alterTable(ref(out, table), commands));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            new RebuildTable(apply(before).require(table), before.require(table), Map.of()).forward(out);
        }
    }

    /**
     * A change ClickHouse cannot make in place (engine, partition key, primary key, sampling, an ORDER BY
     * that does not only append new columns, a key column's type): a new table, every row copied with
     * {@code INSERT ... SELECT}, the two swapped atomically with {@code EXCHANGE TABLES}, the old one
     * dropped. Writes to the table between the copy and the swap are lost: stop writers first.
     *
     * @param from    the table before
     * @param to      the table after
     * @param renames new column name to old column name, for columns renamed at the same time
     */
    record RebuildTable(TableDefinition from, TableDefinition to, Map<String, String> renames) implements Operation {
        public RebuildTable {
            if (!from.name().equals(to.name())) {
                throw new IllegalArgumentException("a rebuild keeps the table's name: " + from.name() + " vs " + to.name());
            }
            renames = new LinkedHashMap<>(renames);
        }

        static String temporaryName(String table) {
            return table + "__chorm_rebuild";
        }

        public String describe() {
            List<String> why = new ArrayList<>();
            if (!from.engine().equals(to.engine())) {
                why.add("engine " + from.engine().render() + " -> " + to.engine().render());
            }
            if (!from.orderBy().equals(to.orderBy())) {
                why.add("ORDER BY (" + String.join(", ", from.orderBy()) + ") -> (" + String.join(", ", to.orderBy()) + ")");
            }
            if (!Objects.equals(from.partitionBy(), to.partitionBy())) {
                why.add("PARTITION BY " + Objects.requireNonNullElse(from.partitionBy(), "(none)") + " -> "
                        + Objects.requireNonNullElse(to.partitionBy(), "(none)"));
            }
            if (!from.primaryKey().equals(to.primaryKey())) {
                why.add("PRIMARY KEY");
            }
            if (!Objects.equals(from.sampleBy(), to.sampleBy())) {
                why.add("SAMPLE BY");
            }
            if (why.isEmpty()) {
                why.add("columns of the key");
            }
            return "Rebuild table " + to.name() + " (" + String.join("; ", why) + "), keeping every row";
        }

        public SchemaState apply(SchemaState state) {
            return state.with(to);
        }

        public void forward(MigrationScript.Builder out) {
            String temporary = temporaryName(to.name());
            List<String> targets = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (ColumnDefinition column : to.columns()) {
                if (!stored(column)) {
                    continue;
                }
                String source = renames.getOrDefault(column.name(), column.name());
                from.column(source).filter(RebuildTable::readable).ifPresent(old -> {
                    targets.add(DdlRenderer.quoteIdentifier(column.name()));
                    sources.add(DdlRenderer.quoteIdentifier(source));
                });
            }
            out.beginGroup("rebuild " + to.name() + ": a failure in this group restarts it from here");
            out.sql(DdlRenderer.dropTable(ref(out, temporary), true, true));
            out.sql(DdlRenderer.createTable(onCluster(out, to.toBuilder().name(temporary).build()), false));
            out.sql("INSERT INTO " + DdlRenderer.quoteIdentifier(temporary) + " (" + String.join(", ", targets) + ")\nSELECT "
                    + String.join(", ", sources) + "\nFROM " + DdlRenderer.quoteIdentifier(from.name()));
            out.endGroup();
            out.sql(DdlRenderer.exchangeTables(ref(out, to.name()), temporary));
            out.sql(DdlRenderer.dropTable(ref(out, temporary), false, true));
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            Map<String, String> back = new LinkedHashMap<>();
            renames.forEach((newName, oldName) -> back.put(oldName, newName));
            new RebuildTable(to, from, back).forward(out);
        }

        private static boolean stored(ColumnDefinition column) {
            return column.defaultKind() == null || column.defaultKind() == ColumnDefinition.DefaultKind.DEFAULT;
        }

        private static boolean readable(ColumnDefinition column) {
            return column.defaultKind() != ColumnDefinition.DefaultKind.EPHEMERAL;
        }
    }

    /**
     * Hand-written SQL, e.g. a data fix. Reversible when reverse statements are given. The autodetector
     * never writes it; add it to a migration file by hand (statements ending with {@code ;}).
     */
    record RunSql(List<String> statements, List<String> reverseStatements) implements Operation {
        public RunSql {
            statements = List.copyOf(statements);
            reverseStatements = reverseStatements == null ? null : List.copyOf(reverseStatements);
        }

        public String describe() {
            return "Run SQL (" + statements.size() + " statement" + (statements.size() == 1 ? ")" : "s)");
        }

        public SchemaState apply(SchemaState state) {
            return state;
        }

        public void forward(MigrationScript.Builder out) {
            statements.forEach(out::sql);
        }

        public boolean reversible() {
            return reverseStatements != null;
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            reverseStatements.forEach(out::sql);
        }
    }

    /**
     * A data migration written in Java: a {@link JavaMigration} class, written as
     * {@code -- chorm:java class} in the migration file. Reversible when a reverse class is given.
     */
    record RunJava(String className, String reverseClassName) implements Operation {
        public RunJava {
            Objects.requireNonNull(className, "RunJava needs a class name");
        }

        public String describe() {
            return "Run Java migration " + className;
        }

        public SchemaState apply(SchemaState state) {
            return state;
        }

        public void forward(MigrationScript.Builder out) {
            out.java(className);
        }

        public boolean reversible() {
            return reverseClassName != null;
        }

        public void reverse(MigrationScript.Builder out, SchemaState before) {
            out.java(reverseClassName);
        }
    }

    private static int indexOf(List<ColumnDefinition> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name + " in the migration state");
    }
}
