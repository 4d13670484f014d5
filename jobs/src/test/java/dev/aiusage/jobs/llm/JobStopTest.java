package dev.aiusage.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.jobs.JobConfig;
import dev.aiusage.jobs.JobControl;
import dev.aiusage.jobs.JobOptions;
import dev.aiusage.jobs.JobOutcome;
import dev.aiusage.jobs.ReceiptJob;
import dev.aiusage.jobs.SpendMeter;
import dev.aiusage.jobs.SpendingLimit;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.Money;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a job on purpose (signals, the grace period, a budget) and resuming it, calling a model over HTTP. */
class JobStopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECEIPTS = 24;

    @TempDir
    Path dir;

    private ProviderServer server;
    private Path receipts;
    private Path ledger;

    @BeforeEach
    void start() throws IOException {
        server = ProviderServer.start().answers(new ReceiptModel()).latency(Duration.ofMillis(150));
        receipts = Files.createDirectories(dir.resolve("receipts"));
        for (int i = 1; i <= RECEIPTS; i++) {
            Files.writeString(receipts.resolve("shop-" + i + ".txt"),
                    "KEDAI " + i + " SDN BHD\nDATE: 0" + (i % 9 + 1) + "/01/2024\nTOTAL RM " + i + ".50\n");
        }
        ledger = dir.resolve("usage.db");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs the job; {@code during} sees the running job and its control from another thread once it starts. */
    private JobOutcome run(JobOptions options, SpendMeterHolder meterHolder, Consumer<ReceiptJob> during) {
        JobConfig config = new JobConfig("job-s", dir.resolve("out/job-s"), 6, 4, "gpt-4o-mini", ReceiptReader.DEFAULT_MAX_BYTES);
        try (SpendMeter meter = new SpendMeter(Recorder.toLedger(Ledger.open(ledger)))) {
            meterHolder.meter = meter;
            Tracker tracker = Tracker.create(meter);
            ProviderSettings settings = new ProviderSettings(ProviderSettings.Kind.OPENAI, server.openAiBaseUrl(), null,
                    "gpt-4o-mini", null, 4, Duration.ofSeconds(30));
            JobOptions resolved = meterHolder.limit == null ? options
                    : new JobOptions(options.retryFailed(), new SpendingLimit(meterHolder.limit, meterHolder.spentBefore, meterHolder.earlierPerReceipt, meter),
                            options.control());
            try (LlmReceiptExtractor extractor = LlmReceiptExtractor.create(settings, tracker, PriceCatalog.bundled(), config.outputDir())) {
                ReceiptJob job = new ReceiptJob(config, tracker, extractor, resolved);
                Thread watcher = Thread.ofVirtual().start(() -> during.accept(job));
                JobOutcome outcome = job.run(ReceiptFiles.find(List.of(receipts)));
                watcher.interrupt();
                return outcome;
            }
        }
    }

    private static final class SpendMeterHolder {
        SpendMeter meter;
        Money limit;
        Money spentBefore = Money.ZERO;
        Money earlierPerReceipt;
    }

    private static void awaitFinished(ReceiptJob job, int atLeast) {
        while (job.progress().ok() + job.progress().failed() < atLeast) {
            Thread.onSpinWait();
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private List<JsonNode> results() throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out/job-s/results.jsonl"))) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void anInterruptLetsReceiptsInFlightFinishAndTheResumedRunDoesTheRest() throws IOException {
        JobControl control = new JobControl(Duration.ofSeconds(30));

        JobOutcome stopped = run(new JobOptions(false, null, control), new SpendMeterHolder(), job -> {
            awaitFinished(job, 4);
            control.requestStop(JobControl.Stop.INTERRUPT);
        });

        assertThat(stopped.stopped()).isEqualTo(JobControl.Stop.INTERRUPT);
        assertThat(stopped.cancelled()).isZero();
        assertThat(stopped.notStarted()).isPositive();
        assertThat(results()).hasSize(stopped.ok());
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event")).isEqualTo(stopped.ok());

        JobOutcome resumed = run(JobOptions.defaults(), new SpendMeterHolder(), job -> { });

        assertThat(resumed.stopped()).isNull();
        assertThat(resumed.alreadyDone()).isEqualTo(stopped.ok());
        assertThat(resumed.ok()).isEqualTo(RECEIPTS - stopped.ok());
        assertThat(uniqueFiles(results())).hasSize(RECEIPTS);
        assertThat(results()).hasSize(RECEIPTS);
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event")).isEqualTo(RECEIPTS);
        assertThat(jobSummary().itemsOk()).isEqualTo(RECEIPTS);
        try (Ledger opened = Ledger.openExisting(ledger)) {
            var batches = opened.job("job-s").orElseThrow().batches();
            assertThat(batches).extracting(dev.aiusage.ledger.JobDetail.Batch::batchId).doesNotHaveDuplicates();
            assertThat(batches.stream().mapToLong(dev.aiusage.ledger.JobDetail.Batch::itemsOk).sum()).isEqualTo(RECEIPTS);
        }
    }

    private dev.aiusage.ledger.JobSummary jobSummary() {
        try (Ledger opened = Ledger.openExisting(ledger)) {
            return opened.jobs(null, null).stream().filter(job -> job.jobId().equals("job-s")).findFirst().orElseThrow();
        }
    }

    @Test
    void afterTheGracePeriodReceiptsInFlightAreCancelledNotFailedAndRedoneOnResume() throws IOException {
        server.latency(Duration.ofSeconds(20));
        JobControl control = new JobControl(Duration.ZERO);

        JobOutcome stopped = run(new JobOptions(false, null, control), new SpendMeterHolder(), job -> {
            while (server.requestCount() < 4 && !Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait(); // four calls are at the model
            }
            control.requestStop(JobControl.Stop.INTERRUPT);
        });

        assertThat(stopped.cancelled()).isEqualTo(4);
        assertThat(stopped.failed()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/job-s/results.jsonl"))).isEmpty();
        assertThat(Sql.count(ledger, "SELECT COALESCE(SUM(items_failed), 0) FROM scope_record WHERE operation = 'batch'")).isZero();

        server.latency(Duration.ZERO);
        JobOutcome resumed = run(JobOptions.defaults(), new SpendMeterHolder(), job -> { });
        assertThat(resumed.ok()).isEqualTo(RECEIPTS);
        assertThat(jobSummary().itemsFailed()).as("cancelled receipts are not failures").isZero();
        assertThat(uniqueFiles(results())).hasSize(RECEIPTS);
    }

    @Test
    void aBudgetStopsAdmittingBeforeItWouldBePassedAndTheJobStaysResumable() throws IOException {
        SpendMeterHolder first = new SpendMeterHolder();
        first.limit = Money.ZERO.plus(new Money(1)); // learn the price of one receipt: the first runs alone
        run(new JobOptions(false, null, new JobControl(Duration.ZERO)), first, job -> { });
        Money onePerReceipt = first.meter.spent();
        assertThat(onePerReceipt.nanos()).isPositive();

        SpendMeterHolder second = new SpendMeterHolder();
        second.spentBefore = onePerReceipt;
        second.earlierPerReceipt = onePerReceipt;
        second.limit = new Money(onePerReceipt.nanos() * 8 + onePerReceipt.nanos() / 2);
        JobOutcome stopped = run(new JobOptions(false, null, new JobControl(Duration.ZERO)), second, job -> { });

        assertThat(stopped.stopped()).isEqualTo(JobControl.Stop.BUDGET);
        long spent = Sql.count(ledger, "SELECT SUM(cost_nanos) FROM usage_event");
        assertThat(spent).isLessThanOrEqualTo(second.limit.nanos());
        assertThat(results()).hasSizeLessThan(RECEIPTS).hasSizeGreaterThanOrEqualTo(5);
        assertThat(stopped.notStarted()).isPositive();

        int doneBefore = results().size();
        SpendMeterHolder again = new SpendMeterHolder();
        again.spentBefore = new Money(spent);
        again.earlierPerReceipt = new Money(Math.ceilDiv(spent, results().size()));
        again.limit = second.limit;
        JobOutcome rerun = run(new JobOptions(false, null, new JobControl(Duration.ZERO)), again, job -> { });

        assertThat(rerun.stopped()).isEqualTo(JobControl.Stop.BUDGET);
        assertThat(rerun.alreadyDone()).as("what is done is still recognised").isEqualTo(doneBefore);
        assertThat(rerun.notStarted()).isEqualTo(RECEIPTS - doneBefore - rerun.ok());
        assertThat(Sql.count(ledger, "SELECT SUM(cost_nanos) FROM usage_event")).isLessThanOrEqualTo(second.limit.nanos());
    }

    @Test
    void aLongRunOf429sSlowsTheJobDownButFailsNoReceipt() {
        server.latency(Duration.ZERO);
        for (int i = 0; i < 90; i++) {
            server.fault(dev.aiusage.testkit.Fault.rateLimited("0"));
        }

        JobOutcome outcome = run(JobOptions.defaults(), new SpendMeterHolder(), job -> { });

        assertThat(outcome.failed()).isZero();
        assertThat(outcome.ok()).isEqualTo(RECEIPTS);
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event WHERE http_status = 429")).isEqualTo(90);
    }

    @Test
    void failedReceiptsAreKeptUnlessRetriedAndARetriedReceiptHasOneResultLine() throws IOException {
        server.answers(new ReceiptModel().invalidFor("KEDAI 7 "));
        JobControl control = new JobControl(Duration.ZERO);
        JobOutcome first = run(new JobOptions(false, null, control), new SpendMeterHolder(), job -> { });
        assertThat(first.failed()).isEqualTo(1);

        server.answers(new ReceiptModel());
        JobOutcome kept = run(JobOptions.defaults(), new SpendMeterHolder(), job -> { });
        assertThat(kept.failedEarlier()).isEqualTo(1);
        assertThat(kept.hasFailures()).isTrue();

        JobOutcome retried = run(new JobOptions(true, null, new JobControl(Duration.ZERO)), new SpendMeterHolder(), job -> { });
        assertThat(retried.retried()).isEqualTo(1);
        assertThat(retried.ok()).isEqualTo(1);
        assertThat(retried.hasFailures()).isFalse();
        assertThat(results()).hasSize(RECEIPTS).allSatisfy(node -> assertThat(node.path("status").asText()).isEqualTo("ok"));
        assertThat(jobSummary()).satisfies(job -> {
            assertThat(job.itemsOk()).as("each receipt counted once, by how it last ended").isEqualTo(RECEIPTS);
            assertThat(job.itemsFailed()).isZero();
        });
    }

    private static Set<String> uniqueFiles(List<JsonNode> results) {
        Set<String> files = new HashSet<>();
        results.forEach(node -> files.add(node.path("file").asText()));
        return files;
    }
}
