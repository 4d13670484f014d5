package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.jobs.JobProgress;
import dev.aiusage.pricing.Money;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressLineTest {

    private static final String ANSWER = "{\"merchant\":\"M\",\"date\":null,\"total\":\"1.00\",\"currency\":null,\"address\":null}";

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheTerminal() {
        System.clearProperty("aiusage.stderr.terminal");
    }

    @Test
    void theLineSaysDoneTotalFailuresRateEtaAndCost() {
        String line = ProgressLine.describe(new JobProgress.Snapshot(200, 40, 2, 8, 16), Money.ofUsd("0.0123"),
                Duration.ofSeconds(21));

        assertThat(line).isEqualTo("aiusage: 50/200 receipts, 2 failed, 16 in flight, 2.0/s, ETA 1m 15s, $0.0123 this run");
    }

    @Test
    void beforeAnyReceiptFinishesTheEtaIsUnknown() {
        assertThat(ProgressLine.describe(new JobProgress.Snapshot(10, 0, 0, 0, 4), Money.ZERO, Duration.ofSeconds(1)))
                .contains("ETA unknown");
    }

    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndClearedAtTheEnd() {
        System.setProperty("aiusage.stderr.terminal", "true");
        Cli cli;
        try (ProviderServer server = ProviderServer.start().latency(Duration.ofMillis(400))
                .answers(request -> ModelAnswer.of(ANSWER, 100, 10))) {
            cli = Cli.run("run", "--job", "p", "--out", dir.resolve("out").toString(), "--ledger", dir.resolve("u.db").toString(),
                    "--base-url", server.openAiBaseUrl(), "--concurrency", "1", RunCommandTest.SAMPLES.toString());
        }

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("\r\033[Kaiusage: ").contains("/3 receipts").endsWith("\r\033[K");
        assertThat(cli.out()).doesNotContain("\r");
    }

    @Test
    void offATerminalNothingIsPrintedUnlessAsked() {
        System.setProperty("aiusage.stderr.terminal", "false");

        Cli cli = Cli.run("run", "--job", "q", "--out", dir.resolve("out").toString(), "--ledger", dir.resolve("u.db").toString(),
                RunCommandTest.SAMPLES.toString());

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).doesNotContain("receipts, ").doesNotContain("\r");
    }
}
