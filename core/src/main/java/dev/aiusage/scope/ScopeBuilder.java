package dev.aiusage.scope;

import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.EventIds;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Describes a scope before it opens. Job, batch and attributes not set here are inherited from the
 * scope that is current when the work runs. The scope's record is written when the work ends, with
 * its outcome; an exception then propagates unchanged.
 *
 * <pre>{@code
 * Invoice invoice = tracker.scope("bill-customer").job("job-7").attribute("customer", id)
 *         .call(() -> billing.bill(id));
 * }</pre>
 */
public final class ScopeBuilder {

    private final Tracker tracker;
    private final String operation;
    private String jobId;
    private String batchId;
    private final Map<String, String> attributes = new HashMap<>();

    ScopeBuilder(Tracker tracker, String operation) {
        this.tracker = tracker;
        this.operation = requireText(operation, "operation");
    }

    /** The job this scope's usage is attributed to; children inherit it. */
    public ScopeBuilder job(String id) {
        this.jobId = requireText(id, "job id");
        return this;
    }

    /** The batch this scope's usage is attributed to; children inherit it. */
    public ScopeBuilder batch(String id) {
        this.batchId = requireText(id, "batch id");
        return this;
    }

    /** A key-value pair recorded with the scope and its usage; children inherit it unless they set the key. */
    public ScopeBuilder attribute(String key, String value) {
        attributes.put(requireText(key, "attribute key"), Objects.requireNonNull(value, "attribute value"));
        return this;
    }

    /** Runs {@code work} in the scope and returns its result; its exception propagates unchanged. */
    public <T, X extends Throwable> T call(ScopedValue.CallableOp<T, X> work) throws X {
        return execute(work, null);
    }

    /** Runs {@code work} in the scope; its exception propagates unchanged. */
    public void run(Runnable work) {
        execute(() -> {
            work.run();
            return null;
        }, null);
    }

    /**
     * Runs a batch of items in the scope; failing items are counted (see {@link BatchPolicy}) and the
     * summary is written with the scope's record. The body may throw what its items throw: with a
     * fail-fast policy the first item's exception ends up here, unchanged.
     */
    public <X extends Throwable> BatchSummary runBatch(BatchPolicy policy, BatchBody<X> items) throws X {
        BatchScope batch = new BatchScope(policy);
        execute(() -> {
            items.run(batch);
            return null;
        }, batch);
        return batch.summary();
    }

    /** The body of a batch: runs its items through {@link BatchScope#item}. */
    @FunctionalInterface
    public interface BatchBody<X extends Throwable> {
        void run(BatchScope batch) throws X;
    }

    /**
     * Runs asynchronous work: the scope is bound while {@code work} starts the future, and stays open
     * until the future completes; its record carries the future's outcome, not the starting call's.
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletableFuture<T>> work) {
        Scope scope = open();
        CompletableFuture<T> future;
        try {
            future = ScopedValue.where(Scope.CURRENT, scope).call(work::get);
        } catch (Throwable e) {
            tracker.end(scope, e, null);
            throw e;
        }
        if (future == null) {
            NullPointerException missing = new NullPointerException("async work for '" + operation + "' returned no future");
            tracker.end(scope, missing, null);
            throw missing;
        }
        future.whenComplete((value, failure) -> tracker.end(scope, unwrap(failure), null));
        return future;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private Scope open() {
        Scope parent = Scope.current();
        Instant start = tracker.clock().instant();
        return new Scope(EventIds.next(start.toEpochMilli()).toString(), operation,
                jobId != null ? jobId : parent.jobId(),
                batchId != null ? batchId : parent.batchId(),
                inherit(parent.attributes()), parent, start);
    }

    private <T, X extends Throwable> T execute(ScopedValue.CallableOp<T, X> work, BatchScope batch) throws X {
        Scope scope = open();
        Throwable failure = null;
        try {
            return ScopedValue.where(Scope.CURRENT, scope).call(work);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            tracker.end(scope, failure, batch == null ? null : batch.summary());
        }
    }

    private Map<String, String> inherit(Map<String, String> fromParent) {
        if (attributes.isEmpty()) {
            return fromParent;
        }
        Map<String, String> merged = new HashMap<>(fromParent);
        merged.putAll(attributes);
        return merged;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
