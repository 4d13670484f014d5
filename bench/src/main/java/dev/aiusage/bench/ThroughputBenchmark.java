package dev.aiusage.bench;

import dev.aiusage.jobs.JobConfig;
import dev.aiusage.jobs.JobOutcome;
import dev.aiusage.jobs.ReceiptJob;
import dev.aiusage.jobs.llm.LlmReceiptExtractor;
import dev.aiusage.jobs.llm.ProviderSettings;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The receipt job's model path against a local OpenAI-compatible server that answers every call after
 * a fixed latency: the wall time of N receipts at concurrency C, against the ideal N x latency / C, with
 * every call recorded in a real ledger. The server runs in a JVM of its own, as a local model server
 * would; {@code in-process} runs it in this one instead, on the job's virtual-thread scheduler.
 *
 * <p>Usage: {@code bench/run-throughput [receipts] [concurrency] [latency-ms] [warm-up receipts] [rounds] [in-process]}
 * (defaults 2000 64 50 30000 5). Warm-up jobs over the same receipts run first until that many have been
 * processed (class loading, connections, and the JIT, which on two cores is still compiling after 10,000
 * receipts and competes with the job for CPU). Each round is then a fresh job over the same receipts in
 * the same JVM; the median ratio is the figure, since one round on a noisy two-core machine varies by
 * several per cent.
 */
public final class ThroughputBenchmark {


    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int receipts = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Duration latency = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 50);
        Path work = Files.createTempDirectory("aiusage-throughput");
        Path input = SyntheticReceipts.write(work.resolve("receipts"), receipts);
        int warmupJobs = Math.ceilDiv(args.length > 3 ? Integer.parseInt(args[3]) : 30_000, receipts);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        boolean ownProcess = args.length <= 5 || !args[5].equals("in-process");
        double ideal = receipts * latency.toNanos() / 1e9 / concurrency;
        List<Double> ratios = new ArrayList<>();
        try (ModelServer server = ModelServer.start(ownProcess, latency)) {
            System.out.println("model server: " + (ownProcess ? "a process of its own" : "in this JVM"));
            List<String> warmupRatios = new ArrayList<>();
            for (int job = 1; job <= warmupJobs; job++) {
                long start = System.nanoTime();
                run(server, work, "warmup-" + job, input, concurrency, false);
                warmupRatios.add(String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9 / ideal));
            }
            System.out.printf(Locale.ROOT, "warm-up: %d jobs of %d receipts, ratios %s%n", warmupJobs, receipts, warmupRatios);
            for (int round = 1; round <= rounds; round++) {
                System.out.printf(Locale.ROOT, "round %d of %d%n", round, rounds);
                ratios.add(measure(server, work, "measured-" + round, input, receipts, concurrency, latency) / ideal);
            }
        }
        ratios.sort(null);
        System.out.printf(Locale.ROOT, "ideal %.3f s (receipts x latency / concurrency); ratios %s: median %.3f%n",
                ideal, ratios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).toList(), ratios.get(ratios.size() / 2));
        WorkFolder.delete(work);
    }

    /** Runs one measured job and prints what it saw; returns its wall time in seconds. */
    private static double measure(ModelServer server, Path work, String job, Path input, int receipts, int concurrency,
            Duration latency) {
        int before = server.stats().requests();
        ProcessCost cost = ProcessCost.now();
        long start = System.nanoTime();
        Result result = run(server, work, job, input, concurrency, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessCost spent = ProcessCost.now().minus(cost);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "  receipts %d ok, %d failed; concurrency %d; latency %d ms%n",
                result.outcome().ok(), result.outcome().failed(), concurrency, latency.toMillis());
        System.out.printf(Locale.ROOT, "  calls: %d answered by the server (at most %d at once), %d attempts in the ledger%n",
                server.stats().requests() - before, server.stats().mostInFlight(), result.recorded());
        System.out.printf(Locale.ROOT, "  mean HTTP attempt as the client saw it: %.1f ms; receipt turnaround: %.1f ms%n",
                result.meanAttemptMillis(), seconds * 1000 * concurrency / receipts);
        System.out.printf(Locale.ROOT, "  CPU of this JVM: %.2f ms per receipt, %.0f%% of %d cores; "
                        + "GC pauses %d ms in %d collections%n",
                spent.cpuMillis() / receipts, 100 * spent.cpuMillis() / (seconds * 1000 * cores), cores,
                spent.gcMillis(), spent.collections());
        System.out.printf(Locale.ROOT, "  wall %.3f s%n", seconds);
        return seconds;
    }

    private record Result(JobOutcome outcome, long recorded, double meanAttemptMillis) {}

    private static double meanLatency(Path ledger) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + ledger);
                ResultSet rs = connection.createStatement().executeQuery("SELECT AVG(latency_ms) FROM usage_event")) {
            return rs.next() ? rs.getDouble(1) : Double.NaN;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + ledger, e);
        }
    }

    private static Result run(ModelServer server, Path work, String job, Path input, int concurrency, boolean verbose) {
        JobConfig config = new JobConfig(job, work.resolve("out").resolve(job), Math.max(50, concurrency), concurrency,
                "gpt-4o-mini", ReceiptReader.DEFAULT_MAX_BYTES);
        Ledger ledger = Ledger.open(work.resolve(job + ".db"));
        try (Recorder recorder = Recorder.toLedger(ledger)) {
            Tracker tracker = Tracker.create(recorder);
            ProviderSettings settings = new ProviderSettings(ProviderSettings.Kind.OPENAI, server.openAiBaseUrl(), null,
                    "gpt-4o-mini", null, concurrency, Duration.ofSeconds(60));
            JobOutcome outcome;
            long setupStart = System.nanoTime();
            long jobStart;
            long jobEnd;
            try (LlmReceiptExtractor extractor = LlmReceiptExtractor.create(settings, tracker, PriceCatalog.bundled(), config.outputDir())) {
                ReceiptFiles files = ReceiptFiles.find(List.of(input));
                jobStart = System.nanoTime();
                outcome = new ReceiptJob(config, tracker, extractor).run(files);
                jobEnd = System.nanoTime();
            }
            recorder.flush();
            if (verbose) {
                System.out.printf(Locale.ROOT, "  client and receipts found in %.1f ms, job %.1f ms, client closed and ledger flushed in %.1f ms%n",
                        (jobStart - setupStart) / 1e6, (jobEnd - jobStart) / 1e6, (System.nanoTime() - jobEnd) / 1e6);
            }
            return new Result(outcome, ledger.totals(UsageQuery.all().forJob(job)).attempts(), meanLatency(work.resolve(job + ".db")));
        }
    }
}
