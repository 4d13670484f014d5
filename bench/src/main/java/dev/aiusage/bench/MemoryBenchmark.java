package dev.aiusage.bench;

import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.testkit.ProviderServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code aiusage run} over N receipts in a child JVM with a small heap ({@code -Xmx}), calling a local
 * OpenAI-compatible server run by this process: whether it finishes, and the heap it used, read from
 * the child's GC log (the most occupied before a collection, and the most left live after one).
 *
 * <p>Usage: {@code bench/run-memory [receipts] [heap]} (defaults 10000 256m).
 */
public final class MemoryBenchmark {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private MemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int receipts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String heap = args.length > 1 ? args[1] : "256m";
        Path work = Files.createTempDirectory("aiusage-memory");
        Path input = SyntheticReceipts.write(work.resolve("receipts"), receipts);
        Path gcLog = work.resolve("gc.log");
        Path ledger = work.resolve("usage.db");
        try (ProviderServer server = FixedModel.start(Duration.ofMillis(5))) {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx" + heap,
                    "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"), "dev.aiusage.cli.Main",
                    "run", "--job", "memory", "--out", work.resolve("out").toString(), "--ledger", ledger.toString(),
                    "--base-url", server.openAiBaseUrl(), "--concurrency", "64", "--progress", "never", input.toString());
            long start = System.nanoTime();
            Process child = new ProcessBuilder(command).redirectOutput(work.resolve("stdout").toFile())
                    .redirectError(work.resolve("stderr").toFile()).start();
            if (!child.waitFor(30, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                throw new IllegalStateException("the run did not finish in 30 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long results = Files.lines(work.resolve("out/memory/results.jsonl")).count();
            long attempts;
            try (Ledger opened = Ledger.openExisting(ledger)) {
                attempts = opened.totals(UsageQuery.all().forJob("memory")).attempts();
            }
            System.out.printf(Locale.ROOT, "aiusage run, %d receipts, -Xmx%s: exit %d in %.1f s; %d results, %d calls in the ledger%n",
                    receipts, heap, child.exitValue(), seconds, results, attempts);
            printHeap(gcLog);
            if (child.exitValue() != 0) {
                System.out.println("stderr: " + Files.readString(work.resolve("stderr")));
            }
        }
        WorkFolder.delete(work);
    }

    private static void printHeap(Path gcLog) throws Exception {
        long before = 0;
        long after = 0;
        long collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher heap = GC_LINE.matcher(line);
            if (heap.find()) {
                collections++;
                before = Math.max(before, Long.parseLong(heap.group(1)));
                after = Math.max(after, Long.parseLong(heap.group(2)));
            }
        }
        System.out.printf(Locale.ROOT, "heap: %d collections; most in use before one %d MB, most live after one %d MB%n",
                collections, before, after);
    }
}
