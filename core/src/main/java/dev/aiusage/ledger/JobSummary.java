package dev.aiusage.ledger;

import dev.aiusage.pricing.Money;
import java.time.Instant;

/**
 * One job as the ledger saw it: when it ran (first start to last end of its usage and scopes), the
 * items its batches finished ok and failed (receipts, for the receipt job), and what it spent.
 *
 * @param cost             the exact sum of its priced attempts; see {@code unpricedAttempts}
 * @param unpricedAttempts attempts on models with no known price, left out of {@code cost}
 */
public record JobSummary(
        String jobId,
        Instant start,
        Instant end,
        long itemsOk,
        long itemsFailed,
        long calls,
        long attempts,
        long errors,
        Money cost,
        long unpricedAttempts) {

    /** The same job with its items counted by their final outcome (see {@code JobReporter.ITEMS}). */
    JobSummary withItems(long ok, long failed) {
        return new JobSummary(jobId, start, end, ok, failed, calls, attempts, errors, cost, unpricedAttempts);
    }

    JobSummary merge(JobSummary other) {
        return new JobSummary(jobId, start.isBefore(other.start) ? start : other.start,
                end.isAfter(other.end) ? end : other.end, itemsOk + other.itemsOk, itemsFailed + other.itemsFailed,
                calls + other.calls, attempts + other.attempts, errors + other.errors, cost.plus(other.cost),
                unpricedAttempts + other.unpricedAttempts);
    }
}
