package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.jobs.llm.ReceiptModel;
import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attacks on {@code aiusage run}'s options, budgets and exit codes, and on stopping it with signals in
 * a child process while its calls are paused by a 429 or never answered. Moments are chosen by the
 * provider server's request counts, never by the clock.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RunnerSignalAbuseTest {

    @TempDir
    Path dir;

    private ProviderServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<CountDownLatch> stalled = new AtomicReference<>();
    private Path receipts;

    @BeforeEach
    void start() throws IOException {
        ReceiptModel model = new ReceiptModel().invalidFor("BROKEN");
        server = ProviderServer.start().answers(request -> {
            CountDownLatch stall = stalled.get();
            if (stall != null) {
                stall.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return model.apply(request);
        });
        receipts = Files.createDirectories(dir.resolve("receipts"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(receipts.resolve("shop-" + i + ".txt"),
                    "KEDAI " + i + " SDN BHD\nDATE: 0" + i + "/01/2024\nTOTAL RM " + i + ".50\n");
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private String[] args(String job, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--job", job, "--out", dir.resolve("out").toString(),
                "--ledger", dir.resolve("usage.db").toString(), "--progress", "never"));
        args.addAll(List.of(extra));
        args.add(receipts.toString());
        return args.toArray(String[]::new);
    }

    private List<String> results(String job) throws IOException {
        return Files.readAllLines(dir.resolve("out").resolve(job).resolve("results.jsonl"));
    }

    // --- options -------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-cost | abc", "--max-cost | -1", "--max-cost | 1e3", "--max-cost | 99999999999", "--max-cost | 0.0000000001",
        "--max-cost | ''", "--grace | -1", "--grace | 86401", "--grace | soon", "--max-rpm | 0", "--max-rpm | -5",
        "--max-rpm | 3000000000", "--max-tpm | 0", "--progress | sometimes", "--progress | ''"})
    void aBadBudgetGraceRateOrProgressIsAUsageErrorThatCreatesNothing(String option, String value) {
        Cli cli = Cli.run(args("j", option, value));

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).startsWith("aiusage: ").contains(option).doesNotContain("Exception");
        assertThat(cli.out()).isEmpty();
        assertThat(dir.resolve("usage.db")).doesNotExist();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aBudgetOnAModelWithNoPriceIsRefusedBeforeAnyWorkInsteadOfAdmittingEverything() throws IOException {
        Cli unpriced = Cli.run(args("j", "--model", "my-local-llama", "--max-cost", "0.01"));

        assertThat(unpriced.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unpriced.err()).contains("--max-cost").contains("my-local-llama has no price").contains("--prices");
        assertThat(dir.resolve("usage.db")).doesNotExist();

        Cli unpricedEmbeddings = Cli.run(args("j", "--base-url", server.openAiBaseUrl(), "--embed", "--embed-model",
                "my-embedder", "--max-cost", "0.01"));
        assertThat(unpricedEmbeddings.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unpricedEmbeddings.err()).contains("my-embedder has no price");
        assertThat(server.requestCount()).isZero();

        Path prices = Files.writeString(dir.resolve("prices.json"),
                "{\"models\": {\"my-local-llama\": {\"input\": \"1\", \"output\": \"2\"}}}");
        Cli priced = Cli.run(args("j", "--model", "my-local-llama", "--prices", prices.toString(), "--max-cost", "0.01"));
        assertThat(priced.exitCode()).as(priced.err()).isZero();
    }

    // --- exit codes ----------------------------------------------------------------------------------

    @Test
    void aBudgetStopWithFailedReceiptsExitsFour() throws IOException {
        Files.writeString(receipts.resolve("a-blank.txt"), "");

        Cli cli = Cli.run(args("j", "--max-cost", "0.000001"));

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCode.BUDGET);
        assertThat(cli.out()).contains("receipts 1 ok, 1 failed").contains("2 not started");
        assertThat(cli.err()).contains("stopped at the spending limit");
        long events = Sql.count(dir.resolve("usage.db"), "SELECT COUNT(*) FROM usage_event");

        Cli again = Cli.run(args("j", "--max-cost", "0.000001"));

        assertThat(again.exitCode()).as("the budget is spent; the rest stays to do").isEqualTo(ExitCode.BUDGET);
        assertThat(again.out()).contains("receipts 0 ok, 0 failed, 2 already done (1 of them failed; --retry-failed redoes them)");
        assertThat(Sql.count(dir.resolve("usage.db"), "SELECT COUNT(*) FROM usage_event")).isEqualTo(events);
    }

    @Test
    void aBudgetSpentByEarlierRunsWithNothingLeftToDoReportsTheEarlierFailuresNotTheBudget() throws IOException {
        Files.writeString(receipts.resolve("a-blank.txt"), "");
        assertThat(Cli.run(args("j")).exitCode()).isEqualTo(ExitCode.FAILURES);

        Cli again = Cli.run(args("j", "--max-cost", "0.000001"));

        assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.FAILURES);
        assertThat(again.out()).contains("4 already done (1 of them failed; --retry-failed redoes them)").doesNotContain("not started");
        assertThat(again.err()).doesNotContain("spending limit");
    }

    @Test
    void aZeroBudgetStartsNothingAndExitsFour() throws IOException {
        Cli cli = Cli.run(args("j", "--max-cost", "$0"));

        assertThat(cli.exitCode()).isEqualTo(ExitCode.BUDGET);
        assertThat(cli.out()).contains("receipts 0 ok, 0 failed, 3 not started");
        assertThat(results("j")).isEmpty();
    }

    // --- signals -------------------------------------------------------------------------------------

    private ChildRun child(String name, String job, String... extra) throws IOException {
        return ChildRun.start(dir, name, args(job, extra));
    }

    /** Returns once the condition holds, while the child still runs. */
    private static void awaitWhileRunning(ChildRun child, String what, Callable<Boolean> condition) throws Exception {
        while (!condition.call()) {
            if (child.process().waitFor(20, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the child ended before " + what + ": " + child.err());
            }
        }
    }

    @Test
    void ctrlCWhileAReceiptIsPausedByA429CancelsItWhenTheGraceEndsAndTheJobResumes() throws Exception {
        // The SDK retries twice at once; the third 429 asks for an hour, so the extractor pauses every receipt.
        server.fault(Fault.rateLimited("0"), Fault.rateLimited("0"), Fault.rateLimited("3600"));
        ChildRun first = child("first", "j-429", "--base-url", server.openAiBaseUrl(), "--concurrency", "1", "--grace", "1");
        awaitWhileRunning(first, "the receipt was told 429 three times", () -> server.requestCount() == 3);

        first.signal("INT");

        assertThat(first.awaitExit()).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(first.out()).contains("receipts 0 ok, 0 failed, 1 cancelled, 2 not started");
        assertThat(first.err()).contains("stopped by Ctrl-C");
        assertThat(results("j-429")).isEmpty();

        ChildRun resumed = child("resumed", "j-429", "--base-url", server.openAiBaseUrl());
        assertThat(resumed.awaitExit()).as(resumed.err()).isZero();
        assertThat(results("j-429")).hasSize(3);
    }

    @Test
    void aSecondCtrlCCancelsCallsThatNeverAnswerAtOnceAndExits130DespiteEarlierFailures() throws Exception {
        Files.writeString(receipts.resolve("broken.txt"), "BROKEN SHOP\nTOTAL RM 1.00\n");
        Cli failing = Cli.run(args("j-stall", "--base-url", server.openAiBaseUrl()));
        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(ExitCode.FAILURES);
        Files.writeString(receipts.resolve("shop-4.txt"), "KEDAI 4 SDN BHD\nDATE: 04/01/2024\nTOTAL RM 4.50\n");
        CountDownLatch stalls = new CountDownLatch(1);
        stalled.set(stalls);

        ChildRun second = child("second", "j-stall", "--base-url", server.openAiBaseUrl(), "--grace", "600");
        assertThat(stalls.await(60, TimeUnit.SECONDS)).as("the new receipt's call is in flight").isTrue();
        second.signal("INT");
        awaitWhileRunning(second, "it said it stops", () -> second.err().contains("stopping (Ctrl-C)"));
        second.signal("INT");

        assertThat(second.awaitExit()).as(second.err()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(second.err()).contains("stopping now");
        assertThat(second.out()).contains("4 already done (1 of them failed; --retry-failed redoes them)").contains("1 cancelled");
        assertThat(results("j-stall")).hasSize(4);

        stalled.set(null);
        ChildRun resumed = child("resumed", "j-stall", "--base-url", server.openAiBaseUrl());
        assertThat(resumed.awaitExit()).as(resumed.err()).isEqualTo(ExitCode.FAILURES);
        assertThat(resumed.out()).contains("receipts 1 ok, 0 failed, 4 already done (1 of them failed; --retry-failed redoes them)");
        assertThat(results("j-stall")).hasSize(5);
    }
}
