package dev.chorm.migrations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The text format of a migration file: plain SQL a DBA can review, statements ending with {@code ;},
 * {@code --} comments, plus three directives, each a comment line of its own between statements:
 * <ul>
 *   <li>{@code -- chorm:java com.example.Backfill}: a step that runs a {@link JavaMigration};</li>
 *   <li>{@code -- chorm:begin-group} ... {@code -- chorm:end-group}: steps that a re-run after a
 *       failure inside the group restarts from the group's first step (a table rebuild: a half-done
 *       {@code INSERT ... SELECT} must not be resumed in the middle).</li>
 * </ul>
 * {@link Builder} writes the format, {@link #parse} reads it into {@link Step}s.
 */
public final class MigrationScript {

    static final String DIRECTIVE = "-- chorm:";
    static final String JAVA = "java ";
    static final String BEGIN_GROUP = "begin-group";
    static final String END_GROUP = "end-group";

    private MigrationScript() {
    }

    /**
     * One step of a migration: a SQL statement (without its {@code ;}) or a Java migration class.
     *
     * @param number      1-based position in the migration
     * @param kind        SQL or JAVA
     * @param text        the statement, or the Java class name
     * @param restartFrom the step a re-run restarts from when this step failed: its own number, or the
     *                    first step of its group
     */
    public record Step(int number, Kind kind, String text, int restartFrom) {

        /** What a step runs. */
        public enum Kind {
            SQL, JAVA
        }

        /** The SHA-256 of the step's kind and text: what the history records for each step done. */
        public String checksum() {
            return sha256(kind + "\n" + text);
        }

        /** The step as a file shows it, for messages. */
        public String display() {
            return kind == Kind.JAVA ? DIRECTIVE + JAVA + text : text + ";";
        }
    }

    /** Writes a migration file. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final String cluster;
        private int statements;

        Builder() {
            this(null);
        }

        /** A file whose statements about tables go {@code ON CLUSTER cluster} (null for none). */
        Builder(String cluster) {
            this.cluster = cluster;
        }

        /** The cluster the statements about tables go to, or null. */
        String cluster() {
            return cluster;
        }

        Builder comment(String comment) {
            for (String line : comment.split("\n", -1)) {
                text.append("-- ").append(line).append('\n');
            }
            return this;
        }

        Builder blankLine() {
            text.append('\n');
            return this;
        }

        /** A statement; its {@code ;} is added. */
        Builder sql(String statement) {
            text.append(statement.strip()).append(";\n");
            statements++;
            return this;
        }

        Builder java(String className) {
            text.append(DIRECTIVE).append(JAVA).append(className).append('\n');
            statements++;
            return this;
        }

        Builder beginGroup(String why) {
            text.append(DIRECTIVE).append(BEGIN_GROUP).append(' ').append(why).append('\n');
            return this;
        }

        Builder endGroup() {
            text.append(DIRECTIVE).append(END_GROUP).append('\n');
            return this;
        }

        int statements() {
            return statements;
        }

        String text() {
            return text.toString();
        }
    }

    /**
     * Splits a migration file into steps: on {@code ;} outside string literals, quoted names and
     * comments; comment-only text between statements is dropped; directives become steps or groups.
     *
     * @throws IllegalArgumentException for an unterminated literal or comment, or unbalanced groups
     */
    public static List<Step> parse(String script) {
        List<Step> steps = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        Integer groupStart = null;
        boolean groupOpen = false;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                String comment = script.substring(i, end).strip();
                if (statement.toString().isBlank()) {
                    statement.setLength(0);
                    if (comment.startsWith(DIRECTIVE)) {
                        String directive = comment.substring(DIRECTIVE.length()).strip();
                        if (directive.startsWith(JAVA.strip())) {
                            String className = directive.substring(JAVA.strip().length()).strip();
                            if (className.isEmpty()) {
                                throw new IllegalArgumentException("'" + comment + "' names no Java migration class");
                            }
                            int number = steps.size() + 1;
                            steps.add(new Step(number, Step.Kind.JAVA, className, groupOpen ? groupStart : number));
                        } else if (directive.startsWith(BEGIN_GROUP)) {
                            if (groupOpen) {
                                throw new IllegalArgumentException("'" + comment + "' inside another group");
                            }
                            groupOpen = true;
                            groupStart = steps.size() + 1;
                        } else if (directive.startsWith(END_GROUP)) {
                            if (!groupOpen) {
                                throw new IllegalArgumentException("'" + comment + "' without " + DIRECTIVE + BEGIN_GROUP);
                            }
                            groupOpen = false;
                        } else {
                            throw new IllegalArgumentException("unknown directive '" + comment + "'");
                        }
                    }
                } else {
                    statement.append(script, i, end);
                }
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment");
                }
                if (!statement.toString().isBlank()) {
                    statement.append(script, i, end + 2);
                }
                i = end + 2;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                statement.append(script, i, end + 1);
                i = end + 1;
                continue;
            }
            if (c == ';') {
                addStatement(steps, statement, groupOpen, groupStart);
                i++;
                continue;
            }
            statement.append(c);
            i++;
        }
        addStatement(steps, statement, groupOpen, groupStart);
        if (groupOpen) {
            throw new IllegalArgumentException("a " + DIRECTIVE + BEGIN_GROUP + " has no " + DIRECTIVE + END_GROUP);
        }
        return steps;
    }

    private static void addStatement(List<Step> steps, StringBuilder statement, boolean groupOpen, Integer groupStart) {
        String sql = statement.toString().strip();
        statement.setLength(0);
        if (!sql.isEmpty()) {
            int number = steps.size() + 1;
            steps.add(new Step(number, Step.Kind.SQL, sql, groupOpen ? groupStart : number));
        }
    }

    private static int closingQuote(String script, int start, char quote) {
        for (int i = start + 1; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i++; // doubled quote inside the literal
                } else {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unterminated " + quote + " starting at character " + start);
    }

    /** The checksum of a whole file: SHA-256 of its text with line endings normalised. */
    static String checksum(String script) {
        return sha256(script.replace("\r\n", "\n"));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
