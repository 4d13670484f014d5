package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aiusage run} calling a model through the real SDKs, against the in-process provider server. */
class RunWithProviderTest {

    @TempDir
    Path dir;

    private ProviderServer server;

    @BeforeEach
    void start() {
        server = ProviderServer.start().answers(request -> request.path().endsWith("/embeddings")
                ? ModelAnswer.of("", 12, 0)
                : ModelAnswer.of(ModelRuns.ANSWER, 300, 30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] run(String... extra) {
        return ModelRuns.run(dir, RunCommandTest.SAMPLES, extra);
    }

    @Test
    void aBaseUrlSendsEveryReceiptToTheModelAndRecordsEachCall() throws IOException {
        Cli cli = Cli.run(run("--base-url", server.openAiBaseUrl()));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("extractor: openai gpt-4o-mini at " + server.openAiBaseUrl() + " (--base-url is set)");
        assertThat(Files.readAllLines(dir.resolve("out/j1/results.jsonl"))).hasSize(3).allSatisfy(line ->
                assertThat(line).contains("\"status\":\"ok\"").contains("\"total\":\"17.28\""));
        assertThat(server.requestCount()).isEqualTo(3);
        Cli report = Cli.run("report", "--ledger", dir.resolve("usage.db").toString(), "--by", "operation", "--format", "json");
        JsonNode rows = new ObjectMapper().readTree(report.out()).path("rows");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.path("group").path("operation").asText()).isEqualTo("extract");
            assertThat(row.path("calls").asLong()).isEqualTo(3);
        });
    }

    @Test
    void embedAddsAnEmbeddingsCallPerReceiptAndWritesTheVectors() throws IOException {
        Cli cli = Cli.run(run("--provider", "openai", "--base-url", server.openAiBaseUrl(), "--embed"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/j1/embeddings.jsonl"))).hasSize(3);
        assertThat(server.requests().stream().filter(request -> request.path().endsWith("/embeddings")).count()).isEqualTo(3);
    }

    @Test
    void anthropicIsCalledThroughItsOwnSdk() {
        Cli cli = Cli.run(run("--provider", "anthropic", "--base-url", server.anthropicBaseUrl()));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("extractor: anthropic claude-haiku-4-5");
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/messages"));
    }

    @Test
    void anAnthropicBaseUrlGivenWithItsVersionWorksToo() {
        Cli cli = Cli.run(run("--provider", "anthropic", "--base-url", server.anthropicBaseUrl() + "/v1/"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/messages"));
    }

    @Test
    void aReceiptThatFailsSaysWhyNotJustThatTheRequestFailed() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli cli = Cli.run(run("--base-url", "http://127.0.0.1:" + closedPort + "/v1"));

        assertThat(cli.exitCode()).isEqualTo(ExitCode.FAILURES);
        assertThat(Files.readAllLines(dir.resolve("out/j1/results.jsonl"))).hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("ConnectException"));
    }

    @Test
    void aProviderWithNoKeyAndNoBaseUrlIsAUsageErrorBeforeAnyWork() {
        Cli cli = Cli.run(run("--provider", "openai"));

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err().strip()).isEqualTo("aiusage: no API key for openai: set OPENAI_API_KEY, or give --base-url");
        assertThat(dir.resolve("usage.db")).doesNotExist();
    }

    @Test
    void badProviderOptionsAreUsageErrors() {
        assertThat(Cli.run(run("--base-url", "ftp://host/v1")).err()).contains("must be an http:// or https:// URL");
        assertThat(Cli.run(run("--base-url", "not a url")).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run(run("--embed")).err()).contains("--embed needs a model provider");
        assertThat(Cli.run(run("--provider", "anthropic", "--base-url", server.anthropicBaseUrl(), "--embed")).err())
                .contains("Anthropic has no embeddings API");
        assertThat(Cli.run(run("--base-url", server.openAiBaseUrl(), "--timeout", "0")).err())
                .contains("--timeout must be between 1 and 3600 seconds");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void theKeyFromTheEnvironmentIsNeverPrintedStoredOrWritten() throws Exception {
        String key = "sk-live-very-secret-0042";
        server.fault(new Fault.EchoCredentials(), new Fault.EchoCredentials(), new Fault.EchoCredentials());
        Path ledger = dir.resolve("usage.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--job", "jk", "--out", dir.resolve("out").toString(), "--ledger", ledger.toString(),
                "--concurrency", "1", RunCommandTest.SAMPLES.toString())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI") || name.startsWith("ANTHROPIC") || name.startsWith("AIUSAGE"));
        builder.environment().putAll(Map.of("OPENAI_API_KEY", key, "OPENAI_BASE_URL", server.openAiBaseUrl()));
        Process child = builder.start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String stderr = Files.readString(dir.resolve("stderr"));
        assertThat(child.exitValue()).as(stderr).isEqualTo(ExitCode.FAILURES);
        assertThat(stderr).contains("(OPENAI_API_KEY is set)");
        assertThat(server.requests()).anySatisfy(request -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + key));
        String results = Files.readString(dir.resolve("out/jk/results.jsonl"));
        assertThat(results).contains("[redacted]");
        for (Path written : List.of(dir.resolve("stdout"), dir.resolve("stderr"), dir.resolve("out/jk/results.jsonl"), ledger)) {
            assertThat(new String(Files.readAllBytes(written), StandardCharsets.ISO_8859_1)).as(written.toString()).doesNotContain(key);
        }
    }
}
