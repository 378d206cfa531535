package dev.chorm.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link SqlScanner} must find in a request text before the engine sees it: where an
 * INSERT's inline data starts (data must never reach the SQL parser), whether a second statement
 * follows, and which output FORMAT a query names.
 */
class SqlScannerTest {

    private static SqlScanner.Statement complete(String text) {
        return SqlScanner.scan(text, true);
    }

    private static SqlScanner.Statement partial(String text) {
        return SqlScanner.scan(text, false);
    }

    /** The inline data of an INSERT as the scanner splits it off. */
    private static String data(String text) {
        SqlScanner.Statement statement = complete(text);
        assertThat(statement.isInsertWithData()).as("INSERT with inline data: %s", text).isTrue();
        return text.substring(statement.dataStart());
    }

    private static void assertInsert(String text, String head, String format, String data) {
        SqlScanner.Statement statement = complete(text);
        assertThat(statement.keyword()).isEqualTo("INSERT");
        assertThat(statement.incomplete()).isFalse();
        assertThat(statement.secondStatement()).isEqualTo(-1);
        assertThat(statement.insertHead()).as("head of %s", text).isEqualTo(head);
        assertThat(statement.insertFormat()).as("format of %s", text).isEqualTo(format);
        assertThat(text.substring(statement.dataStart())).as("data of %s", text).isEqualTo(data);
    }

    private static void assertNoInlineData(SqlScanner.Statement statement) {
        assertThat(statement.isInsertWithData()).isFalse();
        assertThat(statement.insertHead()).isNull();
        assertThat(statement.insertFormat()).isNull();
        assertThat(statement.dataStart()).isEqualTo(-1);
    }

    @Nested
    class InsertWithValues {

        @Test
        void dataStartsRightAfterTheValuesKeyword() {
            assertInsert("INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO t", "Values", " (1, 'a'), (2, 'b')");
        }

        @Test
        void valuesKeywordNeedsNoBlankBeforeTheFirstRow() {
            assertInsert("INSERT INTO t VALUES(1)", "INSERT INTO t", "Values", "(1)");
        }

        @Test
        void keywordsAreCaseInsensitiveAndTheHeadKeepsItsSpelling() {
            assertInsert("insert into t values (1)", "insert into t", "Values", " (1)");
        }

        @Test
        void aColumnListIsPartOfTheHead() {
            assertInsert("INSERT INTO t (a, b) VALUES (1, 2)", "INSERT INTO t (a, b)", "Values", " (1, 2)");
        }

        @Test
        void columnsNamedValuesOrFormatInTheColumnListAreNotKeywords() {
            assertInsert("INSERT INTO t (values, format) VALUES (1, 2)", "INSERT INTO t (values, format)", "Values",
                    " (1, 2)");
        }

        @Test
        void intoTableWithDatabaseQualifiedName() {
            assertInsert("INSERT INTO TABLE db.t VALUES (1)", "INSERT INTO TABLE db.t", "Values", " (1)");
        }

        @Test
        void valuesDataIsNeverScannedSoItsSemicolonsAreNotASecondStatement() {
            assertInsert("INSERT INTO t VALUES ('a;b'); DROP TABLE x", "INSERT INTO t", "Values",
                    " ('a;b'); DROP TABLE x");
        }

        @Test
        void quotedTableNamesContainingKeywordsAndSemicolons() {
            assertInsert("INSERT INTO `my;values` VALUES (1)", "INSERT INTO `my;values`", "Values", " (1)");
            assertInsert("INSERT INTO \"FORMAT\" VALUES (1)", "INSERT INTO \"FORMAT\"", "Values", " (1)");
            assertInsert("INSERT INTO `a``VALUES` VALUES (1)", "INSERT INTO `a``VALUES`", "Values", " (1)");
        }
    }

    @Nested
    class InsertWithFormat {

        @Test
        void dataStartsAfterTheNewlineThatEndsTheFormatName() {
            assertInsert("INSERT INTO t FORMAT CSV\n1,a\n2,b\n", "INSERT INTO t", "CSV", "1,a\n2,b\n");
        }

        @Test
        void blanksBeforeTheLineBreakAreSkipped() {
            assertInsert("INSERT INTO t FORMAT TSV \t \n1\t2\n", "INSERT INTO t", "TSV", "1\t2\n");
        }

        @Test
        void crlfCountsAsOneLineBreak() {
            assertInsert("INSERT INTO t FORMAT CSV\r\n1,2\r\n", "INSERT INTO t", "CSV", "1,2\r\n");
        }

