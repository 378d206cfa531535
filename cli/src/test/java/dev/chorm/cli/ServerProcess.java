package dev.chorm.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code chorm serve} in a child JVM, for tests that stop or kill the server. */
final class ServerProcess implements AutoCloseable {

    final Process process;
    final String url;
    private final StringBuffer output;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerProcess(Process process, String url, StringBuffer output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    static ServerProcess start(Path dataDirectory, String... jvmOptions) throws Exception {
        return start(dataDirectory, List.of(jvmOptions), List.of(), 0);
    }

    /**
     * Starts {@code chorm serve --path DIR --http-port 0 serveArgs...}; with {@code fileSizeLimitKb}
     * above 0 the process may write no file larger than that (the shell's {@code ulimit -f}).
     */
    static ServerProcess start(Path dataDirectory, List<String> jvmOptions, List<String> serveArgs, int fileSizeLimitKb)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Chorm.class.getName(),
                "serve", "--path", dataDirectory.toString(), "--http-port", "0"));
        command.addAll(serveArgs);
        if (fileSizeLimitKb > 0) {
            List<String> shell = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + fileSizeLimitKb + " && exec \"$0\" \"$@\""));
            shell.addAll(command);
            command = shell;
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> listening = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith("listening on ")) {
                        listening.complete(line.substring("listening on ".length()));
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            listening.completeExceptionally(new IllegalStateException("server exited: " + output));
        });
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServerProcess(process, listening.get(120, TimeUnit.SECONDS), output);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not start: " + output, e);
        }
    }

    /** Everything the process printed so far (stdout and stderr). */
    String output() {
        return output.toString();
    }

    /** POSTs {@code body} with {@code query} as URL parameter; returns the response. */
    HttpResponse<String> post(String query, byte[] body) throws IOException, InterruptedException {
        return post(query, body, "");
    }

    /** POSTs {@code body} with {@code query} and the extra URL parameters {@code more} ({@code &a=b...}). */
    HttpResponse<String> post(String query, byte[] body, String more) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/?query="
                        + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8) + more))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> response = post(sql, new byte[0]);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(sql + " -> " + response.statusCode() + ": " + response.body());
        }
        return response.body().strip();
    }

    /** SIGTERM; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL, no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
