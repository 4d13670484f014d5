package dev.aiusage.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops a running job cleanly: no new receipts are admitted, receipts in flight may finish within a
 * grace period, then they are cancelled (and, not being done, are redone when the job is resumed).
 * Thread-safe; a signal handler, a budget or a test may ask.
 */
public final class JobControl {

    /** Why a job stopped before its last receipt. */
    public enum Stop { INTERRUPT, TERMINATE, BUDGET }

    private final Duration grace;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> cancelHandlers = new CopyOnWriteArrayList<>();
    private final AtomicReference<Thread> graceTimer = new AtomicReference<>();
    private volatile boolean runOver;

    public JobControl(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period must not be negative, got " + grace);
        }
        this.grace = grace;
    }

    /**
     * Asks the job to stop; the first reason wins. An interrupt or termination cancels what is still
     * in flight after the grace period; a budget lets it finish.
     */
    public boolean requestStop(Stop why) {
        if (!stop.compareAndSet(null, Objects.requireNonNull(why, "why"))) {
            return false;
        }
        if (why != Stop.BUDGET && !runOver) {
            Thread timer = Thread.ofVirtual().name("aiusage-grace").start(() -> {
                try {
                    Thread.sleep(grace);
                } catch (InterruptedException e) {
                    return;
                }
                cancelNow();
            });
            graceTimer.set(timer);
            if (runOver) {
                timer.interrupt(); // the run ended as the timer started
            }
        }
        return true;
    }

    /** The job's run is over, nothing is left in flight: the grace timer goes, rather than outlive the job. */
    void runOver() {
        runOver = true;
        Thread timer = graceTimer.get();
        if (timer != null) {
            timer.interrupt();
            try {
                timer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Cancels receipts in flight now (a second Ctrl-C, or the grace period is over). */
    public void cancelNow() {
        if (cancelled.compareAndSet(false, true)) {
            cancelHandlers.forEach(Runnable::run);
        }
    }

    public boolean stopping() {
        return stop.get() != null;
    }

    public Stop stopReason() {
        return stop.get();
    }

    public boolean cancelled() {
        return cancelled.get();
    }

    void onCancel(Runnable handler) {
        cancelHandlers.add(handler);
        if (cancelled.get()) {
            handler.run();
        }
    }
}
