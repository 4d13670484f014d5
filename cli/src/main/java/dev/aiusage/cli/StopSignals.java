package dev.aiusage.cli;

import dev.aiusage.jobs.JobControl;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM while a job runs: the first stops admitting receipts and gives those in flight
 * the grace period; a second Ctrl-C cancels them at once; a third ends the process on the spot. The
 * JVM's own handlers come back when the job is over.
 */
final class StopSignals implements AutoCloseable {

    private final Signal interrupt = new Signal("INT");
    private final Signal terminate = new Signal("TERM");
    private final SignalHandler previousInterrupt;
    private final SignalHandler previousTerminate;
    private final AtomicInteger interrupts = new AtomicInteger();

    private StopSignals(JobControl control, PrintWriter err, long graceSeconds) {
        previousInterrupt = Signal.handle(interrupt, signal -> {
            switch (interrupts.incrementAndGet()) {
                case 1 -> stop(control, JobControl.Stop.INTERRUPT, err, graceSeconds);
                case 2 -> {
                    err.println("\naiusage: stopping now: cancelling the receipts in flight (they are redone on resume)");
                    err.flush();
                    control.cancelNow();
                }
                default -> Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
            }
        });
        previousTerminate = Signal.handle(terminate, signal -> stop(control, JobControl.Stop.TERMINATE, err, graceSeconds));
    }

    static StopSignals install(JobControl control, PrintWriter err, long graceSeconds) {
        return new StopSignals(control, err, graceSeconds);
    }

    private static void stop(JobControl control, JobControl.Stop why, PrintWriter err, long graceSeconds) {
        if (control.requestStop(why)) {
            err.println("\naiusage: stopping (" + (why == JobControl.Stop.INTERRUPT ? "Ctrl-C" : "SIGTERM")
                    + "): no new receipts; those in flight get " + graceSeconds + " s to finish"
                    + (why == JobControl.Stop.INTERRUPT ? " (Ctrl-C again to stop now)" : ""));
            err.flush();
        }
    }

    @Override
    public void close() {
        Signal.handle(interrupt, previousInterrupt);
        Signal.handle(terminate, previousTerminate);
    }
}
