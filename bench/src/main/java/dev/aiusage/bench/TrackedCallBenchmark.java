package dev.aiusage.bench;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.Money;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The caller-thread cost of a tracked call that records one usage event, next to the same call
 * untracked, in one run. The recorder is the real one, writing to a real SQLite ledger on its own
 * thread; each invocation records {@value #CALLS} events and the queue is flushed between invocations
 * (outside the measurement), so the figure is what business code pays, not what the disk pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackedCallBenchmark {

    static final int CALLS = 1_000;

    private Path dir;
    private Recorder recorder;
    private Tracker tracker;
    private final TokenBuckets tokens = TokenBuckets.of(1_000, 200);
    private final Cost cost = new Cost(new Money(270_000), CostSource.COMPUTED, "gpt-4o-mini");

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("aiusage-bench");
        recorder = Recorder.toLedger(Ledger.open(dir.resolve("usage.db")));
        tracker = Tracker.create(recorder);
    }

    @TearDown(Level.Invocation)
    public void drain() {
        recorder.flush();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        recorder.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** Stands in for the model call: cheap, so the benchmark measures the tracking around it. */
    private long work(int i) {
        return tokens.input() + i;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long untracked() {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += work(i);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long trackedWithOneEvent() {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            int call = i;
            sum += tracker.scope("extract").call(() -> {
                tracker.record(UsageEvent.builder("openai", ApiKind.CHAT)
                        .requestModel("gpt-4o-mini").tokens(tokens).cost(cost).build());
                return work(call);
            });
        }
        return sum;
    }
}
