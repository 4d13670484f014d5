package dev.aiusage.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run treats the job's earlier work and when it stops early.
 *
 * @param retryFailed redo receipts an earlier run finished as failed (by default they are kept)
 * @param budget      the spending limit, or null for none
 * @param control     how the run is asked to stop (signals, the budget)
 */
public record JobOptions(boolean retryFailed, SpendingLimit budget, JobControl control) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    public JobOptions {
        Objects.requireNonNull(control, "control");
    }

    public static JobOptions defaults() {
        return new JobOptions(false, null, new JobControl(DEFAULT_GRACE));
    }
}
