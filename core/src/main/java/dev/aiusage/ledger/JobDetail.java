package dev.aiusage.ledger;

import java.time.Instant;
import java.util.List;

/**
 * One job in detail: its summary, its batches with their item counts, and samples of what failed
 * (the first few failures each batch kept, and scopes that failed as a whole).
 */
public record JobDetail(JobSummary summary, List<Batch> batches, List<Failure> failures) {

    public JobDetail {
        batches = List.copyOf(batches);
        failures = List.copyOf(failures);
    }

    /** A batch scope: when it ran and how many of its items ended ok or failed. */
    public record Batch(String batchId, Instant start, Instant end, long itemsOk, long itemsFailed) {}

    /** One failure: the batch it belongs to, the item (null when a whole scope failed), the error. */
    public record Failure(String batchId, String itemKey, String errorType, String message) {}
}
