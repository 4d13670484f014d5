package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.jobs.SroieData;
import dev.aiusage.jobs.llm.ReceiptModel;
import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SROIE job in a child process calling the in-process provider server, stopped by SIGINT, SIGTERM
 * and SIGKILL at points the model's request count chooses, then resumed.
 */
class InterruptAndResumeTest {

    private static final int RECEIPTS = 85;
    private static final int CONCURRENCY = 8;

    @TempDir
    Path dir;

    private ProviderServer server;
    private final AtomicReference<CountDownLatch> requests = new AtomicReference<>(new CountDownLatch(0));
    private Path sroie;

    @BeforeEach
    void start() {
        sroie = SroieData.folderOrSkip().resolve("ocr");
        ReceiptModel model = new ReceiptModel();
        server = ProviderServer.start().latency(Duration.ofMillis(60)).answers(request -> {
            requests.get().countDown();
            return model.apply(request);
        });
    }

    @AfterEach
    void stop() {
        if (server != null) { // null when the SROIE receipts are absent and the test was skipped
            server.close();
        }
    }

    private ChildRun run(String name, String job, Path ledger) throws IOException {
        return ChildRun.start(dir, name, "run", "--job", job, "--out", dir.resolve("out").toString(),
                "--ledger", ledger.toString(), "--base-url", server.openAiBaseUrl(), "--concurrency", "" + CONCURRENCY,
                "--batch-size", "10", "--progress", "never", "--grace", "30", sroie.toString());
    }

    /** Returns once the model has been asked this many more times. */
    private void awaitRequests(int count) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(count);
        requests.set(latch);
        assertThat(latch.await(60, TimeUnit.SECONDS)).as("the model was asked " + count + " times").isTrue();
    }

    private List<String> results(String job) throws IOException {
        return Files.readAllLines(dir.resolve("out").resolve(job).resolve("results.jsonl"));
    }

    @Test
    void ctrlCFinishesWhatIsInFlightExits130AndTheJobResumes() throws Exception {
        Path ledger = dir.resolve("usage.db");
        ChildRun first = run("first", "j-int", ledger);
        awaitRequests(20);
        first.signal("INT");

        assertThat(first.awaitExit()).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(first.err()).contains("stopping (Ctrl-C)").contains("stopped by Ctrl-C");
        assertThat(first.out()).contains("job j-int: receipts");
        int done = results("j-int").size();
        assertThat(done).isBetween(20, RECEIPTS - 1);
        // nothing in flight was lost or cut: every call made has its receipt done
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event")).isEqualTo(done);

        ChildRun resumed = run("resumed", "j-int", ledger);
        assertThat(resumed.awaitExit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains(done + " already done");
        assertThat(uniqueFiles(results("j-int"))).hasSize(RECEIPTS);
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event")).isEqualTo(RECEIPTS);
    }

    @Test
    void sigtermStopsTheSameWayWithExit143() throws Exception {
        Path ledger = dir.resolve("usage.db");
        ChildRun first = run("first", "j-term", ledger);
        awaitRequests(10);
        first.process().destroy(); // SIGTERM

        assertThat(first.awaitExit()).as(first.err()).isEqualTo(ExitCode.TERMINATED);
        assertThat(first.err()).contains("stopped by SIGTERM");
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event")).isEqualTo(results("j-term").size());
    }

    @Test
    void interruptedThenKilledThenResumedEndsLikeAnUninterruptedRunPlusOnlyTheCallsInFlightAtTheKill() throws Exception {
        Path whole = dir.resolve("whole.db");
        assertThat(run("whole", "j-whole", whole).awaitExit()).isZero();

        Path broken = dir.resolve("broken.db");
        ChildRun interrupted = run("interrupted", "j-broken", broken);
        awaitRequests(15);
        interrupted.signal("INT");
        assertThat(interrupted.awaitExit()).isEqualTo(ExitCode.INTERRUPTED);

        ChildRun killed = run("killed", "j-broken", broken);
        awaitRequests(20);
        killed.process().destroyForcibly(); // SIGKILL: no handler, no flush
        assertThat(killed.awaitExit()).isEqualTo(137);

        ChildRun resumed = run("resumed", "j-broken", broken);
        assertThat(resumed.awaitExit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).as("the kill left receipts to do").doesNotContain("receipts 0 ok");

        List<String> lines = results("j-broken");
        assertThat(lines).hasSize(RECEIPTS);
        assertThat(uniqueFiles(lines)).hasSize(RECEIPTS);
        assertThat(Sql.column(broken, "PRAGMA integrity_check")).containsExactly("ok");
        // Receipts in flight at the kill were asked again on resume: at most one extra call each.
        long extraCalls = Sql.count(broken, "SELECT COUNT(*) - COUNT(DISTINCT json_extract(attributes, '$.receipt')) FROM usage_event");
        assertThat(extraCalls).isBetween(0L, (long) CONCURRENCY);
        assertThat(Sql.count(broken, "SELECT COUNT(*) FROM (SELECT 1 FROM usage_event"
                + " GROUP BY json_extract(attributes, '$.receipt') HAVING COUNT(*) > 2)")).isZero();
        // Take one call per receipt away: what is left is exactly the uninterrupted run's usage.
        String perReceipt = "SELECT SUM(input_tokens), SUM(output_tokens), SUM(cost_nanos) FROM usage_event"
                + " WHERE rowid IN (SELECT MIN(rowid) FROM usage_event GROUP BY json_extract(attributes, '$.receipt'))";
        assertThat(row(broken, perReceipt)).isEqualTo(row(whole, perReceipt));
        assertThat(row(whole, "SELECT SUM(input_tokens), SUM(output_tokens), SUM(cost_nanos) FROM usage_event"))
                .isEqualTo(row(whole, perReceipt));
    }

    private static String row(Path ledger, String sql) {
        String concatenated = sql.replaceFirst("SELECT SUM\\(input_tokens\\), SUM\\(output_tokens\\), SUM\\(cost_nanos\\)",
                "SELECT SUM(input_tokens) || '/' || SUM(output_tokens) || '/' || SUM(cost_nanos)");
        return Sql.column(ledger, concatenated).getFirst();
    }

    private static Set<String> uniqueFiles(List<String> lines) {
        Set<String> files = new HashSet<>();
        for (String line : lines) {
            int at = line.indexOf("\"file\":\"");
            files.add(line.substring(at, line.indexOf('"', at + 8)));
        }
        return files;
    }
}
