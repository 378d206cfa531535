package dev.chorm.hibernate.schema;

import dev.chorm.hibernate.schema.AlterCommand.AddColumn;
import dev.chorm.hibernate.schema.AlterCommand.AddConstraint;
import dev.chorm.hibernate.schema.AlterCommand.AddIndex;
import dev.chorm.hibernate.schema.AlterCommand.AddProjection;
import dev.chorm.hibernate.schema.AlterCommand.CommentColumn;
import dev.chorm.hibernate.schema.AlterCommand.DropColumn;
import dev.chorm.hibernate.schema.AlterCommand.DropConstraint;
import dev.chorm.hibernate.schema.AlterCommand.DropIndex;
import dev.chorm.hibernate.schema.AlterCommand.DropProjection;
import dev.chorm.hibernate.schema.AlterCommand.MaterializeIndex;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumn;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnCodec;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnDefault;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnTtl;
import dev.chorm.hibernate.schema.AlterCommand.ModifyColumnType;
import dev.chorm.hibernate.schema.AlterCommand.ModifyComment;
import dev.chorm.hibernate.schema.AlterCommand.ModifyOrderBy;
import dev.chorm.hibernate.schema.AlterCommand.ModifySetting;
import dev.chorm.hibernate.schema.AlterCommand.ModifyTtl;
import dev.chorm.hibernate.schema.AlterCommand.RemoveColumnProperty;
import dev.chorm.hibernate.schema.AlterCommand.RemoveTtl;
import dev.chorm.hibernate.schema.AlterCommand.RenameColumn;
import dev.chorm.hibernate.schema.AlterCommand.ResetSetting;
import dev.chorm.hibernate.type.SqlQuoting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes ClickHouse DDL from the schema model: the only place in chorm that does. Output is
 * deterministic, in one canonical layout (that of {@code SHOW CREATE TABLE}: one element per line,
 * clauses in the server's order), names backquoted only when needed.
 *
 * <pre>
 * CREATE TABLE events
 * (
 *     id UInt64,
 *     at DateTime,
 *     INDEX at_idx at TYPE minmax GRANULARITY 1
 * )
 * ENGINE = MergeTree
 * PARTITION BY toYYYYMM(at)
 * ORDER BY (at, id)
 * </pre>
 *
 * Every statement takes {@code ON CLUSTER} from the table's cluster. The renderer does not check
 * column types against the server's default settings; see {@link TableDefinition#validateColumnTypes}.
 */
public final class DdlRenderer {

    private static final String INDENT = "    ";

    private DdlRenderer() {
    }

    /** {@code CREATE TABLE [IF NOT EXISTS] ...} for {@code table}, on several lines. */
    public static String createTable(TableDefinition table, boolean ifNotExists) {
        List<String> elements = new ArrayList<>();
        table.columns().forEach(column -> elements.add(columnDefinition(column)));
        table.indexes().forEach(index -> elements.add("INDEX " + index(index)));
        table.constraints().forEach(constraint -> elements.add("CONSTRAINT " + constraint(constraint)));
        table.projections().forEach(projection -> elements.add("PROJECTION " + projection(projection)));

        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(ifNotExists ? "IF NOT EXISTS " : "")
                .append(qualifiedName(table.ref())).append(onCluster(table.ref()))
                .append("\n(\n").append(INDENT).append(String.join(",\n" + INDENT, elements)).append("\n)")
                .append("\nENGINE = ").append(table.engine().render());
        clause(sql, "PARTITION BY", table.partitionBy());
        clause(sql, "PRIMARY KEY", key(table.primaryKey()));
        clause(sql, "ORDER BY", key(table.orderBy()));
        clause(sql, "SAMPLE BY", table.sampleBy());
        clause(sql, "TTL", table.ttl().isEmpty() ? null : String.join(", ", table.ttl()));
        clause(sql, "SETTINGS", table.settings().isEmpty() ? null : settings(table.settings()));
        clause(sql, "COMMENT", table.comment() == null ? null : SqlQuoting.quoteString(table.comment()));
        return sql.toString();
    }

    /** {@code DROP TABLE [IF EXISTS] name [ON CLUSTER c] [SYNC]}; {@code SYNC} waits for the data to be gone. */
    public static String dropTable(TableRef table, boolean ifExists, boolean sync) {
        return "DROP TABLE " + (ifExists ? "IF EXISTS " : "") + qualifiedName(table) + onCluster(table) + (sync ? " SYNC" : "");
    }

    /** {@code TRUNCATE TABLE [IF EXISTS] name [ON CLUSTER c]}. */
    public static String truncateTable(TableRef table, boolean ifExists) {
        return "TRUNCATE TABLE " + (ifExists ? "IF EXISTS " : "") + qualifiedName(table) + onCluster(table);
    }

    /** {@code RENAME TABLE name TO newName [ON CLUSTER c]}, in the same database. */
    public static String renameTable(TableRef table, String newName) {
        return "RENAME TABLE " + qualifiedName(table) + " TO " + qualifiedName(new TableRef(table.database(), newName, null))
                + onCluster(table);
    }

    /**
     * {@code EXCHANGE TABLES name AND other [ON CLUSTER c]}, in the same database: swaps the two tables
     * atomically (Atomic databases), as a table rebuild needs.
     */
    public static String exchangeTables(TableRef table, String other) {
        return "EXCHANGE TABLES " + qualifiedName(table) + " AND " + qualifiedName(new TableRef(table.database(), other, null))
                + onCluster(table);
    }

    /**
     * {@code ALTER TABLE name [ON CLUSTER c]} with the commands, on the same line for one command, one
     * per line for several.
     */
    public static String alterTable(TableRef table, List<? extends AlterCommand> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("ALTER TABLE " + table.name() + " needs at least one command");
        }
        String head = "ALTER TABLE " + qualifiedName(table) + onCluster(table);
        List<String> rendered = commands.stream().map(DdlRenderer::alterCommand).toList();
        return rendered.size() == 1
                ? head + " " + rendered.get(0)
                : head + "\n" + INDENT + String.join(",\n" + INDENT, rendered);
    }

    /** @see #alterTable(TableRef, List) */
    public static String alterTable(TableRef table, AlterCommand... commands) {
        return alterTable(table, List.of(commands));
    }

    /** One command of an {@code ALTER TABLE}, e.g. {@code ADD COLUMN x UInt8 AFTER id}. */
    public static String alterCommand(AlterCommand command) {
        if (command instanceof AddColumn c) {
            return "ADD COLUMN " + ifNotExists(c.ifNotExists()) + columnDefinition(c.column())
                    + (c.after() == null ? "" : " AFTER " + quoteIdentifier(c.after()));
        } else if (command instanceof DropColumn c) {
            return "DROP COLUMN " + ifExists(c.ifExists()) + quoteIdentifier(c.name());
        } else if (command instanceof RenameColumn c) {
            return "RENAME COLUMN " + quoteIdentifier(c.from()) + " TO " + quoteIdentifier(c.to());
        } else if (command instanceof ModifyColumn c) {
            return "MODIFY COLUMN " + columnDefinition(c.column());
        } else if (command instanceof ModifyColumnType c) {
            return modifyColumn(c.name(), c.type().render());
        } else if (command instanceof ModifyColumnDefault c) {
            return modifyColumn(c.name(), c.kind() + (c.expression() == null ? "" : " " + c.expression()));
        } else if (command instanceof ModifyColumnCodec c) {
            return modifyColumn(c.name(), codec(c.codecs()));
        } else if (command instanceof ModifyColumnTtl c) {
            return modifyColumn(c.name(), "TTL " + c.ttl());
        } else if (command instanceof CommentColumn c) {
            return "COMMENT COLUMN " + quoteIdentifier(c.name()) + " " + SqlQuoting.quoteString(c.comment());
        } else if (command instanceof RemoveColumnProperty c) {
            return modifyColumn(c.name(), "REMOVE " + c.property());
        } else if (command instanceof AddIndex c) {
            return "ADD INDEX " + ifNotExists(c.ifNotExists()) + index(c.index());
        } else if (command instanceof DropIndex c) {
            return "DROP INDEX " + ifExists(c.ifExists()) + quoteIdentifier(c.name());
        } else if (command instanceof MaterializeIndex c) {
            return "MATERIALIZE INDEX " + quoteIdentifier(c.name()) + (c.partition() == null ? "" : " IN PARTITION " + c.partition());
        } else if (command instanceof AddConstraint c) {
            return "ADD CONSTRAINT " + ifNotExists(c.ifNotExists()) + constraint(c.constraint());
        } else if (command instanceof DropConstraint c) {
            return "DROP CONSTRAINT " + ifExists(c.ifExists()) + quoteIdentifier(c.name());
        } else if (command instanceof AddProjection c) {
            return "ADD PROJECTION " + ifNotExists(c.ifNotExists()) + projection(c.projection());
        } else if (command instanceof DropProjection c) {
            return "DROP PROJECTION " + ifExists(c.ifExists()) + quoteIdentifier(c.name());
        } else if (command instanceof ModifyOrderBy c) {
            return "MODIFY ORDER BY " + key(c.expressions());
        } else if (command instanceof ModifyTtl c) {
            return "MODIFY TTL " + String.join(", ", c.expressions());
        } else if (command instanceof RemoveTtl) {
            return "REMOVE TTL";
        } else if (command instanceof ModifySetting c) {
            return "MODIFY SETTING " + settings(c.settings());
        } else if (command instanceof ResetSetting c) {
            return "RESET SETTING " + String.join(", ", c.names());
        } else if (command instanceof ModifyComment c) {
            return "MODIFY COMMENT " + SqlQuoting.quoteString(c.comment());
        }
        throw new IllegalArgumentException("unknown ALTER command " + command); // unreachable: AlterCommand is sealed
    }

    /** {@code name Type [DEFAULT expr] [COMMENT '...'] [CODEC(...)] [TTL expr]}, in the server's order. */
    public static String columnDefinition(ColumnDefinition column) {
        StringBuilder sql = new StringBuilder(quoteIdentifier(column.name())).append(' ').append(column.type().render());
        if (column.defaultKind() != null) {
            sql.append(' ').append(column.defaultKind());
            if (column.defaultExpression() != null) {
                sql.append(' ').append(column.defaultExpression());
            }
        }
        if (column.comment() != null) {
            sql.append(" COMMENT ").append(SqlQuoting.quoteString(column.comment()));
        }
        if (!column.codecs().isEmpty()) {
            sql.append(' ').append(codec(column.codecs()));
        }
        if (column.ttl() != null) {
            sql.append(" TTL ").append(column.ttl());
        }
        return sql.toString();
    }

    /**
     * A name as DDL needs it: as is when it is a plain word ({@code [A-Za-z_][A-Za-z0-9_]*}) and not a
     * keyword that would be read as syntax, else in backquotes with {@code \} and {@code `} escaped.
     */
    public static String quoteIdentifier(String name) {
        return Identifiers.quote(name);
    }

    /** {@code database.name}, or {@code name} without a database. */
    public static String qualifiedName(TableRef table) {
        return (table.database() == null ? "" : quoteIdentifier(table.database()) + ".") + quoteIdentifier(table.name());
    }

    private static String index(IndexDefinition index) {
        return quoteIdentifier(index.name()) + " " + index.expression() + " TYPE " + index.type().render()
                + (index.granularity() == null ? "" : " GRANULARITY " + index.granularity());
    }

    private static String constraint(ConstraintDefinition constraint) {
        return quoteIdentifier(constraint.name()) + " " + constraint.kind() + " " + constraint.expression();
    }

    private static String projection(ProjectionDefinition projection) {
        return quoteIdentifier(projection.name()) + " (" + projection.query() + ")";
    }

    private static String modifyColumn(String name, String change) {
        return "MODIFY COLUMN " + quoteIdentifier(name) + " " + change;
    }

    private static String codec(List<String> codecs) {
        return "CODEC(" + String.join(", ", codecs) + ")";
    }

    /** A key: {@code expr} alone, {@code (a, b)} for several; null for none. */
    private static String key(List<String> expressions) {
        return switch (expressions.size()) {
            case 0 -> null;
            case 1 -> expressions.get(0);
            default -> "(" + String.join(", ", expressions) + ")";
        };
    }

    private static String settings(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void clause(StringBuilder sql, String keyword, String text) {
        if (text != null) {
            sql.append('\n').append(keyword).append(' ').append(text);
        }
    }

    private static String onCluster(TableRef table) {
        return table.cluster() == null ? "" : " ON CLUSTER " + quoteIdentifier(table.cluster());
    }

    private static String ifExists(boolean ifExists) {
        return ifExists ? "IF EXISTS " : "";
    }

    private static String ifNotExists(boolean ifNotExists) {
        return ifNotExists ? "IF NOT EXISTS " : "";
    }
}
