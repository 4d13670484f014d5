package dev.aiusage.jobs;

import dev.aiusage.ledger.Ledger;
import java.time.Duration;
import java.util.Objects;

/**
 * How a run treats the job's earlier work and when it stops early.
 *
 * @param retryFailed redo receipts an earlier run finished as failed (by default they are kept)
 * @param budget      the spending limit, or null for none
 * @param control     how the run is asked to stop (signals, the budget)
 * @param ledger      the ledger the job records to, read at the start to recover result lines a crash kept
 *                    from the results file; null to trust the results file alone
 */
public record JobOptions(boolean retryFailed, SpendingLimit budget, JobControl control, Ledger ledger) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    public JobOptions {
        Objects.requireNonNull(control, "control");
    }

    public JobOptions(boolean retryFailed, SpendingLimit budget, JobControl control) {
        this(retryFailed, budget, control, null);
    }

    public static JobOptions defaults() {
        return new JobOptions(false, null, new JobControl(DEFAULT_GRACE));
    }
}
