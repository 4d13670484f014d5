package dev.aiusage.jobs;

import java.util.concurrent.atomic.AtomicInteger;

/** The live counts of one run, read by the progress line while the job runs. */
public final class JobProgress {

    /** The counts at one moment. */
    public record Snapshot(int total, int ok, int failed, int alreadyDone, int inFlight) {
        public int finished() {
            return ok + failed + alreadyDone;
        }
    }

    /** The receipts counted when the arguments were checked; folders are listed again as the job goes. */
    private final int counted;
    private final AtomicInteger listed = new AtomicInteger();
    private volatile boolean allListed;
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger alreadyDone = new AtomicInteger();
    final AtomicInteger failedEarlier = new AtomicInteger();
    final AtomicInteger changed = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
    /** Of those already done, the ones whose result line came from the ledger (a crash kept it from the file). */
    final AtomicInteger recovered = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    /** Receipts this run sent to the extractor and finished: not those that failed unread, at no cost. */
    final AtomicInteger extracted = new AtomicInteger();

    JobProgress(int counted) {
        this.counted = counted;
    }

    /** The job took {@code more} receipts from its folders. */
    void listed(int more) {
        listed.addAndGet(more);
    }

    /** The job's folders have no more receipts: the total is what they held. */
    void allListed() {
        allListed = true;
    }

    public Snapshot snapshot() {
        return new Snapshot(total(), ok.get(), failed.get(), alreadyDone.get(), inFlight.get());
    }

    /**
     * The receipts of the run: the count taken at the start until the listing that follows ends, then
     * what it found, so receipts added or removed meanwhile neither overflow the total nor stand as
     * not started.
     */
    private int total() {
        int found = listed.get();
        return allListed ? found : Math.max(counted, found);
    }

    /** Receipts this run sent to the extractor and finished: what a budget's cost per receipt is an average over. */
    int finishedThisRun() {
        return extracted.get();
    }
}
