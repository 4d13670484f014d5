package dev.aiusage.cli;

import dev.aiusage.jobs.JobProgress;
import dev.aiusage.pricing.Money;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where a running job is, on stderr: on a terminal one line rewritten in place every half second;
 * elsewhere, with {@code --progress always}, a plain line every ten seconds; otherwise nothing.
 */
final class ProgressLine implements AutoCloseable {

    enum Mode { AUTO, ALWAYS, NEVER }

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter err;
    private final Supplier<JobProgress.Snapshot> counts;
    private final Supplier<Money> spent;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final Thread ticker;
    private volatile boolean running = true;

    private ProgressLine(PrintWriter err, Supplier<JobProgress.Snapshot> counts, Supplier<Money> spent, boolean terminal,
            Duration every) {
        this.err = err;
        this.counts = counts;
        this.spent = spent;
        this.terminal = terminal;
        this.ticker = Thread.ofPlatform().daemon().name("aiusage-progress").start(() -> tick(every));
    }

    /** Starts the line, or returns null when there is nothing to show in this mode. */
    static ProgressLine start(Mode mode, boolean stderrIsTerminal, PrintWriter err, Supplier<JobProgress.Snapshot> counts,
            Supplier<Money> spent) {
        return switch (mode) {
            case NEVER -> null;
            case AUTO -> stderrIsTerminal ? new ProgressLine(err, counts, spent, true, Duration.ofMillis(500)) : null;
            case ALWAYS -> new ProgressLine(err, counts, spent, stderrIsTerminal,
                    stderrIsTerminal ? Duration.ofMillis(500) : Duration.ofSeconds(10));
        };
    }

    /** Whether stderr is a terminal: the launcher tells (Java cannot), else a console on both ends. */
    static boolean stderrIsTerminal() {
        String told = System.getProperty("aiusage.stderr.terminal");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        return System.console() != null && System.console().isTerminal();
    }

    private void tick(Duration every) {
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            print();
        }
    }

    private synchronized void print() {
        if (!running) {
            return; // closed between the tick and this line: nothing may follow the cleared line
        }
        String line = describe(counts.get(), spent.get(), Duration.ofNanos(System.nanoTime() - startNanos));
        err.print(terminal ? CLEAR_LINE + line : line + System.lineSeparator());
        err.flush();
    }

    static String describe(JobProgress.Snapshot now, Money spent, Duration elapsed) {
        int finished = now.finished();
        int sentThisRun = now.ok() + now.failed();
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        double rate = sentThisRun / seconds;
        String eta = rate <= 0 ? "ETA unknown" : "ETA " + Numbers.duration(Duration.ofSeconds((long) Math.ceil((now.total() - finished) / rate)));
        return String.format(Locale.ROOT, "aiusage: %d/%d receipts, %d failed, %d in flight, %.1f/s, %s, %s this run",
                finished, now.total(), now.failed(), now.inFlight(), rate, eta, spent.format());
    }

    @Override
    public synchronized void close() {
        running = false;
        ticker.interrupt();
        if (terminal) {
            err.print(CLEAR_LINE);
            err.flush();
        }
    }
}
