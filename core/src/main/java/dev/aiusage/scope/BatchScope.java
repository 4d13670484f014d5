package dev.aiusage.scope;

import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.BatchSummary.ErrorSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The items of a partial-failure batch: each {@link #item} runs one, catching and counting its failure.
 * Thread-safe, so items may run on many threads at once.
 *
 * <pre>{@code
 * BatchSummary summary = tracker.scope("batch").batch("b-1").runBatch(BatchPolicy.tolerant(), batch -> {
 *     for (Receipt r : receipts) {
 *         batch.item(r.key(), () -> process(r));
 *     }
 * });
 * }</pre>
 */
public final class BatchScope {

    private final BatchPolicy policy;
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<ErrorSample> samples = new ArrayList<>();

    BatchScope(BatchPolicy policy) {
        this.policy = policy;
    }

    /**
     * Runs one item. Its exception is counted and returned as {@link ItemOutcome.Failed}, unless the
     * policy stops on the first failure or it is an {@link Error}: those propagate unchanged. A
     * {@link CancellationException} is not a failure: it is returned as {@link ItemOutcome.Cancelled},
     * uncounted, so a batch stopped on purpose does not report its unfinished items as failed.
     */
    public <T, X extends Throwable> ItemOutcome<T> item(String key, ScopedValue.CallableOp<T, X> work) throws X {
        try {
            T result = work.call();
            succeeded.incrementAndGet();
            return new ItemOutcome.Succeeded<>(result);
        } catch (CancellationException cancelled) {
            return new ItemOutcome.Cancelled<>(cancelled);
        } catch (Throwable t) {
            failed(key, t);
            if (policy.stopOnFirstFailure() || t instanceof Error) {
                throw t;
            }
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // counted, and the caller can still see it was asked to stop
            }
            return new ItemOutcome.Failed<>(t);
        }
    }

    /** Counts an item that failed outside {@link #item}, e.g. one that could not even be read. */
    public void failed(String key, Throwable cause) {
        failed.incrementAndGet();
        synchronized (samples) {
            if (samples.size() < policy.maxSamples()) {
                samples.add(new ErrorSample(key, cause.getClass().getName(), cause.getMessage()));
            }
        }
    }

    public int succeeded() {
        return succeeded.get();
    }

    public int failed() {
        return failed.get();
    }

    public BatchSummary summary() {
        synchronized (samples) {
            return new BatchSummary(succeeded.get(), failed.get(), samples);
        }
    }
}
