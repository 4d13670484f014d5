package dev.aiusage.jobs.issues;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.jobs.JobConfig;
import dev.aiusage.jobs.JobControl;
import dev.aiusage.jobs.JobOptions;
import dev.aiusage.jobs.JobOutcome;
import dev.aiusage.jobs.ReceiptJob;
import dev.aiusage.jobs.SpendMeter;
import dev.aiusage.jobs.SpendingLimit;
import dev.aiusage.jobs.extract.OfflineReceiptExtractor;
import dev.aiusage.jobs.extract.ReceiptExtractor;
import dev.aiusage.jobs.llm.LlmReceiptExtractor;
import dev.aiusage.jobs.llm.ProviderSettings;
import dev.aiusage.jobs.llm.ReceiptModel;
import dev.aiusage.jobs.receipt.Receipt;
import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.Money;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ProviderServer;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attacks on the batch runner's promises: resuming, stopping, budgets and rate limits, with real files,
 * a real SQLite ledger and real HTTP to the provider server. Moments are chosen by latches and request
 * counts, never by the clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunnerAbuseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ProviderServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private Path receipts;
    private Path ledger;

    @BeforeEach
    void start() throws IOException {
        server = ProviderServer.start().answers(new ReceiptModel());
        receipts = Files.createDirectories(dir.resolve("receipts"));
        ledger = dir.resolve("usage.db");
        Files.createDirectories(dir.resolve("out"));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    /** Receipts of the same length, so each costs the same. */
    private List<Path> writeReceipts(Path folder, int count) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            files.add(Files.writeString(folder.resolve("shop-" + i + ".txt"),
                    "KEDAI " + i + " SDN BHD\nDATE: 0" + i + "/01/2024\nTOTAL RM " + i + ".50\n"));
        }
        return files;
    }

    /** One run of a job against the ledger file; the extractor is made for the run's tracker. */
    private final class Run {
        String job = "job-a";
        int concurrency = 4;
        JobControl control = new JobControl(Duration.ZERO);
        boolean retryFailed;
        Money limit;
        UnaryOperator<Recorder> recorder = UnaryOperator.identity();
        Function<Tracker, ReceiptExtractor> extractor = tracker -> new OfflineReceiptExtractor(tracker,
                PriceCatalog.bundled(), "gpt-4o-mini");
        Money spent;
        /** What happens between the count of the receipts and the run that lists them again. */
        Runnable afterCount = () -> { };
        String out = "out";
        long maxReceiptBytes = ReceiptReader.DEFAULT_MAX_BYTES;
        Path ledgerFile = ledger;

        JobOutcome on(List<Path> inputs) {
            JobConfig config = new JobConfig(job, dir.resolve(out).resolve(job), 2, concurrency, "gpt-4o-mini",
                    maxReceiptBytes);
            Ledger opened = Ledger.open(ledgerFile);
            Money before = new Money(Sql.count(ledgerFile, "SELECT COALESCE(SUM(cost_nanos), 0) FROM usage_event"
                    + " WHERE job_id = '" + job + "'"));
            try (SpendMeter meter = new SpendMeter(recorder.apply(Recorder.toLedger(opened)))) {
                Tracker tracker = Tracker.create(meter);
                SpendingLimit budget = limit == null ? null : new SpendingLimit(limit, before, null, meter);
                try (ReceiptExtractor extract = extractor.apply(tracker)) {
                    ReceiptFiles found = ReceiptFiles.find(inputs);
                    afterCount.run();
                    JobOutcome outcome = new ReceiptJob(config, tracker, extract, new JobOptions(retryFailed, budget, control, opened))
                            .run(found);
                    spent = meter.spent();
                    return outcome;
                }
            }
        }
    }

    private Function<Tracker, ReceiptExtractor> model(ProviderSettings.Kind kind, String embedModel) {
        String baseUrl = kind == ProviderSettings.Kind.OPENAI ? server.openAiBaseUrl() : server.anthropicBaseUrl();
        String model = kind == ProviderSettings.Kind.OPENAI ? "gpt-4o-mini" : "claude-haiku-4-5";
        return tracker -> LlmReceiptExtractor.create(new ProviderSettings(kind, baseUrl, null, model, embedModel, 8,
                Duration.ofSeconds(30)), tracker, PriceCatalog.bundled(), dir.resolve("out"));
    }

    private List<JsonNode> results(String job) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out").resolve(job).resolve("results.jsonl"))) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private long usageEvents() {
        return Sql.count(ledger, "SELECT COUNT(*) FROM usage_event");
    }

    // --- stopping ------------------------------------------------------------------------------------

    /** Holds the first flush (a receipt finished, its usage being made durable) until the test lets it go. */
    private static Recorder gatedOnFirstFlush(Recorder delegate, CountDownLatch flushing, CountDownLatch proceed) {
        return new Recorder() {
            @Override
            public void record(LedgerEntry entry) {
                delegate.record(entry);
            }

            @Override
            public void flush() {
                if (flushing.getCount() > 0) {
                    flushing.countDown();
                    try {
                        proceed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                delegate.flush();
            }

            @Override
            public long failedCount() {
                return delegate.failedCount();
            }

            @Override
            public long spooledCount() {
                return delegate.spooledCount();
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }

    @Test
    void aCancelLandingWhileAFinishedReceiptIsSavedNeitherBreaksTheResultsFileNorTheJob() throws IOException {
        List<Path> files = writeReceipts(receipts, 3);
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        Run run = new Run();
        run.concurrency = 1;
        run.control = new JobControl(Duration.ofSeconds(30));
        run.recorder = delegate -> gatedOnFirstFlush(delegate, flushing, proceed);
        Thread.ofVirtual().start(() -> {
            try {
                flushing.await();
            } catch (InterruptedException e) {
                return;
            }
            run.control.requestStop(JobControl.Stop.INTERRUPT);
            run.control.cancelNow(); // a second Ctrl-C, as the first receipt is being saved
            proceed.countDown();
        });

        JobOutcome stopped = run.on(List.of(receipts));

        assertThat(stopped.stopped()).isEqualTo(JobControl.Stop.INTERRUPT);
        assertThat(stopped.ok()).isEqualTo(1);
        assertThat(stopped.notStarted()).isEqualTo(2);
        assertThat(results("job-a")).singleElement().satisfies(line ->
                assertThat(line.path("status").asText()).isEqualTo("ok"));

        JobOutcome resumed = new Run().on(List.of(receipts));
        assertThat(resumed.alreadyDone()).isEqualTo(1);
        assertThat(resumed.ok()).isEqualTo(2);
        assertThat(results("job-a")).hasSize(files.size());
        assertThat(usageEvents()).isEqualTo(files.size());
    }

    @Test
    void aStopBeforeTheFirstReceiptStartsNothingAndLeavesTheJobResumable() throws IOException {
        writeReceipts(receipts, 3);
        Run run = new Run();
        run.control.requestStop(JobControl.Stop.TERMINATE);

        JobOutcome stopped = run.on(List.of(receipts));

        assertThat(stopped.stopped()).isEqualTo(JobControl.Stop.TERMINATE);
        assertThat(stopped.notStarted()).isEqualTo(3);
        assertThat(stopped.ok() + stopped.failed() + stopped.cancelled()).isZero();
        assertThat(results("job-a")).isEmpty();
        assertThat(usageEvents()).isZero();
        assertThat(new Run().on(List.of(receipts)).ok()).isEqualTo(3);
    }

    /** The names of the threads alive now, virtual ones included. */
    private List<String> liveThreads() throws IOException {
        Path dump = dir.resolve("threads-" + System.nanoTime() + ".json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        List<String> names = new ArrayList<>();
        for (JsonNode container : JSON.readTree(dump.toFile()).path("threadDump").path("threadContainers")) {
            container.path("threads").forEach(thread -> names.add(thread.path("name").asText()));
        }
        return names;
    }

    @Test
    void aStoppedRunLeavesNoThreadOfItsOwnBehind() throws IOException {
        writeReceipts(receipts, 3);
        Run run = new Run();
        run.control = new JobControl(Duration.ofMinutes(10));
        run.control.requestStop(JobControl.Stop.INTERRUPT);

        run.on(List.of(receipts));

        assertThat(liveThreads()).noneMatch(name -> name.startsWith("aiusage-"));
    }

    /** Makes every request the predicate picks wait until the test ends, counting them in. */
    private void stall(Predicate<String> path, CountDownLatch stalled) {
        ReceiptModel model = new ReceiptModel();
        server.answers(request -> {
            if (path.test(request.path())) {
                stalled.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return model.apply(request);
        });
    }

    enum StalledCall { OPENAI_CHAT, ANTHROPIC_MESSAGE, OPENAI_EMBEDDING }

    @ParameterizedTest
    @EnumSource(StalledCall.class)
    void callsThatNeverAnswerAreCancelledWhenTheGracePeriodEnds(StalledCall call) throws IOException {
        writeReceipts(receipts, 2);
        CountDownLatch stalled = new CountDownLatch(2);
        stall(path -> call != StalledCall.OPENAI_EMBEDDING || path.endsWith("/embeddings"), stalled);
        Run run = new Run();
        run.extractor = switch (call) {
            case OPENAI_CHAT -> model(ProviderSettings.Kind.OPENAI, null);
            case ANTHROPIC_MESSAGE -> model(ProviderSettings.Kind.ANTHROPIC, null);
            case OPENAI_EMBEDDING -> model(ProviderSettings.Kind.OPENAI, "text-embedding-3-small");
        };
        Thread.ofVirtual().start(() -> {
            try {
                stalled.await();
            } catch (InterruptedException e) {
                return;
            }
            run.control.requestStop(JobControl.Stop.INTERRUPT); // grace 0: cancel at once
        });

        JobOutcome stopped = run.on(List.of(receipts));

        assertThat(stopped.cancelled()).isEqualTo(2);
        assertThat(stopped.ok() + stopped.failed()).isZero();
        assertThat(results("job-a")).isEmpty();
        assertThat(Sql.count(ledger, "SELECT COALESCE(SUM(items_failed), 0) FROM scope_record WHERE operation = 'batch'"))
                .isZero();
    }

    @Test
    void aStopWhileReceiptsWaitOnTheBudgetEndsTheRunAndStartsNothingMore() throws IOException {
        writeReceipts(receipts, 5);
        CountDownLatch stalled = new CountDownLatch(1);
        stall(path -> true, stalled);
        Run run = new Run();
        run.limit = Money.ofUsd("100"); // the first receipt runs alone; the others wait for its cost
        run.extractor = model(ProviderSettings.Kind.OPENAI, null);
        Thread.ofVirtual().start(() -> {
            try {
                stalled.await();
            } catch (InterruptedException e) {
                return;
            }
            run.control.requestStop(JobControl.Stop.TERMINATE);
        });

        JobOutcome stopped = run.on(List.of(receipts));

        assertThat(stopped.stopped()).isEqualTo(JobControl.Stop.TERMINATE);
        assertThat(stopped.cancelled()).isEqualTo(1);
        assertThat(stopped.notStarted()).isEqualTo(4);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    // --- budgets -------------------------------------------------------------------------------------

    @Test
    void anUnreadableReceiptFinishingFirstDoesNotMakeTheBudgetAdmitEverything() throws IOException {
        List<Path> files = writeReceipts(receipts, 8);
        server.latency(Duration.ofMillis(100));
        Run calibrate = new Run();
        calibrate.job = "calibrate";
        calibrate.extractor = model(ProviderSettings.Kind.OPENAI, null);
        calibrate.on(List.of(files.getFirst()));
        Money perReceipt = calibrate.spent;
        Files.writeString(receipts.resolve("a-blank.txt"), ""); // first in order, fails unread at no cost
        int before = server.requestCount();

        Run run = new Run();
        run.concurrency = 8;
        run.limit = new Money(perReceipt.nanos() * 5 / 2);
        run.extractor = model(ProviderSettings.Kind.OPENAI, null);
        JobOutcome stopped = run.on(List.of(receipts));

        assertThat(stopped.stopped()).isEqualTo(JobControl.Stop.BUDGET);
        assertThat(run.spent).isLessThanOrEqualTo(run.limit);
        assertThat(server.requestCount() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void aBudgetSpentByEarlierRunsDoesNotStopAJobWithNothingLeftToDo() throws IOException {
        writeReceipts(receipts, 4);
        Files.writeString(receipts.resolve("blank.txt"), "");
        new Run().on(List.of(receipts));

        Run again = new Run();
        again.limit = new Money(1);
        JobOutcome outcome = again.on(List.of(receipts));

        assertThat(outcome.stopped()).isNull();
        assertThat(outcome.alreadyDone()).isEqualTo(5);
        assertThat(outcome.failedEarlier()).isEqualTo(1);
        assertThat(outcome.notStarted()).isZero();
        assertThat(outcome.unfinished()).isFalse();
    }

    // --- resuming ------------------------------------------------------------------------------------

    @Test
    void junkLinesALeftoverCompactionFileAndATornLineNeitherDuplicateNorRepayAReceipt() throws IOException {
        Path a = Files.createDirectories(receipts.resolve("a"));
        Path b = Files.createDirectories(receipts.resolve("b"));
        writeReceipts(a, 2);
        writeReceipts(b, 2); // the same names in another folder: other receipts
        new Run().on(List.of(receipts));
        Path results = dir.resolve("out/job-a/results.jsonl");
        String first = Files.readAllLines(results).getFirst();
        Files.writeString(results, Files.readString(results) + "garbage\n[1,2]\n{\"file\":null}\n\n" + first + "\n"
                + first.substring(0, first.length() / 2));
        Files.writeString(results.resolveSibling("results.jsonl.compacting"), "{\"file\":\"/elsewhere.txt\"}\n");

        JobOutcome resumed = new Run().on(List.of(receipts));

        assertThat(resumed.alreadyDone()).isEqualTo(4);
        assertThat(resumed.ok() + resumed.failed()).isZero();
        assertThat(usageEvents()).isEqualTo(4);
        assertThat(results("job-a")).hasSize(4).extracting(node -> node.path("file").asText()).doesNotHaveDuplicates();
        assertThat(results.resolveSibling("results.jsonl.compacting")).doesNotExist();
    }

    @Test
    void resultLinesACrashKeptFromTheFileAreTakenFromTheLedgerAndNotPaidForAgain() throws IOException {
        List<Path> files = writeReceipts(receipts, 4);
        Run first = new Run();
        first.extractor = model(ProviderSettings.Kind.OPENAI, null);
        first.on(List.of(receipts));
        Path results = dir.resolve("out/job-a/results.jsonl");
        // What a kill between the ledger's commit and the result lines leaves: usage stored, lines missing.
        String kept = Files.readAllLines(results).stream().filter(line -> line.contains("shop-1.txt")).findFirst().orElseThrow();
        Files.writeString(results, kept + "\n");
        Files.writeString(files.get(3), "KEDAI 4 SDN BHD\nDATE: 04/01/2024\nTOTAL RM 9.90\n"); // changed since: redone
        int requestsBefore = server.requestCount();

        Run resumed = new Run();
        resumed.extractor = model(ProviderSettings.Kind.OPENAI, null);
        JobOutcome outcome = resumed.on(List.of(receipts));

        assertThat(outcome.recovered()).isEqualTo(2);
        assertThat(outcome.alreadyDone()).isEqualTo(3);
        assertThat(outcome.ok()).isEqualTo(1);
        assertThat(server.requestCount() - requestsBefore).as("only the changed receipt is sent again").isEqualTo(1);
        assertThat(results("job-a")).hasSize(4).extracting(node -> node.path("file").asText()).doesNotHaveDuplicates();
        assertThat(results("job-a")).filteredOn(node -> node.path("file").asText().endsWith("shop-4.txt"))
                .singleElement().satisfies(node -> assertThat(node.path("total").asText()).isEqualTo("9.90"));
    }

    @Test
    void aJobRunAgainIntoAnotherOutputFolderFindsItsReceiptsDoneInTheLedger() throws IOException {
        writeReceipts(receipts, 3);
        Run first = new Run();
        first.extractor = model(ProviderSettings.Kind.OPENAI, null);
        first.on(List.of(receipts));
        int requestsBefore = server.requestCount();

        Run elsewhere = new Run();
        elsewhere.out = "other-out";
        elsewhere.extractor = model(ProviderSettings.Kind.OPENAI, null);
        JobOutcome outcome = elsewhere.on(List.of(receipts));

        assertThat(server.requestCount()).isEqualTo(requestsBefore);
        assertThat(outcome.recovered()).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("other-out/job-a/results.jsonl"))).hasSize(3);
    }

    @Test
    void anOlderFailureInTheLedgerNeverReplacesALaterResultForTheSameContent() throws IOException {
        writeReceipts(receipts, 1);
        Run failing = new Run();
        failing.ledgerFile = dir.resolve("other.db");
        failing.extractor = tracker -> new ReceiptExtractor() {
            @Override
            public ReceiptFields extract(Receipt receipt) {
                throw new IllegalStateException("the model was down");
            }

            @Override
            public String describe() {
                return "always failing";
            }
        };
        failing.on(List.of(receipts));
        Run retried = new Run();
        retried.retryFailed = true;
        retried.on(List.of(receipts)); // into the same folder, recorded in the usual ledger

        Run backOnTheOtherLedger = new Run();
        backOnTheOtherLedger.ledgerFile = dir.resolve("other.db");
        JobOutcome outcome = backOnTheOtherLedger.on(List.of(receipts));

        assertThat(outcome.recovered()).isZero();
        assertThat(outcome.failedEarlier()).isZero();
        assertThat(results("job-a")).singleElement().satisfies(node -> assertThat(node.path("status").asText()).isEqualTo("ok"));
    }

    @Test
    void onlyResultsForThisRunsReceiptsAreRecoveredAndAnUnreadableOneLeavesNoResultBehind() throws IOException {
        Path mine = Files.createDirectories(receipts.resolve("mine"));
        Path theirs = Files.createDirectories(receipts.resolve("theirs"));
        writeReceipts(mine, 1);
        writeReceipts(theirs, 2);
        new Run().on(List.of(mine, theirs));
        Run unreadable = new Run();
        unreadable.out = "out-2";
        unreadable.maxReceiptBytes = 10; // fails unread, with no content hash, in a folder of its own
        unreadable.on(List.of(mine));
        long events = usageEvents();

        Run elsewhere = new Run();
        elsewhere.out = "out-3";
        JobOutcome outcome = elsewhere.on(List.of(mine));

        assertThat(outcome.recovered()).as("the ok result, not the unreadable one, and none of theirs").isEqualTo(1);
        assertThat(usageEvents()).isEqualTo(events);
        assertThat(Files.readAllLines(dir.resolve("out-3/job-a/results.jsonl"))).hasSize(1);
    }

    @Test
    void receiptsWithEmbeddingsAreDoneAgainRatherThanRecoveredWithoutTheirVectors() throws IOException {
        writeReceipts(receipts, 2);
        Run first = new Run();
        first.extractor = model(ProviderSettings.Kind.OPENAI, "text-embedding-3-small");
        first.on(List.of(receipts));
        int requestsBefore = server.requestCount();

        Run elsewhere = new Run();
        elsewhere.out = "other-out";
        elsewhere.extractor = model(ProviderSettings.Kind.OPENAI, "text-embedding-3-small");
        JobOutcome outcome = elsewhere.on(List.of(receipts));

        assertThat(outcome.recovered()).isZero();
        assertThat(outcome.ok()).isEqualTo(2);
        assertThat(server.requestCount() - requestsBefore).as("a chat and an embeddings call each").isEqualTo(4);
    }

    @Test
    void aDoneReceiptThatCannotBeReadNowKeepsItsResult() throws IOException {
        writeReceipts(receipts, 2);
        new Run().on(List.of(receipts));
        List<JsonNode> before = results("job-a");

        Run unreadable = new Run();
        unreadable.maxReceiptBytes = 10; // now over the limit: refused before it is read or hashed
        JobOutcome outcome = unreadable.on(List.of(receipts));

        assertThat(outcome.alreadyDone()).isEqualTo(2);
        assertThat(outcome.failed()).isZero();
        assertThat(results("job-a")).isEqualTo(before);
        assertThat(usageEvents()).isEqualTo(2);
    }

    @Test
    void receiptsRemovedOrAddedAfterTheCountAreNeitherNotStartedNorMiscounted() throws IOException {
        Path gone = Files.createDirectories(receipts.resolve("b-gone"));
        Path later = Files.createDirectories(receipts.resolve("c-later"));
        writeReceipts(receipts, 2);
        writeReceipts(gone, 3);
        Run run = new Run();
        run.afterCount = () -> {
            try {
                try (var listing = Files.list(gone)) {
                    for (Path file : listing.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(gone);
                writeReceipts(later, 4);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        JobOutcome outcome = run.on(List.of(receipts));

        assertThat(outcome.ok()).isEqualTo(6);
        assertThat(outcome.notStarted()).isZero();
        assertThat(outcome.unfinished()).isFalse();
        assertThat(results("job-a")).hasSize(6);
    }

    @Test
    void aReceiptNamedThroughALinkedFolderIsTheSameReceipt() throws IOException {
        List<Path> files = writeReceipts(receipts, 2);
        Path link = Files.createSymbolicLink(dir.resolve("link"), receipts);
        new Run().on(List.of(link));

        JobOutcome again = new Run().on(List.of(link.resolve(files.getFirst().getFileName())));

        assertThat(again.alreadyDone()).isEqualTo(1);
        assertThat(again.ok()).isZero();
        assertThat(usageEvents()).isEqualTo(2);
        assertThat(results("job-a")).hasSize(2);
    }

    // --- rate limits ---------------------------------------------------------------------------------

    @Test
    void aLongRunOf429sIsAbsorbedByOneReceipt() throws IOException {
        List<Path> files = writeReceipts(receipts, 1);
        for (int i = 0; i < 40; i++) {
            server.fault(Fault.rateLimited("0"));
        }
        Run run = new Run();
        run.concurrency = 1;
        run.extractor = model(ProviderSettings.Kind.OPENAI, null);

        assertThat(run.on(files).ok()).as("40 answers of 429, then an answer").isEqualTo(1);
    }

}
