package dev.aiusage.jobs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of a job did with its receipts.
 *
 * @param alreadyDone receipts skipped because an earlier run of the job finished them, unchanged
 */
public record JobOutcome(String jobId, int ok, int failed, int alreadyDone, int batches, Duration wallTime,
        Path resultsFile) {

    public int processed() {
        return ok + failed;
    }
}