        @Test
        void onlyOneLineBreakIsSkippedSoABlankFirstLineBelongsToTheData() {
            assertInsert("INSERT INTO t FORMAT TSV\n\n\t\n", "INSERT INTO t", "TSV", "\n\t\n");
        }

        @Test
        void dataMayFollowOnTheSameLine() {
            assertInsert("INSERT INTO t FORMAT CSV 1,2", "INSERT INTO t", "CSV", "1,2");
        }

        @Test
        void binaryDataIsNotInterpreted() {
            String rowBinary = "\u0000\n\n\u0001;\u00ff'\"`/*--";
            assertInsert("INSERT INTO t FORMAT RowBinary\n" + rowBinary, "INSERT INTO t", "RowBinary", rowBinary);
        }

        @Test
        void leadingBlanksOfTheDataAfterTheLineBreakAreKept() {
            assertInsert("INSERT INTO t FORMAT TSV\n  a\tb\n", "INSERT INTO t", "TSV", "  a\tb\n");
        }

        @Test
        void emptyDataIsStillAnInsertWithData() {
            assertInsert("INSERT INTO t FORMAT CSV\n", "INSERT INTO t", "CSV", "");
            assertInsert("INSERT INTO t FORMAT CSV", "INSERT INTO t", "CSV", "");
        }

        @Test
        void columnListAndQualifiedTable() {
            assertInsert("INSERT INTO TABLE db.t (a, `b c`) FORMAT JSONEachRow\n{\"a\":1}",
                    "INSERT INTO TABLE db.t (a, `b c`)", "JSONEachRow", "{\"a\":1}");
        }

        @Test
        void settingsBeforeFormatStayInTheHead() {
            assertInsert("INSERT INTO t SETTINGS async_insert = 0, format_csv_delimiter = ';' FORMAT CSV\n1;2\n",
                    "INSERT INTO t SETTINGS async_insert = 0, format_csv_delimiter = ';'", "CSV", "1;2\n");
        }

        @Test
        void formatValuesIsTheValuesFormat() {
            assertInsert("INSERT INTO t FORMAT Values (1)", "INSERT INTO t", "Values", "(1)");
        }

        @Test
        void theFormatNameKeepsItsCase() {
            assertThat(complete("insert into t format jsoneachrow\n{}").insertFormat()).isEqualTo("jsoneachrow");
        }
    }

    @Nested
    class InsertSelect {

        @Test
        void insertSelectHasNoInlineData() {
            SqlScanner.Statement statement = complete("INSERT INTO t SELECT number FROM numbers(10)");
            assertThat(statement.keyword()).isEqualTo("INSERT");
            assertNoInlineData(statement);
            assertThat(statement.incomplete()).isFalse();
        }

        @Test
        void insertWithColumnsAndWithClause() {
            assertNoInlineData(complete("INSERT INTO t (a) WITH 1 AS x SELECT x"));
            assertNoInlineData(complete("INSERT INTO t (a) SELECT 1"));
        }

        @Test
        void formatAfterASelectNamesTheOutputNotInlineData() {
            SqlScanner.Statement statement = complete("INSERT INTO t SELECT * FROM u WHERE s = 'VALUES'");
            assertNoInlineData(statement);
            assertThat(statement.secondStatement()).isEqualTo(-1);
        }

        @Test
        void aSecondStatementAfterInsertSelectIsFound() {
            String text = "INSERT INTO t SELECT 1; DROP TABLE t";
            assertThat(complete(text).secondStatement()).isEqualTo(text.indexOf("DROP"));
        }

        @Test
        void insertSelectFromAFormatTableFunctionIsNotInlineData() {
            assertNoInlineData(complete("INSERT INTO t SELECT * FROM format(CSV, '1,2')"));
        }
    }

    @Nested
    class CommentsAndQuoting {

        @Test
        void lineCommentsHideKeywords() {
            SqlScanner.Statement statement = complete("INSERT INTO t -- FORMAT JSON\nVALUES (1)");
            assertThat(statement.insertFormat()).isEqualTo("Values");
            assertThat("INSERT INTO t -- FORMAT JSON\nVALUES (1)".substring(statement.dataStart())).isEqualTo(" (1)");
        }

        @Test
        void hashCommentsHideKeywords() {
            String text = "INSERT INTO t # VALUES (2)\nFORMAT CSV\n1\n";
            assertThat(complete(text).insertFormat()).isEqualTo("CSV");
            assertThat(data(text)).isEqualTo("1\n");
        }

