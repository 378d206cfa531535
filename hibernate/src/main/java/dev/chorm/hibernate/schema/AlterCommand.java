package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.type.ClickHouseType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One command of an {@code ALTER TABLE}, the vocabulary migrations speak. {@link DdlRenderer#alterTable}
 * renders one or several of them as a statement, {@link DdlRenderer#alterCommand} one as a fragment.
 * Names are column, index, constraint or projection names; expressions are SQL text.
 */
public sealed interface AlterCommand {

    /** {@code ADD COLUMN [IF NOT EXISTS] definition [AFTER column]}; a null {@code after} appends the column. */
    record AddColumn(ColumnDefinition column, boolean ifNotExists, String after) implements AlterCommand {
        public AddColumn {
            Objects.requireNonNull(column, "AddColumn needs a column");
        }

        public AddColumn(ColumnDefinition column) {
            this(column, false, null);
        }
    }

    /** {@code DROP COLUMN [IF EXISTS] name}. */
    record DropColumn(String name, boolean ifExists) implements AlterCommand {
        public DropColumn {
            Objects.requireNonNull(name, "DropColumn needs a name");
        }
    }

    /** {@code RENAME COLUMN from TO to}. */
    record RenameColumn(String from, String to) implements AlterCommand {
        public RenameColumn {
            Objects.requireNonNull(from, "RenameColumn needs the old name");
            Objects.requireNonNull(to, "RenameColumn needs the new name");
        }
    }

    /**
     * {@code MODIFY COLUMN definition}: type, default, comment, codec and TTL as given (ClickHouse keeps a
     * part left out, such as a default, as it was).
     */
    record ModifyColumn(ColumnDefinition column) implements AlterCommand {
        public ModifyColumn {
            Objects.requireNonNull(column, "ModifyColumn needs a column");
        }
    }

    /** {@code MODIFY COLUMN name Type}: the type only. */
    record ModifyColumnType(String name, ClickHouseType type) implements AlterCommand {
        public ModifyColumnType {
            Objects.requireNonNull(name, "ModifyColumnType needs a name");
            Objects.requireNonNull(type, "ModifyColumnType needs a type");
        }
    }

    /** {@code MODIFY COLUMN name DEFAULT|MATERIALIZED|ALIAS|EPHEMERAL expression}. */
    record ModifyColumnDefault(String name, ColumnDefinition.DefaultKind kind, String expression) implements AlterCommand {
        public ModifyColumnDefault {
            Objects.requireNonNull(name, "ModifyColumnDefault needs a name");
            Objects.requireNonNull(kind, "ModifyColumnDefault needs a kind");
            if (expression == null && kind != ColumnDefinition.DefaultKind.EPHEMERAL) {
                throw new IllegalArgumentException("column " + name + ": " + kind + " needs an expression");
            }
        }
    }

    /** {@code MODIFY COLUMN name CODEC(codec, ...)}. */
    record ModifyColumnCodec(String name, List<String> codecs) implements AlterCommand {
        public ModifyColumnCodec {
            Objects.requireNonNull(name, "ModifyColumnCodec needs a name");
            codecs = List.copyOf(codecs);
            if (codecs.isEmpty()) {
                throw new IllegalArgumentException("column " + name + ": no codec given; use RemoveColumnProperty CODEC");
            }
        }
    }

    /** {@code MODIFY COLUMN name TTL expression}. */
    record ModifyColumnTtl(String name, String ttl) implements AlterCommand {
        public ModifyColumnTtl {
            Objects.requireNonNull(name, "ModifyColumnTtl needs a name");
            Objects.requireNonNull(ttl, "ModifyColumnTtl needs a TTL");
        }
    }

    /** {@code COMMENT COLUMN name 'comment'}. */
    record CommentColumn(String name, String comment) implements AlterCommand {
        public CommentColumn {
            Objects.requireNonNull(name, "CommentColumn needs a name");
            Objects.requireNonNull(comment, "CommentColumn needs a comment");
        }
    }

    /** {@code MODIFY COLUMN name REMOVE property}: drops a column's default, codec, TTL or comment. */
    record RemoveColumnProperty(String name, Property property) implements AlterCommand {
        /** What {@code REMOVE} removes. */
        public enum Property {
            DEFAULT, MATERIALIZED, ALIAS, CODEC, TTL, COMMENT
        }

        public RemoveColumnProperty {
            Objects.requireNonNull(name, "RemoveColumnProperty needs a name");
            Objects.requireNonNull(property, "RemoveColumnProperty needs a property");
        }
    }

    /** {@code ADD INDEX [IF NOT EXISTS] name expression TYPE type [GRANULARITY n]}. */
    record AddIndex(IndexDefinition index, boolean ifNotExists) implements AlterCommand {
        public AddIndex {
            Objects.requireNonNull(index, "AddIndex needs an index");
        }
    }

    /** {@code DROP INDEX [IF EXISTS] name}. */
    record DropIndex(String name, boolean ifExists) implements AlterCommand {
        public DropIndex {
            Objects.requireNonNull(name, "DropIndex needs a name");
        }
    }

    /** {@code MATERIALIZE INDEX name [IN PARTITION partition]}: builds the index for existing parts. */
    record MaterializeIndex(String name, String partition) implements AlterCommand {
        public MaterializeIndex {
            Objects.requireNonNull(name, "MaterializeIndex needs a name");
        }

        public MaterializeIndex(String name) {
            this(name, null);
        }
    }

    /** {@code ADD CONSTRAINT [IF NOT EXISTS] name CHECK|ASSUME expression}. */
    record AddConstraint(ConstraintDefinition constraint, boolean ifNotExists) implements AlterCommand {
        public AddConstraint {
            Objects.requireNonNull(constraint, "AddConstraint needs a constraint");
        }
    }

    /** {@code DROP CONSTRAINT [IF EXISTS] name}. */
    record DropConstraint(String name, boolean ifExists) implements AlterCommand {
        public DropConstraint {
            Objects.requireNonNull(name, "DropConstraint needs a name");
        }
    }

    /** {@code ADD PROJECTION [IF NOT EXISTS] name (query)}. */
    record AddProjection(ProjectionDefinition projection, boolean ifNotExists) implements AlterCommand {
        public AddProjection {
            Objects.requireNonNull(projection, "AddProjection needs a projection");
        }
    }

    /** {@code DROP PROJECTION [IF EXISTS] name}. */
    record DropProjection(String name, boolean ifExists) implements AlterCommand {
        public DropProjection {
            Objects.requireNonNull(name, "DropProjection needs a name");
        }
    }

    /** {@code MODIFY ORDER BY expressions}: may only append newly added columns to the sorting key. */
    record ModifyOrderBy(List<String> expressions) implements AlterCommand {
        public ModifyOrderBy {
            expressions = List.copyOf(expressions);
            if (expressions.isEmpty()) {
                throw new IllegalArgumentException("ModifyOrderBy needs expressions; tuple() for none");
            }
        }
    }

    /** {@code MODIFY TTL expression, ...}; {@link RemoveTtl} removes the table's TTL. */
    record ModifyTtl(List<String> expressions) implements AlterCommand {
        public ModifyTtl {
            expressions = List.copyOf(expressions);
            if (expressions.isEmpty()) {
                throw new IllegalArgumentException("ModifyTtl needs expressions; use RemoveTtl to remove the TTL");
            }
        }
    }

    /** {@code REMOVE TTL}. */
    record RemoveTtl() implements AlterCommand {
    }

    /** {@code MODIFY SETTING name = literal, ...}; values are SQL literals as in {@link TableDefinition#settings()}. */
    record ModifySetting(Map<String, String> settings) implements AlterCommand {
        public ModifySetting {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            if (settings.isEmpty()) {
                throw new IllegalArgumentException("ModifySetting needs settings");
            }
        }
    }

    /** {@code RESET SETTING name, ...}: back to the server's defaults. */
    record ResetSetting(List<String> names) implements AlterCommand {
        public ResetSetting {
            names = List.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("ResetSetting needs names");
            }
        }
    }

    /** {@code MODIFY COMMENT 'comment'} (an empty comment removes it). */
    record ModifyComment(String comment) implements AlterCommand {
        public ModifyComment {
            Objects.requireNonNull(comment, "ModifyComment needs a comment");
        }
    }
}
