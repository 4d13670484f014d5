package dev.aiusage.jobs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of a job did with its receipts.
 *
 * @param alreadyDone   receipts skipped because an earlier run of the job finished them, unchanged
 * @param failedEarlier of those, the ones that failed then (and would fail the same way again)
 * @param changed       receipts done again because their file changed since an earlier run
 * @param retried       receipts that failed in an earlier run, done again ({@code --retry-failed})
 * @param recovered     of those already done, receipts whose result line this run took from the ledger:
 *                      an earlier run stored their usage and result, then stopped before writing the line
 * @param cancelled     receipts in flight when the run was stopped; not done, so a resumed run does them
 * @param notStarted    receipts the run never reached because it stopped early
 * @param stopped       why the run stopped before its last receipt, or null when it did not
 */
public record JobOutcome(String jobId, int ok, int failed, int alreadyDone, int failedEarlier, int changed,
        int retried, int recovered, int cancelled, int notStarted, int batches, Duration wallTime, Path resultsFile,
        JobControl.Stop stopped) {

    JobOutcome(String jobId, JobProgress counts, int batches, Duration wallTime, Path resultsFile, JobControl.Stop stopped) {
        this(jobId, counts.ok.get(), counts.failed.get(), counts.alreadyDone.get(), counts.failedEarlier.get(),
                counts.changed.get(), counts.retried.get(), counts.recovered.get(), counts.cancelled.get(),
                counts.snapshot().total() - counts.snapshot().finished() - counts.cancelled.get(),
                batches, wallTime, resultsFile, stopped);
    }

    /** The receipts the run found in its folders when it reached them, whatever became of them. */
    public int receipts() {
        return ok + failed + alreadyDone + cancelled + notStarted;
    }

    /** Whether any receipt of the job, in this run or an earlier one, ended failed. */
    public boolean hasFailures() {
        return failed > 0 || failedEarlier > 0;
    }

    /** Whether receipts remain for a resumed run. */
    public boolean unfinished() {
        return cancelled > 0 || notStarted > 0;
    }
}