        @Test
        void nestedBlockCommentsHideKeywordsUntilTheOutermostEnd() {
            String text = "INSERT INTO t /* a /* VALUES (1) */ FORMAT JSON */ FORMAT CSV\n1\n";
            assertThat(complete(text).insertFormat()).isEqualTo("CSV");
            assertThat(data(text)).isEqualTo("1\n");
        }

        @Test
        void theHeadEndsBeforeTheDataKeywordAndStillParsesWhenAFormatIsAppended() {
            // The engine receives the head alone; a trailing line comment would swallow what follows it.
            String head = complete("INSERT INTO t -- note\nVALUES (1)").insertHead();
            SqlScanner.Statement reparsed = complete(head + " FORMAT Values\n(1)");
            assertThat(reparsed.insertFormat()).as("head %s followed by a FORMAT clause", head).isEqualTo("Values");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "SELECT 'a;b'",
                "SELECT 'it''s; DROP TABLE x'",
                "SELECT 'it\\'s; DROP TABLE x'",
                "SELECT 'back\\\\', ';'",
                "SELECT \"a;b\" FROM t",
                "SELECT `a;b` FROM t",
                "SELECT `a``;b` FROM t",
                "SELECT $$a; DROP TABLE x$$",
                "SELECT $tag$ ; $$ ; $tag$",
                "SELECT 1 -- ; DROP TABLE x",
                "SELECT 1 # ; DROP TABLE x",
                "SELECT 1 /* ; /* ; */ ; DROP TABLE x */"})
        void semicolonsInsideStringsIdentifiersHeredocsAndCommentsDoNotEndTheStatement(String text) {
            SqlScanner.Statement statement = complete(text);
            assertThat(statement.secondStatement()).isEqualTo(-1);
            assertThat(statement.incomplete()).isFalse();
            assertThat(statement.keyword()).isEqualTo("SELECT");
        }

        @Test
        void keywordsInsideStringsAreNotKeywords() {
            assertInsert("INSERT INTO t SETTINGS x = 'FORMAT JSON VALUES' FORMAT CSV\n1\n",
                    "INSERT INTO t SETTINGS x = 'FORMAT JSON VALUES'", "CSV", "1\n");
        }

        @Test
        void theFirstKeywordComesAfterLeadingComments() {
            assertThat(complete("/* hi */ -- there\n SELECT 1").keyword()).isEqualTo("SELECT");
            assertThat(complete("-- x\ninsert into t values (1)").keyword()).isEqualTo("INSERT");
        }

