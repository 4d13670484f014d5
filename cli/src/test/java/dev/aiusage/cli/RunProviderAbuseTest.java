package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile {@code run} options for the model path: base URLs, timeouts, models, and a crowd of receipts. */
class RunProviderAbuseTest {

    @TempDir
    Path dir;

    private ProviderServer server;

    @BeforeEach
    void start() {
        server = ProviderServer.start().answers(request -> ModelAnswer.of(ModelRuns.ANSWER, 300, 30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] run(Path receipts, String... extra) {
        return ModelRuns.run(dir, receipts, extra);
    }

    @ParameterizedTest(name = "--base-url ''{0}''")
    @ValueSource(strings = {"", "   ", "http://", "http:///v1", "localhost:8080/v1", "http://127.0.0.1:99999/v1",
        "http://127.0.0.1:0/v1", "http://[::1/v1", "http://exa mple.com/v1", "http://host/v1\n", "javascript:alert(1)",
        "file:///etc/passwd", "http://host:-1/v1"})
    void aHostileBaseUrlIsAUsageErrorBeforeAnyWork(String baseUrl) {
        Cli cli = Cli.run(run(RunCommandTest.SAMPLES, "--provider", "openai", "--base-url", baseUrl));

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err().strip().lines()).as(cli.err()).hasSizeLessThanOrEqualTo(2).first().asString().contains("--base-url");
        assertThat(dir.resolve("usage.db")).doesNotExist();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @ParameterizedTest(name = "--timeout ''{0}''")
    @ValueSource(strings = {"0", "-1", "3601", "99999999999999999999", "1.5", "", "1e3"})
    void anOutOfRangeTimeoutIsAUsageError(String timeout) {
        Cli cli = Cli.run(run(RunCommandTest.SAMPLES, "--base-url", server.openAiBaseUrl(), "--timeout", timeout));

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--timeout");
        assertThat(server.requestCount()).isZero();
    }

    @ParameterizedTest(name = "--model ''{0}''")
    @ValueSource(strings = {"", "  "})
    void aBlankModelIsAUsageErrorNamingTheOption(String model) {
        for (String provider : List.of("openai", "offline")) {
            List<String> extra = new ArrayList<>(List.of("--provider", provider, "--model", model));
            if (provider.equals("openai")) {
                extra.addAll(List.of("--base-url", server.openAiBaseUrl()));
            }
            Cli cli = Cli.run(run(RunCommandTest.SAMPLES, extra.toArray(String[]::new)));

            assertThat(cli.exitCode()).as(provider + ": " + cli.err()).isEqualTo(ExitCode.USAGE);
            assertThat(cli.err()).as(provider).contains("--model");
        }
        assertThat(server.requestCount()).isZero();
        assertThat(dir.resolve("usage.db")).doesNotExist();
    }

    @Test
    void aWeirdModelNameIsSentAsIsAndRecordedUnpriced() {
        String model = "my/model:latest\u00e9 \"quoted\"";

        Cli cli = Cli.run(run(RunCommandTest.SAMPLES, "--base-url", server.openAiBaseUrl(), "--model", model));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.model()).isEqualTo(model));
        assertThat(Sql.column(dir.resolve("usage.db"), "SELECT DISTINCT request_model || ' ' || COALESCE(cost_nanos, 'unpriced') FROM usage_event"))
                .containsExactly(model + " unpriced");
    }

    @Test
    void threeHundredReceiptsAtConcurrency64WithRetriesLoseAndDuplicateNothing() throws IOException {
        Path receipts = Files.createDirectories(dir.resolve("receipts"));
        String text = Files.readString(RunCommandTest.SAMPLES.resolve("corner-bakery.txt"));
        for (int receipt = 0; receipt < 300; receipt++) {
            Files.writeString(receipts.resolve("r" + receipt + ".txt"), text + "\nreceipt " + receipt);
        }
        for (int fault = 0; fault < 60; fault++) {
            server.fault(fault % 3 == 0 ? Fault.status(503) : Fault.rateLimited("0"));
        }

        Cli cli = Cli.run(run(receipts, "--base-url", server.openAiBaseUrl(), "--concurrency", "64", "--embed"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/j1/results.jsonl"))).hasSize(300)
                .allSatisfy(line -> assertThat(line).contains("\"status\":\"ok\""));
        assertThat(Files.readAllLines(dir.resolve("out/j1/embeddings.jsonl"))).hasSize(300);
        Path ledger = dir.resolve("usage.db");
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event")).isEqualTo(server.requestCount());
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event WHERE status = 'ok'")).isEqualTo(600);
        assertThat(Sql.count(ledger, "SELECT COUNT(DISTINCT call_id) FROM usage_event WHERE status = 'ok'")).isEqualTo(600);
        // A call whose three SDK attempts were all refused is made again (a new call): it has no ok attempt.
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM (SELECT call_id FROM usage_event GROUP BY call_id"
                + " HAVING SUM(status = 'ok') = 0 AND COUNT(*) <> 3)")).isZero();
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM (SELECT call_id FROM usage_event GROUP BY call_id"
                + " HAVING COUNT(DISTINCT scope_id) > 1 OR MAX(attempt) <> COUNT(*))")).isZero();
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event WHERE job_id IS NOT 'j1'")).isZero();
    }
}
