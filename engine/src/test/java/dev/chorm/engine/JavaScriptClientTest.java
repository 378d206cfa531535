package dev.chorm.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ClickHouse's official JavaScript client ({@code @clickhouse/client}, from npm, pinned) works
 * against the embedded server: ping, compressed insert and query, parameters, errors, streaming.
 * Needs node and npm on the PATH (skipped, and says so, without them).
 */
class JavaScriptClientTest {

    private static final String CLIENT = "@clickhouse/client@1.23.1";

    @Test
    void theOfficialJavaScriptClientWorksAgainstTheEmbeddedServer() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for this test");
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "chorm", "js-client-1.23.1");
        if (!Files.isDirectory(dir.resolve("node_modules/@clickhouse/client"))) {
            Files.createDirectories(dir);
            run(dir, List.of("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", dir.toString(), CLIENT));
        }
        Path script = dir.resolve("client-check.mjs");
        try (var in = getClass().getResourceAsStream("/js/client-check.mjs")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String database = SharedServer.freshDatabase(getClass());
        String output = run(dir, List.of("node", script.toString(), SharedServer.get().httpUrl(), database));

        assertThat(output).contains("\"ping\":true")
                .contains("\"s\":\"quote ' backslash \\\\ blank\\n\\nline\"")
                .contains("\"m\":{\"x\":1}").contains("\"a\":[1,null]")
                .contains("\"s\":\"é ✓\"").contains("\"a\":[]")
                .contains("\"param\":42")
                .contains("\"error\":{\"code\":\"60\",\"type\":\"UNKNOWN_TABLE\"}")
                .contains("\"streamed\":300000");
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", command, text).isZero();
        return text;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