        @Test
        void keywordOfOtherStatements() {
            assertThat(complete("SET max_threads = 1").keyword()).isEqualTo("SET");
            assertThat(complete("use db").keyword()).isEqualTo("USE");
            assertThat(complete("WITH 1 AS x SELECT x").keyword()).isEqualTo("WITH");
            assertThat(complete("   ").keyword()).isEmpty();
        }
    }

    @Nested
    class IncompleteText {

        @Test
        void formatNameCutShortWaitsForMore() {
            assertThat(partial("INSERT INTO t FORMAT CS").incomplete()).isTrue();
            assertThat(partial("INSERT INTO t FORMAT CS").isInsertWithData()).isFalse();
        }

        @Test
        void formatKeywordWithoutNameWaitsForMore() {
            assertThat(partial("INSERT INTO t FORMAT").incomplete()).isTrue();
            assertThat(partial("INSERT INTO t FORMAT ").incomplete()).isTrue();
        }

        @Test
        void insertWithoutValuesOrFormatYetWaitsForMore() {
            assertThat(partial("INSERT INTO t").incomplete()).isTrue();
            assertThat(partial("INSERT INTO t (a, b)").incomplete()).isTrue();
        }

        @Test
        void theSameInsertTextCompleteIsAnOrdinaryStatementForTheEngineToJudge() {
            SqlScanner.Statement statement = complete("INSERT INTO t");
            assertThat(statement.incomplete()).isFalse();
            assertNoInlineData(statement);
        }

        @Test
        void formatNameFollowedByTheLineBreakIsEnoughToFindTheData() {
            String text = "INSERT INTO t FORMAT CSV\n1,";
            SqlScanner.Statement statement = partial(text);
            assertThat(statement.incomplete()).isFalse();
            assertThat(text.substring(statement.dataStart())).isEqualTo("1,");
        }

        @Test
        void valuesKeywordIsEnoughToFindTheData() {
            SqlScanner.Statement statement = partial("INSERT INTO t VALUES");
            assertThat(statement.isInsertWithData()).isTrue();
            assertThat(statement.dataStart()).isEqualTo("INSERT INTO t VALUES".length());
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT 'abc", "SELECT `abc", "SELECT \"abc", "SELECT 1 /* abc", "SELECT 1 /* a /* b */",
                "INSERT INTO t /* FORMAT CSV\n"})
        void textEndingInsideAStringIdentifierOrCommentIsIncomplete(String text) {
            assertThat(partial(text).incomplete()).isTrue();
        }

        @Test
        void aSemicolonAtTheEndOfTextStillArrivingIsNotASecondStatement() {
            assertThat(partial("SELECT 1;").secondStatement()).isEqualTo(-1);
        }
    }

    @Nested
    class MultipleStatements {

        @Test
        void aSecondStatementIsFoundAtItsOffset() {
            String text = "SELECT 1; DROP TABLE x";
            assertThat(complete(text).secondStatement()).isEqualTo(text.indexOf("DROP"));
        }

        @Test
        void aSecondStatementWithoutBlanks() {
            assertThat(complete("SELECT 1;SELECT 2").secondStatement()).isEqualTo(9);
        }

        @Test
        void aSecondStatementAfterACommentIsFound() {
            String text = "SELECT 1; /* c */ DROP TABLE x";
            assertThat(complete(text).secondStatement()).isEqualTo(text.indexOf("DROP"));
        }

        @Test
        void aSecondStatementAfterCreateIsFound() {
            assertThat(complete("CREATE TABLE a (x UInt8) ENGINE = Memory; DROP TABLE b").secondStatement())
                    .isGreaterThanOrEqualTo(0);
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT 1;", "SELECT 1;  \n", "SELECT 1; -- bye", "SELECT 1; /* bye */ ",
                "SELECT 1 FORMAT JSON;"})
        void aTrailingSemicolonAloneIsFine(String text) {
            SqlScanner.Statement statement = complete(text);
            assertThat(statement.secondStatement()).isEqualTo(-1);
            assertThat(statement.incomplete()).isFalse();
        }

        @Test
        void aSemicolonInsideParenthesesStillEndsTheStatement() {
            assertThat(complete("SELECT (1; DROP TABLE x)").secondStatement()).isGreaterThanOrEqualTo(0);
        }
    }

    @Nested
    class OutputFormat {

        @ParameterizedTest
        @ValueSource(strings = {"SELECT 1 FORMAT JSON", "SELECT 1 FORMAT JSON;", "SELECT 1 format JSON",
                "SELECT 1 FORMAT JSON SETTINGS max_threads = 1", "SELECT 1 FORMAT\nJSON\n",
                "SELECT 1 AS format FORMAT JSON", "SELECT format FROM t WHERE format = 'FORMAT CSV' FORMAT JSON",
                "SELECT * FROM (SELECT 1 FORMAT CSV) FORMAT JSON", "WITH 1 AS x SELECT x FORMAT JSON"})
        void theFormatClauseNamesTheOutputFormat(String text) {
            SqlScanner.Statement statement = complete(text);
            assertThat(statement.outputFormat()).isEqualTo("JSON");
            assertNoInlineData(statement);
        }

        @Test
        void aFormatClauseFollowedByACommentStillNamesTheOutputFormat() {
            assertThat(complete("SELECT 1 FORMAT JSON -- as JSON").outputFormat()).isEqualTo("JSON");
            assertThat(complete("SELECT 1 FORMAT JSON /* as JSON */").outputFormat()).isEqualTo("JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT 1", "SELECT format FROM t", "SELECT format, x FROM t ORDER BY format",
                "SELECT 1 AS format", "SELECT * FROM format(CSV, '1,2')", "SELECT 'FORMAT JSON'",
                "SELECT 1 -- FORMAT JSON", "SELECT `FORMAT` FROM t", "SELECT * FROM t WHERE format = 1"})
        void otherUsesOfTheWordFormatNameNoOutputFormat(String text) {
            assertThat(complete(text).outputFormat()).isNull();
        }

        @Test
        void aFormatInsideASubqueryOnlyIsNotTheOutputFormat() {
            assertThat(complete("SELECT * FROM (SELECT 1 FORMAT JSON)").outputFormat()).isNull();
        }

        @Test
        void otherStatementsMayNameAFormat() {
            assertThat(complete("SHOW TABLES FORMAT JSONEachRow").outputFormat()).isEqualTo("JSONEachRow");
            assertThat(complete("DESCRIBE TABLE t FORMAT TSVWithNames").outputFormat()).isEqualTo("TSVWithNames");
        }
    }
}
