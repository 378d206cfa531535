package dev.chorm.engine.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chorm.engine.EmbeddedClickHouse;
import dev.chorm.engine.SharedServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded server against ClickHouse's documented HTTP interface
 * (clickhouse.com/docs/en/interfaces/http): where the query comes from, how INSERT data travels,
 * settings, sessions, formats, headers, compression, errors, authentication, and what a hostile
 * or broken client must not be able to do to the server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpInterfaceTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static EmbeddedClickHouse server;
    private static String db;

    @BeforeAll
    static void startServer() {
        server = SharedServer.get();
        db = SharedServer.freshDatabase(HttpInterfaceTest.class);
    }

    // ------------------------------------------------------------------ the specification

    @Nested
    class Endpoints {

        @Test
        void pingAnswersOk() {
            Reply reply = call().noDatabase().path("/ping").get().ok();
            assertThat(reply.text()).isEqualTo("Ok.\n");
        }

        @Test
        void getOfTheRootWithoutQueryAnswersOk() {
            Reply reply = call().noDatabase().get().ok();
            assertThat(reply.text()).isEqualTo("Ok.\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/nope", "/pingpong", "/ping/more", "/replicas_statusx"})
        void unknownPathIsNotFound(String path) {
            Reply reply = call().path(path).param("query", "SELECT 42").get();
            assertThat(reply.status()).as("%s answered %s", path, reply.text()).isEqualTo(404);
            assertThat(reply.text()).doesNotContain("Ok.").doesNotContain("42");
        }

        @Test
        void getAndPostBothRunQueries() {
            assertThat(call().param("query", "SELECT 1").get().ok().text()).isEqualTo("1\n");
            assertThat(call().post("SELECT 2").ok().text()).isEqualTo("2\n");
        }
    }

    @Nested
    class QueryText {

        @Test
        void queryInTheUrlParameter() {
            assertThat(call().param("query", "SELECT 40 + 2").get().ok().text()).isEqualTo("42\n");
        }

        @Test
        void queryInTheUrlParameterOfAPostWithEmptyBody() {
            assertThat(call().param("query", "SELECT 40 + 2").post("").ok().text()).isEqualTo("42\n");
        }

        @Test
        void queryInThePostBody() {
            assertThat(call().post("SELECT 40 + 2").ok().text()).isEqualTo("42\n");
        }

        @Test
        void queryBeginningInTheParameterAndEndingInTheBody() {
            assertThat(call().param("query", "SELECT 40 +").post(" 2").ok().text()).isEqualTo("42\n");
        }

        @Test
        void utf8TextSurvivesParameterAndBody() {
            assertThat(call().param("query", "SELECT 'héllo ✓'").get().ok().text()).isEqualTo("héllo ✓\n");
            assertThat(call().post("SELECT 'héllo ✓'").ok().text()).isEqualTo("héllo ✓\n");
        }

        @Test
        void emptyQueryIsASyntaxError() {
            call().post("").fails(62);
            call().post("  \n ").fails(62);
        }
    }

    @Nested
    class ReadStatements {
        // Not only SELECT reads: drivers and tools send these through the same interface.

        @Test
        void existsTable() {
            String table = table("id UInt32");
            assertThat(call().post("EXISTS TABLE " + table).ok().text()).isEqualTo("1\n");
            assertThat(call().post("EXISTS TABLE " + table + "_none").ok().text()).isEqualTo("0\n");
        }

        @Test
        void showTables() {
            String table = table("id UInt32");
            assertThat(call().post("SHOW TABLES").ok().text()).contains(table + "\n");
        }

        @Test
        void describeTable() {
            String table = table("id UInt32, s String");
            assertThat(call().post("DESCRIBE TABLE " + table + " FORMAT CSV").ok().text())
                    .startsWith("\"id\",\"UInt32\"").contains("\"s\",\"String\"");
        }

        @Test
        void showCreateTable() {
            String table = table("id UInt32");
            assertThat(call().post("SHOW CREATE TABLE " + table).ok().text()).startsWith("CREATE TABLE " + db + "." + table);
        }

        @Test
        void showDatabases() {
            assertThat(call().post("SHOW DATABASES").ok().text()).contains(db + "\n");
        }

        @Test
        void explain() {
            assertThat(call().post("EXPLAIN SELECT 1").ok().text()).isNotBlank();
        }

        @Test
        void selectInParenthesesAndUnion() {
            assertThat(call().post("(SELECT 1)").ok().text()).isEqualTo("1\n");
            assertThat(call().post("SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2) ORDER BY x").ok().text())
                    .isEqualTo("1\n2\n");
        }
    }

    @Nested
    class Inserts {

        @Test
        void insertSelectWithSettingsRuns() {
            String table = table("id UInt32, s String");
            call().post("INSERT INTO " + table + " (id, s) SELECT number, toString(number) FROM numbers(5)"
                    + " SETTINGS max_threads = 1").ok();
            assertThat(count(table)).isEqualTo(5);
        }

        @Test
        void writingToFilesOrTableFunctionsIsRefused() {
            String table = table("id UInt32, s String");
            call().post("SELECT 1 INTO OUTFILE 'x.tsv'").fails(48);
            call().post("INSERT INTO FUNCTION file('x.tsv', 'TSV', 'a UInt8') SELECT 1").fails(48);
            call().post("insert into table function file('x.tsv', 'TSV', 'a UInt8') select 1").fails(48);
            assertThat(count(table)).isZero();
        }

        @Test
        void tabSeparatedDataInTheBody() {
            String table = table("id UInt32, s String");
            String data = "1\ta\\tb\n2\tc\\nd\n3\t\\\\\n";
            insert(table, "TabSeparated", data).ok();
            assertThat(sql("SELECT * FROM " + table + " ORDER BY id FORMAT TabSeparated")).isEqualTo(data);
        }

        @Test
        void csvDataInTheBody() {
            String table = table("id UInt32, s String");
            String data = "1,\"a,b\"\n2,\"c\"\"d\"\n3,\"x\n\ny\"\n";
            insert(table, "CSV", data).ok();
            assertThat(sql("SELECT * FROM " + table + " ORDER BY id FORMAT CSV")).isEqualTo(data);
        }

        @Test
        void jsonEachRowDataInTheBody() {
            String table = table("id UInt32, s String");
            String data = "{\"id\":1,\"s\":\"x\"}\n{\"id\":2,\"s\":\"y\\n\\nz\"}\n";
            insert(table, "JSONEachRow", data).ok();
            assertThat(sql("SELECT * FROM " + table + " ORDER BY id FORMAT JSONEachRow")).isEqualTo(data);
        }

        @Test
        void rowBinaryWithBlankLinesAndNulBytesIsStoredExactly() {
            String table = table("id UInt32, s String");
            RowBinary rows = new RowBinary();
            Random random = new Random(7);
            for (int id = 0; id < 20_000; id++) {
                byte[] noise = new byte[random.nextInt(40)];
                random.nextBytes(noise);
                rows.u32(id).string(concat(("row " + id + "\n\n\0;\r\n\n").getBytes(UTF_8), noise, new byte[] {'\n', '\n', 0}));
            }
            insert(table, "RowBinary", rows.bytes()).ok();
            assertThat(count(table)).isEqualTo(20_000);
            byte[] stored = call().post("SELECT id, s FROM " + table + " ORDER BY id FORMAT RowBinary").ok().body();
            assertThat(stored).as("RowBinary read back byte for byte").isEqualTo(rows.bytes());
        }

        @Test
        void rowBinaryWhoseFirstBytesAreBlanksIsStoredExactlyAfterAQueryEndingInABlank() {
            // ClickHouse joins the query parameter and the body with a line break, so the body's first
            // byte is data even when it is 0x0A or 0x20 and the parameter ends in a blank.
            String table = table("a UInt8, b UInt8");
            byte[] rows = {0x0A, 0x01, 0x20, 0x02};
            call().param("query", "INSERT INTO " + table + " FORMAT RowBinary ").post(rows).ok();
            assertThat(sql("SELECT a, b FROM " + table + " ORDER BY b")).isEqualTo("10\t1\n32\t2\n");
        }

        @Test
        void fiftyMegabyteBodyIsStreamedIntoTheTable() {
            String table = table("id UInt64, s String");
            RowBinary rows = new RowBinary();
            byte[] filler = "0123456789\n\n".repeat(17).getBytes(UTF_8);
            long ids = 0;
            int n = 0;
            while (rows.size() < 50 << 20) {
                rows.u64(n).string(filler);
                ids += n++;
            }
            Reply reply = insert(table, "RowBinary", rows.bytes()).ok();
            assertThat(summary(reply, "written_rows")).isEqualTo(n);
            assertThat(sql("SELECT count(), sum(id), sum(length(s)) FROM " + table))
                    .isEqualTo(n + "\t" + ids + "\t" + (long) n * filler.length + "\n");
        }

        @Test
        void chunkedRequestBodyIsAccepted() {
            String table = table("id UInt32, s String");
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 50_000; i++) {
                data.append(i).append("\tvalue ").append(i).append('\n');
            }
            byte[] bytes = data.toString().getBytes(UTF_8);
            // An InputStream publisher has no length: HttpClient sends Transfer-Encoding: chunked.
            call().param("query", "INSERT INTO " + table + " FORMAT TabSeparated")
                    .post(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).ok();
            assertThat(sql("SELECT count(), sum(id) FROM " + table)).isEqualTo("50000\t1249975000\n");
        }

        @Test
        void chunkedBodyWithTinyChunksSplittingTheStatementItself() throws IOException {
            String table = table("id UInt32, s String");
            String body = "INSERT INTO " + db + "." + table + " FORMAT CSV\n1,one\n2,two\n3,three\n";
            try (RawConnection connection = new RawConnection()) {
                connection.send("POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
                byte[] bytes = body.getBytes(UTF_8);
                for (int i = 0; i < bytes.length; i += 5) {
                    int n = Math.min(5, bytes.length - i);
                    connection.send(Integer.toHexString(n) + "\r\n");
                    connection.send(Arrays.copyOfRange(bytes, i, i + n));
                    connection.send("\r\n");
                }
                connection.send("0\r\n\r\n");
                RawResponse response = connection.read();
                assertThat(response.status()).as(response.text()).isEqualTo(200);
            }
            assertThat(sql("SELECT * FROM " + table + " ORDER BY id FORMAT CSV"))
                    .isEqualTo("1,\"one\"\n2,\"two\"\n3,\"three\"\n");
        }

        @Test
        void chunkedUploadByCurl() throws Exception {
            String table = table("id UInt32, s String");
            Path file = Files.createTempFile("chorm-http-test", ".tsv");
            try {
                Files.writeString(file, IntStream.range(0, 10_000).mapToObj(i -> i + "\tx\n").collect(Collectors.joining()));
                String out = new String(curl("-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                        call().param("query", "INSERT INTO " + table + " FORMAT TSV").uri().toString()), UTF_8);
                assertThat(out).isEmpty();
            } finally {
                Files.deleteIfExists(file);
            }
            assertThat(count(table)).isEqualTo(10_000);
        }

        @Test
        void expect100ContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
            String table = table("id UInt32, s String");
            String rows = "1\ta\n2\tb\n";
            try (RawConnection connection = new RawConnection()) {
                connection.send("POST /?database=" + db + "&query=" + encode("INSERT INTO " + table + " FORMAT TSV")
                        + " HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: " + rows.length() + "\r\n\r\n");
                assertThat(connection.read().status()).isEqualTo(100);
                connection.send(rows);
                assertThat(connection.read().status()).isEqualTo(200);
            }
            assertThat(count(table)).isEqualTo(2);
        }

        @Test
        void valuesInlineInTheBody() {
            String table = table("id UInt32, s String");
            call().post("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b;c\n\nd')").ok();
            assertThat(sql("SELECT * FROM " + table + " ORDER BY id FORMAT CSV")).isEqualTo("1,\"a\"\n2,\"b;c\n\nd\"\n");
        }

        @Test
        void valuesAfterAQueryParameter() {
            String table = table("id UInt32, s String");
            call().param("query", "INSERT INTO " + table + " VALUES").post("(1, 'a'), (2, 'b')").ok();
            assertThat(count(table)).isEqualTo(2);
        }

        @Test
        void formatAndDataEntirelyInTheBody() {
            String table = table("id UInt32, s String");
            call().post("INSERT INTO " + table + " FORMAT CSV\n1,a\n2,b\n").ok();
            assertThat(sql("SELECT * FROM " + table + " ORDER BY id FORMAT CSV")).isEqualTo("1,\"a\"\n2,\"b\"\n");
        }

        @Test
        void columnListLeavesOtherColumnsAtTheirDefaults() {
            String table = table("id UInt32, s String DEFAULT 'dflt'");
            call().post("INSERT INTO " + table + " (id) FORMAT CSV\n5\n").ok();
            assertThat(sql("SELECT * FROM " + table)).isEqualTo("5\tdflt\n");
        }

        @Test
        void settingsBeforeTheFormatApplyToTheInsert() {
            String table = table("id UInt32, s String");
            call().post("INSERT INTO " + table + " SETTINGS format_csv_delimiter = ';' FORMAT CSV\n1;a\n").ok();
            assertThat(sql("SELECT * FROM " + table)).isEqualTo("1\ta\n");
        }

        @Test
        void commentBeforeValuesIsAccepted() {
            String table = table("id UInt32, s String");
            call().post("INSERT INTO " + table + " -- the rows\nVALUES (1, 'a')").ok();
            assertThat(count(table)).isEqualTo(1);
        }

        @Test
        void commentBeforeFormatIsAccepted() {
            String table = table("id UInt32, s String");
            call().post("INSERT INTO " + table + " /* rows */ # as CSV\nFORMAT CSV\n1,a\n").ok();
            assertThat(count(table)).isEqualTo(1);
        }

        @Test
        void insertSelectHasNoInlineData() {
            String table = table("id UInt32, s String");
            Reply reply = call().post("INSERT INTO " + table + " SELECT number, toString(number) FROM numbers(10)").ok();
            assertThat(count(table)).isEqualTo(10);
            assertThat(summary(reply, "written_rows")).isEqualTo(10);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                TabSeparated | '1\\ta\\n2\\tb\\nnot a number\\tc\\n4\\td\\n'
                CSV          | '1,a\\n2,b\\nnot a number,c\\n4,d\\n'
                JSONEachRow  | '{"id":1,"s":"a"}\\n{"id":"not a number","s":"c"}\\n{"id":4,"s":"d"}\\n'
                Values       | '(1, ''a''), (2, ''b''), (oops, ''c''), (4, ''d'')'
                """)
        void aBadRowStoresNoneOfTheRows(String format, String data) {
            String table = table("id UInt32, s String");
            String rows = data.replace("\\t", "\t").replace("\\n", "\n");
            Reply reply = insert(table, format, rows);
            assertThat(reply.status()).as(reply.text()).isGreaterThanOrEqualTo(400);
            assertThat(reply.code()).isPositive();
            assertThat(count(table)).isZero();
        }

        @Test
        void aBadRowAfterManyGoodOnesStoresNothing() {
            String table = table("id UInt32, s String");
            String rows = IntStream.range(0, 30_000).mapToObj(i -> i + "\tgood\n").collect(Collectors.joining())
                    + "bad\trow\n";
            assertThat(insert(table, "TabSeparated", rows).status()).isGreaterThanOrEqualTo(400);
            assertThat(count(table)).isZero();
        }
    }

    @Nested
    class Database {

        @Test
        void fromTheDatabaseParameter() {
            assertThat(call().noDatabase().param("database", db).post("SELECT currentDatabase()").ok().text())
                    .isEqualTo(db + "\n");
        }

        @Test
        void fromTheDatabaseHeader() {
            assertThat(call().noDatabase().header("X-ClickHouse-Database", db).post("SELECT currentDatabase()")
                    .ok().text()).isEqualTo(db + "\n");
        }

        @Test
        void defaultWhenNoneIsGiven() {
            assertThat(call().noDatabase().post("SELECT currentDatabase()").ok().text()).isEqualTo("default\n");
        }

        @Test
        void unqualifiedTableNamesResolveInTheRequestedDatabase() {
            String table = table("id UInt32");
            sql("INSERT INTO " + table + " VALUES (1), (2)");
            assertThat(call().noDatabase().header("X-ClickHouse-Database", db).post("SELECT count() FROM " + table)
                    .ok().text()).isEqualTo("2\n");
        }

        @Test
        void unknownDatabaseIsAnError() {
            call().noDatabase().param("database", "no_such_database_here").post("SELECT 1").fails(81);
        }
    }

    @Nested
    class OutputFormat {

        @Test
        void tabSeparatedByDefault() {
            Reply reply = call().post("SELECT 1 AS x, 'a' AS y").ok();
            assertThat(reply.text()).isEqualTo("1\ta\n");
            assertThat(reply.header("X-ClickHouse-Format")).isEqualTo("TabSeparated");
        }

        @Test
        void fromTheFormatClause() {
            Reply reply = call().post("SELECT 1 AS x FORMAT JSONEachRow").ok();
            assertThat(reply.text()).isEqualTo("{\"x\":1}\n");
            assertThat(reply.header("X-ClickHouse-Format")).isEqualTo("JSONEachRow");
        }

        @Test
        void fromTheDefaultFormatParameter() {
            Reply reply = call().param("default_format", "JSONEachRow").post("SELECT 1 AS x").ok();
            assertThat(reply.text()).isEqualTo("{\"x\":1}\n");
            assertThat(reply.header("X-ClickHouse-Format")).isEqualTo("JSONEachRow");
        }

        @Test
        void fromTheFormatHeader() {
            Reply reply = call().header("X-ClickHouse-Format", "CSV").post("SELECT 1 AS x, 'a' AS y").ok();
            assertThat(reply.text()).isEqualTo("1,\"a\"\n");
            assertThat(reply.header("X-ClickHouse-Format")).isEqualTo("CSV");
        }

        @Test
        void theFormatClauseWinsOverTheDefaultFormat() {
            Reply reply = call().param("default_format", "CSV").post("SELECT 1 AS x FORMAT JSONEachRow").ok();
            assertThat(reply.text()).isEqualTo("{\"x\":1}\n");
            assertThat(reply.header("X-ClickHouse-Format")).isEqualTo("JSONEachRow");
        }

        @Test
        void theResponseHeaderNamesTheFormatOfTheBodyEvenWithACommentAfterTheClause() {
            Reply reply = call().post("SELECT 1 AS x FORMAT JSONEachRow -- one row").ok();
            assertThat(reply.text()).isEqualTo("{\"x\":1}\n");
            assertThat(reply.header("X-ClickHouse-Format")).isEqualTo("JSONEachRow");
        }

        @Test
        void unknownOutputFormatIsCode73() {
            call().post("SELECT 1 FORMAT NoSuchFormat").fails(73);
            call().param("default_format", "NoSuchFormat").post("SELECT 1").fails(73);
        }
    }

    @Nested
    class Settings {

        @Test
        void urlParametersApplyToTheQuery() {
            assertThat(call().param("max_threads", "3").post("SELECT getSetting('max_threads')").ok().text())
                    .isEqualTo("3\n");
        }

        @Test
        void urlParametersDoNotLeakIntoTheNextRequests() {
            String baseline = maxThreads(call());
            call().param("max_threads", "3").post("SELECT 1").ok();
            for (int i = 0; i < 5; i++) {
                assertThat(maxThreads(call())).isEqualTo(baseline);
            }
        }

        @Test
        void aSetStatementLastsOneRequest() {
            String baseline = maxThreads(call());
            call().post("SET max_threads = 3").ok();
            for (int i = 0; i < 5; i++) {
                assertThat(maxThreads(call())).isEqualTo(baseline);
            }
        }

        @Test
        void aUseStatementLastsOneRequest() {
            call().noDatabase().post("USE " + db).ok();
            for (int i = 0; i < 5; i++) {
                assertThat(call().noDatabase().post("SELECT currentDatabase()").ok().text()).isEqualTo("default\n");
            }
        }

        @Test
        void unknownSettingIsCode115() {
            call().param("no_such_setting_xyz", "1").post("SELECT 1").fails(115);
        }

        @Test
        void aSettingNameCarryingMoreSqlIsRefused() {
            call().param("max_threads = 1, readonly", "0").post("SELECT 1").fails(115);
            call().param("max_threads=1, readonly=0", "").post("SELECT 1").fails(115);
        }

        @Test
        void aSettingValueCarryingMoreSqlDoesNotSetAnotherSetting() {
            String baseline = call().post("SELECT getSetting('max_result_rows')").ok().text();
            Reply reply = call().param("max_threads", "1', max_result_rows = '7").post("SELECT getSetting('max_result_rows')");
            assertThat(reply.status()).isGreaterThanOrEqualTo(400);
            assertThat(call().post("SELECT getSetting('max_result_rows')").ok().text()).isEqualTo(baseline);
        }

        @Test
        void aGetRequestMayChangeSettings() {
            assertThat(call().param("max_threads", "3").param("query", "SELECT getSetting('max_threads')").get()
                    .ok().text()).isEqualTo("3\n");
        }
    }

    @Nested
    class QueryParameters {

        @Test
        void aNumberParameter() {
            assertThat(call().param("param_x", "41").post("SELECT {x:UInt32} + 1").ok().text()).isEqualTo("42\n");
        }

        @Test
        void aStringParameterWithQuotesBackslashesAndLineBreaksIsStoredAsData() {
            String table = table("s String");
            String value = "it's \\ \"q\" `b`\nline2\tü; DROP TABLE " + table + " --";
            // Parameter values are in the escaped (TabSeparated) text form.
            String escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
            call().param("param_s", escaped).post("INSERT INTO " + table + " SELECT {s:String}").ok();
            assertThat(sql("SELECT hex(s) FROM " + table)).isEqualTo(hex(value) + "\n");
        }

        @Test
        void parametersInInsertValues() {
            String table = table("id UInt32, s String");
            call().param("param_id", "7").param("param_s", "x'y").post("INSERT INTO " + table + " VALUES ({id:UInt32}, {s:String})").ok();
            assertThat(sql("SELECT * FROM " + table)).isEqualTo("7\tx\\'y\n");
        }

        @Test
        void aParameterIsNeverSqlText() {
            String table = table("id UInt32");
            call().param("param_t", table).post("DROP TABLE {t:String}").fails();
            assertThat(exists(table)).isTrue();
        }

        @Test
        void aMissingParameterIsAnError() {
            call().post("SELECT {x:UInt32}").fails(456);
        }
    }

    @Nested
    class ResponseHeaders {

        @Test
        void queryIdIsEchoed() {
            String id = "chorm-" + UUID.randomUUID();
            assertThat(call().param("query_id", id).post("SELECT 1").ok().header("X-ClickHouse-Query-Id")).isEqualTo(id);
        }

        @Test
        void queryIdIsGeneratedWhenAbsent() {
            String first = call().post("SELECT 1").ok().header("X-ClickHouse-Query-Id");
            String second = call().post("SELECT 1").ok().header("X-ClickHouse-Query-Id");
            assertThat(first).isNotBlank();
            assertThat(second).isNotBlank().isNotEqualTo(first);
        }

        @Test
        void queryIdIsEchoedOnErrorsToo() {
            String id = "chorm-" + UUID.randomUUID();
            assertThat(call().param("query_id", id).post("SELECT * FROM no_such_table").fails(60)
                    .header("X-ClickHouse-Query-Id")).isEqualTo(id);
        }

        @Test
        void summaryCountsTheRowsAnInsertWrote() {
            String table = table("id UInt32");
            Reply reply = insert(table, "TabSeparated", "1\n2\n3\n").ok();
            assertThat(summary(reply, "written_rows")).isEqualTo(3);
        }

        @Test
        void summaryTimesTheInsertItself() throws InterruptedException {
            String table = table("id UInt32");
            Thread.sleep(1_500); // the engine has been up at least this long
            long start = System.nanoTime();
            Reply reply = insert(table, "TabSeparated", "1\n").ok();
            long wall = System.nanoTime() - start;
            assertThat(summary(reply, "elapsed_ns")).isPositive().isLessThanOrEqualTo(wall);
        }

        @Test
        void summaryCountsTheRowsAQueryRead() {
            Reply reply = call().post("SELECT count() FROM numbers(1000)").ok();
            assertThat(summary(reply, "read_rows")).isEqualTo(1000);
        }

        @Test
        void timezoneAndDisplayNameAreSent() {
            Reply reply = call().post("SELECT 1").ok();
            assertThat(reply.header("X-ClickHouse-Timezone")).isEqualTo(server.timezone());
            assertThat(reply.header("X-ClickHouse-Server-Display-Name")).isNotBlank();
        }

        @Test
        void sessionTimezoneIsReported() {
            Reply reply = call().param("session_timezone", "Asia/Tokyo").post("SELECT timezone()").ok();
            assertThat(reply.text()).isEqualTo("Asia/Tokyo\n");
            assertThat(reply.header("X-ClickHouse-Timezone")).isEqualTo("Asia/Tokyo");
        }
    }

    @Nested
    class Errors {

        @Test
        void unknownTableIs404WithCode60() {
            Reply reply = call().post("SELECT * FROM no_such_table").fails(60);
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.text()).contains("UNKNOWN_TABLE");
        }

        @Test
        void syntaxErrorIs400WithCode62() {
            Reply reply = call().post("SELEC 1").fails(62);
            assertThat(reply.status()).isEqualTo(400);
        }

        @Test
        void theErrorReachesAClientThatReadsAfterSendingItsWholeBody() throws Exception {
            // Like HttpURLConnection or Apache HttpClient: the whole body goes out, then the answer is
            // read. ClickHouse reads the rest of a POST body before it answers with the exception, so
            // such a client gets the error rather than a reset connection.
            byte[] rows = "1\tx\n".repeat(2 << 20).getBytes(UTF_8);
            RawResponse response = sendWholeBodyThenRead("/?query=" + encode("INSERT INTO no_such_table FORMAT TSV"), rows);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.headers().get("x-clickhouse-exception-code")).isEqualTo("60");
        }

        @Test
        void anErrorAfterTheResponseStartedIsNotASilentSuccess() {
            String query = "SELECT number, throwIf(number = 300000, 'boom') FROM numbers(1000000) FORMAT TabSeparated";
            try {
                Reply reply = call().param("max_block_size", "1000").post(query);
                if (reply.status() == 200) {
                    assertThat(reply.text()).as("a body cut by an error must say so").contains("Code: 395");
                } else {
                    assertThat(reply.code()).isEqualTo(395);
                }
            } catch (UncheckedIOException expected) {
                // the connection was dropped: the client cannot mistake the body for a whole result
            }
            assertThat(call().post("SELECT 1").ok().text()).isEqualTo("1\n");
        }
    }

    @Nested
    class NativeCompression {

        private static final String QUERY = "SELECT number, toString(number) FROM numbers(200000)";

        @Test
        void compressedResponseDecodesToTheUncompressedAnswer() throws IOException {
            byte[] plain = call().post(QUERY).ok().body();
            byte[] framed = call().param("compress", "1").post(QUERY).ok().body();
            assertThat(framed).isNotEqualTo(plain);
            assertThat(framed[16]).as("method byte of the first block").isEqualTo((byte) 0x82);
            assertThat(new NativeCompressedInputStream(new ByteArrayInputStream(framed)).readAllBytes()).isEqualTo(plain);
        }

        @Test
        void compressedResponseWithWaitEndOfQuery() throws IOException {
            byte[] plain = call().post(QUERY).ok().body();
            byte[] framed = call().param("compress", "1").param("wait_end_of_query", "1").post(QUERY).ok().body();
            assertThat(new NativeCompressedInputStream(new ByteArrayInputStream(framed)).readAllBytes()).isEqualTo(plain);
        }

        @Test
        void compressedInsertBodyIsDecompressed() {
            String table = table("id UInt32, s String");
            byte[] body = compress(tsvRows(20_000), 4096);
            call().param("decompress", "1").param("query", "INSERT INTO " + table + " FORMAT TabSeparated").post(body).ok();
            assertThat(sql("SELECT count(), sum(id) FROM " + table)).isEqualTo("20000\t199990000\n");
        }

        @Test
        void compressedBodyMayCarryTheStatementToo() {
            String table = table("id UInt32, s String");
            byte[] body = compress(("INSERT INTO " + table + " FORMAT CSV\n1,a\n2,b\n").getBytes(UTF_8), 8);
            call().param("decompress", "1").post(body).ok();
            assertThat(count(table)).isEqualTo(2);
        }

        @Test
        void corruptedChecksumIsCode40AndStoresNothing() {
            String table = table("id UInt32, s String");
            byte[] body = compress(tsvRows(2_000), 4096);
            flipChecksumOfBlock(body, 5);
            call().param("decompress", "1").param("query", "INSERT INTO " + table + " FORMAT TabSeparated").post(body)
                    .fails(40);
            assertThat(count(table)).isZero();
        }

        @Test
        void corruptedChecksumReachesAClientThatReadsAfterSendingItsWholeBody() throws Exception {
            String table = table("id UInt32, s String");
            Random random = new Random(3);
            byte[] rows = IntStream.range(0, 300_000)
                    .mapToObj(i -> i + "\t" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + "\n")
                    .collect(Collectors.joining()).getBytes(UTF_8);
            byte[] body = compress(rows, 1 << 14);
            assertThat(body.length).as("larger than socket buffers").isGreaterThan(8 << 20);
            flipChecksumOfBlock(body, 2);
            RawResponse response = sendWholeBodyThenRead("/?decompress=1&database=" + db + "&query="
                    + encode("INSERT INTO " + table + " FORMAT TabSeparated"), body);
            assertThat(response.headers().get("x-clickhouse-exception-code")).isEqualTo("40");
            assertThat(count(table)).isZero();
        }

        @Test
        void corruptedFirstBlockIsCode40AndStoresNothing() {
            String table = table("id UInt32, s String");
            byte[] body = compress(tsvRows(100), 1 << 20);
            flipChecksumOfBlock(body, 0);
            call().param("decompress", "1").param("query", "INSERT INTO " + table + " FORMAT TabSeparated").post(body)
                    .fails(40);
            assertThat(count(table)).isZero();
        }

        private byte[] tsvRows(int n) {
            return IntStream.range(0, n).mapToObj(i -> i + "\tvalue " + i + "\n").collect(Collectors.joining()).getBytes(UTF_8);
        }

        private byte[] compress(byte[] data, int blockSize) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (NativeCompressedOutputStream compressed = new NativeCompressedOutputStream(out, blockSize)) {
                compressed.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        /** Frames are checksum(16) | method(1) | compressed size incl. 9-byte header (LE u32) | raw size | payload. */
        private void flipChecksumOfBlock(byte[] framed, int block) {
            int offset = 0;
            for (int i = 0; i < block; i++) {
                int size = ByteBuffer.wrap(framed, offset + 17, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                offset += 16 + size;
            }
            assertThat(offset).as("the body has block %d", block).isLessThan(framed.length);
            framed[offset + 3] ^= 0x40;
        }
    }

    @Nested
    class HttpCompression {

        private static final String QUERY = "SELECT number, toString(number) FROM numbers(100000)";

        @Test
        void gzipResponseWhenEnabledAndAccepted() throws IOException {
            byte[] plain = call().post(QUERY).ok().body();
            Reply reply = call().param("enable_http_compression", "1").header("Accept-Encoding", "gzip").post(QUERY).ok();
            assertThat(reply.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(new GZIPInputStream(new ByteArrayInputStream(reply.body())).readAllBytes()).isEqualTo(plain);
        }

        @Test
        void gzipResponseDecodedByCurl() throws Exception {
            byte[] plain = call().post(QUERY).ok().body();
            byte[] viaCurl = curl("-sS", "--compressed", "--data-binary", QUERY,
                    call().param("enable_http_compression", "1").uri().toString());
            assertThat(viaCurl).isEqualTo(plain);
        }

        @Test
        void noContentEncodingUnlessEnabled() {
            Reply reply = call().header("Accept-Encoding", "gzip").post("SELECT 1").ok();
            assertThat(reply.header("Content-Encoding")).isNull();
            assertThat(reply.text()).isEqualTo("1\n");
        }

        @Test
        void gzipRequestBodyIsAccepted() {
            String table = table("id UInt32, s String");
            call().header("Content-Encoding", "gzip")
                    .post(gzip(("INSERT INTO " + table + " FORMAT CSV\n1,a\n2,b\n").getBytes(UTF_8))).ok();
            assertThat(count(table)).isEqualTo(2);
            call().header("Content-Encoding", "gzip").param("query", "INSERT INTO " + table + " FORMAT CSV")
                    .post(gzip("3,c\n".getBytes(UTF_8))).ok();
            assertThat(count(table)).isEqualTo(3);
            assertThat(call().header("Content-Encoding", "gzip").post(gzip("SELECT 42".getBytes(UTF_8))).ok().text())
                    .isEqualTo("42\n");
        }

        @Test
        void unknownContentEncodingIsAClearError() {
            String table = table("id UInt32, s String");
            Reply reply = call().header("Content-Encoding", "x-no-such-coding")
                    .param("query", "INSERT INTO " + table + " FORMAT CSV").post("1,a\n");
            assertThat(reply.status()).isGreaterThanOrEqualTo(400);
            assertThat(reply.code()).isPositive();
            assertThat(reply.text()).containsIgnoringCase("encoding");
            assertThat(count(table)).isZero();
        }

        private byte[] gzip(byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    @Nested
    class KeepAlive {

        @Test
        void manyRequestsOverOneClient() {
            for (int i = 0; i < 300; i++) {
                assertThat(call().post("SELECT " + i).ok().text()).isEqualTo(i + "\n");
            }
        }

        @Test
        void twoRequestsOnOneRawConnection() throws IOException {
            try (RawConnection connection = new RawConnection()) {
                connection.send(RawConnection.get("/?query=" + encode("SELECT 1")));
                assertThat(connection.read().text()).isEqualTo("1\n");
                connection.send(RawConnection.post("/", "SELECT 2"));
                assertThat(connection.read().text()).isEqualTo("2\n");
            }
        }

        @Test
        void anHttp10RequestIsAnsweredWhole() throws IOException {
            try (RawConnection connection = new RawConnection()) {
                connection.send("GET /?query=" + encode("SELECT number FROM numbers(3)") + " HTTP/1.0\r\n\r\n");
                RawResponse response = connection.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("0\n1\n2\n");
            }
        }

        @Test
        void theConnectionSurvivesAnErrorAndAnInsert() throws IOException {
            String table = table("id UInt32");
            try (RawConnection connection = new RawConnection()) {
                connection.send(RawConnection.post("/", "SELECT * FROM no_such_table"));
                RawResponse error = connection.read();
                assertThat(error.status()).isEqualTo(404);
                connection.send(RawConnection.post("/?database=" + db + "&query=" + encode("INSERT INTO " + table + " FORMAT TSV"),
                        "1\n2\n"));
                assertThat(connection.read().status()).isEqualTo(200);
                connection.send(RawConnection.post("/?database=" + db, "SELECT count() FROM " + table));
                assertThat(connection.read().text()).isEqualTo("2\n");
            }
        }
    }

    @Nested
    class MultipleStatements {

        @ParameterizedTest
        @ValueSource(strings = {
                "SELECT 1; DROP TABLE %s",
                "SELECT 1;DROP TABLE %s",
                "SELECT 'a;b'; DROP TABLE %s",
                "SELECT 1; -- then\nDROP TABLE %s",
                "SELECT 1 /* c */ ; /* c */ DROP TABLE %s",
                "INSERT INTO %1$s SELECT 1; DROP TABLE %1$s",
                "CREATE TABLE %1$s_copy AS %1$s; DROP TABLE %1$s"})
        void aSecondStatementIsRefusedAndNothingRuns(String template) {
            String victim = table("a UInt8");
            Reply reply = call().post(String.format(template, victim));
            assertThat(reply.status()).as(reply.text()).isGreaterThanOrEqualTo(400);
            assertVictimUntouched(victim);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "INSERT INTO %1$s VALUES (1); DROP TABLE %1$s",
                "INSERT INTO %1$s FORMAT Values (1); DROP TABLE %1$s",
                "INSERT INTO %1$s FORMAT CSV\n1\n; DROP TABLE %1$s",
                "INSERT INTO %1$s FORMAT TSV\n1\n\nDROP TABLE %1$s"})
        void textAfterInlineInsertDataNeverRunsAsSql(String template) {
            String victim = table("a UInt8");
            call().post(String.format(template, victim));
            assertThat(exists(victim)).isTrue();
        }

        @Test
        void aSecondStatementIsCode62() {
            String victim = table("a UInt8");
            call().post("SELECT 1; DROP TABLE " + victim).fails(62);
            assertVictimUntouched(victim);
        }

        @Test
        void aSecondStatementSplitBetweenParameterAndBodyIsRefused() {
            String victim = table("a UInt8");
            call().param("query", "SELECT 1;").post("DROP TABLE " + victim).fails(62);
            assertVictimUntouched(victim);
        }

        @Test
        void aSecondStatementInAGetIsRefused() {
            String victim = table("a UInt8");
            call().param("query", "SELECT 1; DROP TABLE " + victim).get().fails(62);
            assertVictimUntouched(victim);
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT 1;", "SELECT 1;\n\n", "SELECT 1; -- bye", "SELECT 1 FORMAT TSV;"})
        void aTrailingSemicolonAloneIsFine(String query) {
            assertThat(call().post(query).ok().text()).isEqualTo("1\n");
        }

        private void assertVictimUntouched(String victim) {
            assertThat(exists(victim)).as("victim table exists").isTrue();
            assertThat(count(victim)).as("victim rows").isZero();
            assertThat(exists(victim + "_copy")).isFalse();
        }
    }

    @Nested
    class Concurrency {

        @Test
        void sixteenConcurrentQueriesAllSucceedAndRunInParallel() {
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> running = IntStream.range(0, 16)
                    .mapToObj(i -> HTTP.sendAsync(call().request().POST(BodyPublishers.ofString("SELECT sleep(2), " + i)).build(),
                            BodyHandlers.ofString()))
                    .toList();
            for (int i = 0; i < running.size(); i++) {
                HttpResponse<String> response = running.get(i).join();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("0\t" + i + "\n");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Serially 32 s; sixteen at once (the server allows 32) take about 2 s.
            assertThat(seconds).as("seconds for 16 concurrent sleep(2) queries").isLessThan(3.5);
        }

        @Test
        void pingAnswersWhileALongQueryRuns() {
            assertPingAnswersDuring(1);
        }

        @Test
        void pingAnswersWhileSixteenLongQueriesRun() {
            assertPingAnswersDuring(16);
        }

        @Test
        void clientsStalledInTheMiddleOfTheirHeadersDoNotBlockOthers() throws IOException {
            List<RawConnection> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    RawConnection connection = new RawConnection();
                    connection.send("POST / HTTP/1.1\r\nHost: localhost\r\n");
                    stalled.add(connection);
                }
                sleep(300);
                assertPingWithin(Duration.ofSeconds(2));
            } finally {
                for (RawConnection connection : stalled) {
                    connection.close();
                }
            }
        }

        private void assertPingAnswersDuring(int longQueries) {
            List<CompletableFuture<HttpResponse<String>>> running = IntStream.range(0, longQueries)
                    .mapToObj(i -> HTTP.sendAsync(call().request().POST(BodyPublishers.ofString("SELECT sleep(3)")).build(),
                            BodyHandlers.ofString()))
                    .toList();
            try {
                sleep(500);
                assertPingWithin(Duration.ofSeconds(1));
            } finally {
                running.forEach(CompletableFuture::join);
            }
        }

        private void assertPingWithin(Duration limit) {
            HttpRequest ping = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/ping")).timeout(limit).build();
            try {
                assertThat(HTTP.send(ping, BodyHandlers.ofString()).body()).isEqualTo("Ok.\n");
            } catch (IOException e) {
                fail("/ping did not answer within " + limit.toMillis() + " ms: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Authentication {

        private static final String PASSWORD = "s3cret-Pw!";
        private static final String READER_PASSWORD = "r3ader-Pw!";
        private EmbeddedClickHouse secured;
        private String table;

        @BeforeAll
        void startSecuredServer() {
            // chDB serves one data directory per process: the second server joins the same engine.
            secured = EmbeddedClickHouse.builder()
                    .dataDirectory(SharedServer.get().dataDirectory())
                    .user("alice", PASSWORD)
                    .readOnlyUser("reader", READER_PASSWORD)
                    .start();
            table = table("id UInt32");
            sql("INSERT INTO " + table + " VALUES (1), (2)");
        }

        @AfterAll
        void stopSecuredServer() {
            if (secured != null) {
                secured.close();
            }
        }

        private Call securedCall() {
            return new Call(secured.httpUrl()).param("database", db);
        }

        private static String basic(String user, String password) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
        }

        @Test
        void basicAuthentication() {
            assertThat(securedCall().header("Authorization", basic("alice", PASSWORD)).post("SELECT count() FROM " + table)
                    .ok().text()).isEqualTo("2\n");
        }

        @Test
        void userAndKeyHeaders() {
            assertThat(securedCall().header("X-ClickHouse-User", "alice").header("X-ClickHouse-Key", PASSWORD)
                    .post("SELECT 1").ok().text()).isEqualTo("1\n");
        }

        @Test
        void userAndPasswordParameters() {
            assertThat(securedCall().param("user", "alice").param("password", PASSWORD).post("SELECT 1").ok().text())
                    .isEqualTo("1\n");
        }

        @Test
        void missingCredentialsAreRefused() {
            assertRefused(securedCall().post("SELECT 1"));
        }

        @Test
        void wrongPasswordIsRefusedWithoutEchoingAnyPassword() {
            Reply reply = securedCall().header("Authorization", basic("alice", "wrong-Guess-42")).post("SELECT 1");
            assertRefused(reply);
            assertThat(reply.text()).doesNotContain("wrong-Guess-42").doesNotContain(PASSWORD);
            Reply viaParams = securedCall().param("user", "alice").param("password", "wrong-Guess-42").post("SELECT 1");
            assertRefused(viaParams);
            assertThat(viaParams.text()).doesNotContain("wrong-Guess-42").doesNotContain(PASSWORD);
        }

        @Test
        void unknownUserIsRefused() {
            assertRefused(securedCall().header("X-ClickHouse-User", "mallory").header("X-ClickHouse-Key", PASSWORD).post("SELECT 1"));
        }

        @Test
        void twoWaysOfAuthenticatingAtOnceAreRefused() {
            assertRefused(securedCall().header("Authorization", basic("alice", PASSWORD)).param("user", "alice")
                    .param("password", PASSWORD).post("SELECT 1"));
        }

        @Test
        void pingNeedsNoCredentials() {
            assertThat(new Call(secured.httpUrl()).path("/ping").get().ok().text()).isEqualTo("Ok.\n");
        }

        @Test
        void theReadOnlyUserCanSelect() {
            assertThat(reader().post("SELECT count() FROM " + table).ok().text()).isEqualTo("2\n");
        }

        @Test
        void theReadOnlyUserCannotInsertOrCreate() {
            reader().post("INSERT INTO " + table + " VALUES (3)").fails(164);
            reader().param("query", "INSERT INTO " + table + " FORMAT TSV").post("4\n").fails(164);
            reader().post("INSERT INTO " + table + " SELECT 5").fails(164);
            reader().post("CREATE TABLE " + table + "_new (a UInt8) ENGINE = Memory").fails(164);
            reader().post("DROP TABLE " + table).fails(164);
            assertThat(count(table)).isEqualTo(2);
            assertThat(exists(table + "_new")).isFalse();
        }

        @Test
        void theReadOnlyUserCannotLiftReadonly() {
            reader().param("readonly", "0").post("INSERT INTO " + table + " VALUES (3)").fails(164);
            reader().post("SET readonly = 0").fails(164);
            reader().post("INSERT INTO " + table + " SETTINGS readonly = 0 VALUES (3)").fails(164);
            assertThat(count(table)).isEqualTo(2);
        }

        private Call reader() {
            return securedCall().header("Authorization", basic("reader", READER_PASSWORD));
        }

        private void assertRefused(Reply reply) {
            assertThat(reply.code()).as(reply.text()).isEqualTo(516);
            assertThat(reply.status()).isIn(401, 403);
            assertThat(reply.text()).startsWith("Code: 516. DB::Exception:");
        }
    }

    @Nested
    class ReadonlyGet {

        @Test
        void getCannotCreateButPostCan() {
            String name = "t_get_" + TABLES.incrementAndGet();
            String create = "CREATE TABLE " + name + " (a UInt8) ENGINE = Memory";
            call().param("query", create).get().fails(164);
            assertThat(exists(name)).isFalse();
            call().post(create).ok();
            assertThat(exists(name)).isTrue();
        }

        @Test
        void getCannotInsert() {
            String table = table("a UInt8");
            call().param("query", "INSERT INTO " + table + " VALUES (1)").get().fails(164);
            call().param("query", "INSERT INTO " + table + " SELECT 1").get().fails(164);
            assertThat(count(table)).isZero();
        }

        @Test
        void getCannotDrop() {
            String table = table("a UInt8");
            call().param("query", "DROP TABLE " + table).get().fails(164);
            assertThat(exists(table)).isTrue();
        }
    }

    @Nested
    class Sessions {

        private Call session(String id) {
            return call().param("session_id", id);
        }

        @Test
        void setPersistsWithinTheSessionOnly() {
            String id = UUID.randomUUID().toString();
            String baseline = maxThreads(call());
            session(id).post("SET max_threads = 7").ok();
            assertThat(maxThreads(session(id))).isEqualTo("7");
            assertThat(maxThreads(session(id))).isEqualTo("7");
            assertThat(maxThreads(call())).isEqualTo(baseline);
            assertThat(maxThreads(session(UUID.randomUUID().toString()))).isEqualTo(baseline);
        }

        @Test
        void usePersistsWithinTheSession() {
            String id = UUID.randomUUID().toString();
            session(id).noDatabase().post("USE " + db).ok();
            assertThat(session(id).noDatabase().post("SELECT currentDatabase()").ok().text()).isEqualTo(db + "\n");
            assertThat(call().noDatabase().post("SELECT currentDatabase()").ok().text()).isEqualTo("default\n");
        }

        @Test
        void temporaryTablesPersistWithinTheSession() {
            String id = UUID.randomUUID().toString();
            session(id).post("CREATE TEMPORARY TABLE scratch (a UInt8)").ok();
            session(id).post("INSERT INTO scratch VALUES (1), (2)").ok();
            assertThat(session(id).post("SELECT count() FROM scratch").ok().text()).isEqualTo("2\n");
        }

        @Test
        void aUrlSettingInASessionRequestLastsThatRequestOnly() {
            String id = UUID.randomUUID().toString();
            session(id).post("SET max_threads = 7").ok();
            assertThat(maxThreads(session(id).param("max_threads", "5"))).isEqualTo("5");
            assertThat(maxThreads(session(id))).as("the session's own SET after a one-request setting").isEqualTo("7");
        }

        @Test
        void aGetRequestDoesNotEndTheSession() {
            String id = UUID.randomUUID().toString();
            session(id).post("SET max_threads = 7").ok();
            assertThat(session(id).param("query", "SELECT getSetting('max_threads')").get().ok().text()).isEqualTo("7\n");
            assertThat(maxThreads(session(id))).as("after a GET in the session").isEqualTo("7");
        }

        @Test
        void aDatabaseParameterInASessionRequestLastsThatRequestOnly() {
            String id = UUID.randomUUID().toString();
            session(id).noDatabase().post("USE " + db).ok();
            assertThat(session(id).noDatabase().param("database", "system").post("SELECT currentDatabase()").ok().text())
                    .isEqualTo("system\n");
            assertThat(session(id).noDatabase().post("SELECT currentDatabase()").ok().text())
                    .as("the session's own USE after a one-request database").isEqualTo(db + "\n");
        }

        @Test
        void aSessionExpiresAfterItsTimeout() {
            String id = UUID.randomUUID().toString();
            session(id).param("session_timeout", "1").post("SET max_threads = 7").ok();
            assertThat(maxThreads(session(id).param("session_timeout", "1").param("session_check", "1"))).isEqualTo("7");
            sleep(2_500);
            session(id).param("session_check", "1").post("SELECT 1").fails(372);
        }

        @Test
        void sequentialRequestsInOneSessionNeverFindItLocked() {
            // The next request may start the moment the previous answer is read: the session must be free by then.
            String id = UUID.randomUUID().toString();
            for (int i = 0; i < 1000; i++) {
                Reply reply = session(id).post("SELECT " + i);
                assertThat(reply.code()).as("request %d: %s", i, reply.text()).isZero();
                assertThat(reply.text()).isEqualTo(i + "\n");
            }
        }

        @Test
        void sessionCheckOfAnUnknownSessionIsCode372() {
            session(UUID.randomUUID().toString()).param("session_check", "1").post("SELECT 1").fails(372);
        }

        @Test
        void aSessionServesOneRequestAtATime() {
            String id = UUID.randomUUID().toString();
            session(id).post("SELECT 1").ok();
            CompletableFuture<HttpResponse<String>> busy = HTTP.sendAsync(
                    session(id).request().POST(BodyPublishers.ofString("SELECT sleep(1.5)")).build(), BodyHandlers.ofString());
            try {
                sleep(400);
                session(id).post("SELECT 1").fails(373);
            } finally {
                assertThat(busy.join().statusCode()).isEqualTo(200);
            }
        }
    }

    @Nested
    class WaitEndOfQuery {

        @Test
        void theWholeBodyComesWithAContentLength() {
            String query = "SELECT number FROM numbers(300000)";
            Reply streamed = call().post(query).ok();
            Reply waited = call().param("wait_end_of_query", "1").post(query).ok();
            assertThat(waited.body()).isEqualTo(streamed.body());
            assertThat(waited.header("Content-Length")).isEqualTo(Integer.toString(waited.body().length));
            assertThat(waited.header("Transfer-Encoding")).isNull();
        }

        @Test
        void anErrorIsAnHttpErrorWithWaitEndOfQuery() {
            String query = "SELECT number, throwIf(number = 300000, 'boom') FROM numbers(1000000)";
            Reply reply = call().param("wait_end_of_query", "1").param("max_block_size", "1000").post(query);
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.code()).isEqualTo(395);
        }
    }

    @Nested
    class LargeResults {

        private static final long ROWS = 20_000_000;
        private static final String QUERY = "SELECT number FROM numbers(" + ROWS + ") FORMAT RowBinary";

        @Test
        void aResultOf160MegabytesIsReadCompletely() throws Exception {
            HttpResponse<InputStream> response = HTTP.send(call().request().POST(BodyPublishers.ofString(QUERY)).build(),
                    BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long expected = 0;
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[1 << 20];
                ByteBuffer numbers = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
                int n;
                while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                    assertThat(n % 8).isZero();
                    for (int i = 0; i < n; i += 8) {
                        if (numbers.getLong(i) != expected) {
                            fail("value " + expected + " came as " + numbers.getLong(i));
                        }
                        expected++;
                    }
                }
            }
            assertThat(expected).isEqualTo(ROWS);
        }

        @Test
        void readersClosingEarlyDoNotBreakTheServer() throws Exception {
            // More early closes than the server runs queries at once: a leaked slot would show.
            for (int i = 0; i < 40; i++) {
                try (RawConnection connection = new RawConnection()) {
                    connection.send(RawConnection.post("/", QUERY));
                    connection.in.readNBytes(64 * 1024);
                }
            }
            HttpResponse<InputStream> response = HTTP.send(call().request().POST(BodyPublishers.ofString(QUERY)).build(),
                    BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                assertThat(in.readNBytes(1 << 20)).hasSize(1 << 20);
            }
            assertThat(call().post("SELECT count() FROM numbers(1000)").ok().text()).isEqualTo("1000\n");
            assertThat(call().post("SELECT sum(number) FROM (" + QUERY.replace(" FORMAT RowBinary", "") + ")").ok().text())
                    .isEqualTo(ROWS * (ROWS - 1) / 2 + "\n");
        }
    }

    @Nested
    class HostileClients {

        @Test
        void anOversizedHeaderBlockIsRefused() throws IOException {
            try (RawConnection connection = new RawConnection()) {
                connection.send("GET /?query=SELECT%201 HTTP/1.1\r\nHost: localhost\r\n");
                String big = "X-Padding: " + "a".repeat(64 * 1024) + "\r\n";
                try {
                    for (int i = 0; i < 64; i++) {
                        connection.send(big);
                    }
                    connection.send("\r\n");
                    RawResponse response = connection.readOrNull();
                    if (response != null) {
                        assertThat(response.status()).isGreaterThanOrEqualTo(400);
                    }
                } catch (IOException dropped) {
                    // the server closed the connection: refused
                }
            }
            assertServerServes();
        }

        @Test
        void aBodyCutShortOfItsContentLengthStoresNothing() throws IOException {
            String table = table("id UInt32, s String");
            try (RawConnection connection = new RawConnection()) {
                connection.send("POST /?database=" + db + "&query=" + encode("INSERT INTO " + table + " FORMAT TSV")
                        + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n");
                connection.send("1\ta\n2\tb\n".repeat(1000));
                sleep(200);
            }
            sleep(500);
            assertServerServes();
            assertThat(count(table)).isZero();
        }

        @Test
        void aChunkedBodyCutShortStoresNothing() throws IOException {
            String table = table("id UInt32, s String");
            try (RawConnection connection = new RawConnection()) {
                connection.send("POST /?database=" + db + "&query=" + encode("INSERT INTO " + table + " FORMAT TSV")
                        + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
                String rows = "1\ta\n2\tb\n".repeat(1000);
                connection.send(Integer.toHexString(rows.length()) + "\r\n" + rows + "\r\n");
                sleep(200);
            }
            sleep(500);
            assertServerServes();
            assertThat(count(table)).isZero();
        }

        @Test
        void unknownInputFormatIsCode73() {
            String table = table("id UInt32");
            insert(table, "NoSuchFormat", "1\n").fails(73);
            call().post("INSERT INTO " + table + " FORMAT NoSuchFormat\n1\n").fails(73);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/?query=SELECT%2", "/?query=SELECT%zz1", "/?query=%"})
        void aMalformedUrlEscapeIsABadRequest(String target) throws IOException {
            try (RawConnection connection = new RawConnection()) {
                connection.send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawResponse response = connection.read();
                assertThat(response.status()).isEqualTo(400);
            }
            assertServerServes();
        }

        @Test
        void garbageInsteadOfARequestDoesNotKillTheServer() throws IOException {
            byte[] garbage = new byte[64 * 1024];
            new Random(1).nextBytes(garbage);
            try (RawConnection connection = new RawConnection()) {
                try {
                    connection.send(garbage);
                    connection.readOrNull();
                } catch (IOException dropped) {
                    // fine: the server hung up
                }
            }
            try (RawConnection connection = new RawConnection()) {
                connection.send("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003"); // a TLS hello
            }
            try (RawConnection connection = new RawConnection()) {
                connection.send("GET /?query=SEL"); // half a request line, then gone
            }
            assertServerServes();
        }

        @Test
        void anUnsupportedMethodIsAnError() {
            Reply reply = send(call().request().method("PUT", BodyPublishers.ofString("SELECT 1")));
            assertThat(reply.status()).isGreaterThanOrEqualTo(400);
            assertThat(reply.text()).doesNotStartWith("1");
        }

        private void assertServerServes() {
            assertThat(call().noDatabase().path("/ping").get().ok().text()).isEqualTo("Ok.\n");
            assertThat(call().post("SELECT 1").ok().text()).isEqualTo("1\n");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A request being put together: path, URL parameters (database of this test by default), headers. */
    static final class Call {
        private final String base;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final List<String[]> headers = new ArrayList<>();
        private String path = "/";

        Call(String base) {
            this.base = base;
        }

        Call param(String name, String value) {
            params.put(name, value);
            return this;
        }

        Call header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Call path(String path) {
            this.path = path;
            return this;
        }

        Call noDatabase() {
            params.remove("database");
            return this;
        }

        URI uri() {
            String query = params.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
            return URI.create(base + path + (query.isEmpty() ? "" : "?" + query));
        }

        HttpRequest.Builder request() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(90));
            headers.forEach(h -> builder.header(h[0], h[1]));
            return builder;
        }

        Reply get() {
            return send(request().GET());
        }

        Reply post(String body) {
            return post(body.getBytes(UTF_8));
        }

        Reply post(byte[] body) {
            return post(BodyPublishers.ofByteArray(body));
        }

        Reply post(BodyPublisher body) {
            return send(request().POST(body));
        }
    }

    /** An answer read whole. */
    record Reply(int status, HttpHeaders headers, byte[] body) {

        String text() {
            return new String(body, UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** {@code X-ClickHouse-Exception-Code}, 0 when absent. */
        int code() {
            String code = header("X-ClickHouse-Exception-Code");
            return code == null ? 0 : Integer.parseInt(code.trim());
        }

        Reply ok() {
            assertThat(status).as("HTTP status; body: %s", text()).isEqualTo(200);
            return this;
        }

        /** Asserts a ClickHouse error: an HTTP error status, the code header and the usual body. */
        Reply fails(int expectedCode) {
            fails();
            assertThat(code()).as("exception code; body: %s", text()).isEqualTo(expectedCode);
            assertThat(text()).startsWith("Code: " + expectedCode + ". DB::Exception:");
            return this;
        }

        Reply fails() {
            assertThat(status).as("HTTP status; body: %s", text()).isGreaterThanOrEqualTo(400);
            assertThat(code()).as("exception code; body: %s", text()).isPositive();
            return this;
        }
    }

    static Call call() {
        return new Call(server.httpUrl()).param("database", db);
    }

    static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a statement in the test database and returns its TabSeparated output. */
    static String sql(String statement) {
        return call().post(statement).ok().text();
    }

    /** Whether the test database has {@code table} (asked through system.tables, a plain SELECT). */
    static boolean exists(String table) {
        return call().param("param_t", table)
                .post("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = {t:String}")
                .ok().text().equals("1\n");
    }

    static long count(String table) {
        return Long.parseLong(sql("SELECT count() FROM " + table).strip());
    }

    /** A new MergeTree table in the test database. */
    static String table(String columns) {
        String name = "t" + TABLES.incrementAndGet();
        sql("CREATE TABLE " + name + " (" + columns + ") ENGINE = MergeTree ORDER BY tuple()");
        return name;
    }

    static Reply insert(String table, String format, String data) {
        return insert(table, format, data.getBytes(UTF_8));
    }

    static Reply insert(String table, String format, byte[] data) {
        return call().param("query", "INSERT INTO " + table + " FORMAT " + format).post(data);
    }

    static String maxThreads(Call call) {
        return call.post("SELECT getSetting('max_threads')").ok().text().strip();
    }

    static long summary(Reply reply, String field) {
        String summary = reply.header("X-ClickHouse-Summary");
        assertThat(summary).as("X-ClickHouse-Summary").isNotNull();
        Matcher matcher = Pattern.compile("\"" + field + "\":\"?(\\d+)").matcher(summary);
        assertThat(matcher.find()).as("%s in %s", field, summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, UTF_8).replace("+", "%20");
    }

    static String hex(String text) {
        return HexFormat.of().withUpperCase().formatHex(text.getBytes(UTF_8));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static byte[] curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("curl");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("curl is not installed: the curl checks are skipped");
            throw e;
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("curl exit status").isZero();
        return out;
    }

    /**
     * POSTs {@code body} on a raw connection, sending all of it before reading anything (as
     * HttpURLConnection does), and returns the response.
     */
    static RawResponse sendWholeBodyThenRead(String target, byte[] body) throws IOException {
        try (RawConnection connection = new RawConnection()) {
            connection.send("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length + "\r\n\r\n");
            try {
                connection.send(body);
            } catch (IOException e) {
                fail("the server cut the connection while the request body was being sent: " + e);
            }
            sleep(200);
            return connection.read();
        }
    }

    /** RowBinary encoding of the few types these tests use. */
    static final class RowBinary {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        RowBinary u32(long value) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        RowBinary u64(long value) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        RowBinary string(byte[] value) {
            long length = value.length;
            do {
                int b = (int) (length & 0x7f);
                length >>>= 7;
                out.write(length == 0 ? b : b | 0x80);
            } while (length != 0);
            out.writeBytes(value);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** An HTTP/1.1 response read off a raw socket. */
    record RawResponse(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, UTF_8);
        }
    }

    /** A plain socket to the server, for requests no well-behaved client would send. */
    static final class RawConnection implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        RawConnection() throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        static String get(String target) {
            return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        }

        static String post(String target, String body) {
            byte[] bytes = body.getBytes(UTF_8);
            return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body;
        }

        void send(String text) throws IOException {
            send(text.getBytes(UTF_8));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next response, or null when the server closed or reset the connection instead. */
        RawResponse readOrNull() {
            try {
                return read();
            } catch (IOException e) {
                return null;
            }
        }

        RawResponse read() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed before a response");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body;
            if (status / 100 == 1 || status == 204 || status == 304) {
                body = new byte[0];
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    chunks.writeBytes(in.readNBytes(size));
                    line();
                }
                line();
                body = chunks.toByteArray();
            } else {
                body = in.readAllBytes();
            }
            return new RawResponse(status, headers, body);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(ISO_8859_1);
                }
                line.write(b);
            }
            String text = line.toString(ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
