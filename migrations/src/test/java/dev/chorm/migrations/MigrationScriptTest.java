package dev.chorm.migrations;

import dev.chorm.migrations.MigrationScript.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migration file format: statements, comments, quotes, directives. */
class MigrationScriptTest {

    @Test
    void splitsOnSemicolonsOutsideLiteralsQuotedNamesAndComments() {
        List<Step> steps = MigrationScript.parse("""
                -- a comment; not a statement
                INSERT INTO t VALUES ('a;b', 'it''s; fine', 'esc\\';aped');
                /* block; comment */
                SELECT `odd;name`, "other;name" FROM t -- trailing; comment
                ;
                ALTER TABLE t DELETE WHERE 1""");

        assertThat(steps).extracting(Step::text).containsExactly(
                "INSERT INTO t VALUES ('a;b', 'it''s; fine', 'esc\\';aped')",
                "SELECT `odd;name`, \"other;name\" FROM t -- trailing; comment",
                "ALTER TABLE t DELETE WHERE 1");
        assertThat(steps).extracting(Step::number).containsExactly(1, 2, 3);
        assertThat(steps).allMatch(s -> s.restartFrom() == s.number());
    }

    @Test
    void javaStepsAndGroupsAreDirectives() {
        List<Step> steps = MigrationScript.parse("""
                CREATE TABLE a (x UInt8) ENGINE = Memory;
                -- chorm:begin-group copy
                DROP TABLE IF EXISTS b;
                CREATE TABLE b (x UInt8) ENGINE = Memory;
                INSERT INTO b SELECT x FROM a;
                -- chorm:end-group
                -- chorm:java com.example.Backfill
                """);

        assertThat(steps).extracting(Step::kind).containsExactly(Step.Kind.SQL, Step.Kind.SQL, Step.Kind.SQL, Step.Kind.SQL, Step.Kind.JAVA);
        assertThat(steps).extracting(Step::restartFrom).containsExactly(1, 2, 2, 2, 5);
        assertThat(steps.get(4).text()).isEqualTo("com.example.Backfill");
        assertThat(steps.get(4).display()).isEqualTo("-- chorm:java com.example.Backfill");
    }

    @Test
    void stepChecksumsDependOnTheTextOnly() {
        assertThat(MigrationScript.parse("SELECT 1;").get(0).checksum())
                .isEqualTo(MigrationScript.parse("-- other comment\n  SELECT 1  ;\n").get(0).checksum())
                .isNotEqualTo(MigrationScript.parse("SELECT 2;").get(0).checksum());
        assertThat(MigrationScript.checksum("SELECT 1;\r\n")).isEqualTo(MigrationScript.checksum("SELECT 1;\n"));
    }

    @Test
    void brokenFilesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> MigrationScript.parse("SELECT 'open;")).hasMessageContaining("unterminated '");
        assertThatThrownBy(() -> MigrationScript.parse("-- chorm:begin-group x\nSELECT 1;")).hasMessageContaining("has no -- chorm:end-group");
        assertThatThrownBy(() -> MigrationScript.parse("-- chorm:end-group\n")).hasMessageContaining("without -- chorm:begin-group");
        assertThatThrownBy(() -> MigrationScript.parse("-- chorm:jva x\n")).hasMessageContaining("unknown directive");
        assertThatThrownBy(() -> MigrationScript.parse("-- chorm:java\n")).hasMessageContaining("names no Java migration class");
    }
}
