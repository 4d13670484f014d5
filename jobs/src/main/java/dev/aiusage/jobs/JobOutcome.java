package dev.aiusage.jobs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of a job did with its receipts.
 *
 * @param alreadyDone   receipts skipped because an earlier run of the job finished them, unchanged
 * @param failedEarlier of those, the ones that failed then (and would fail the same way again)
 */
public record JobOutcome(String jobId, int ok, int failed, int alreadyDone, int failedEarlier, int batches,
        Duration wallTime, Path resultsFile) {

    /** Whether any receipt of the job, in this run or an earlier one, ended failed. */
    public boolean hasFailures() {
        return failed > 0 || failedEarlier > 0;
    }
}
