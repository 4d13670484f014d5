package dev.aiusage.scope;

import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.record.Recorder;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens scopes and records usage into a {@link Recorder}; every event is attributed to the scope
 * current where it is recorded.
 *
 * <pre>{@code
 * Tracker tracker = Tracker.create(recorder);
 * tracker.scope("nightly-import").job("job-123").run(() -> {
 *     tracker.record(event);   // attributed to job-123, operation nightly-import
 * });
 * }</pre>
 */
public final class Tracker {

    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);

    private final Recorder recorder;
    private final InstantSource clock;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    private Tracker(Recorder recorder, InstantSource clock) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static Tracker create(Recorder recorder) {
        return new Tracker(recorder, InstantSource.system());
    }

    public static Tracker create(Recorder recorder, InstantSource clock) {
        return new Tracker(recorder, clock);
    }

    /** Starts describing a scope; it opens when you {@code run} or {@code call} work in it. */
    public ScopeBuilder scope(String operation) {
        return new ScopeBuilder(this, operation);
    }

    /**
     * A task of the same shape that runs each call in its own scope named {@code operation} (what a
     * decorator does in Python). Values and exceptions pass through unchanged.
     *
     * <pre>{@code
     * Callable<Fields> extract = tracker.tracked("extract", () -> client.extract(text));
     * }</pre>
     */
    public <T> Callable<T> tracked(String operation, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> scope(operation).call(task::call);
    }

    /** A runnable that runs each call in its own scope named {@code operation}. */
    public Runnable tracked(String operation, Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> scope(operation).run(task);
    }

    /**
     * A supplier that runs each call in its own scope named {@code operation} (named apart from
     * {@link #tracked(String, Callable)}, which a value-returning lambda would otherwise match too).
     */
    public <T> Supplier<T> trackedSupplier(String operation, Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> scope(operation).call(task::get);
    }

    /** A function that runs each call in its own scope named {@code operation}. */
    public <A, R> Function<A, R> tracked(String operation, Function<A, R> task) {
        Objects.requireNonNull(task, "task");
        return argument -> scope(operation).call(() -> task.apply(argument));
    }

    /** Like {@link #tracked(String, Callable)}, for work that completes later: see {@link ScopeBuilder#callAsync}. */
    public <T> Supplier<CompletableFuture<T>> trackedAsync(String operation, Supplier<CompletableFuture<T>> task) {
        Objects.requireNonNull(task, "task");
        return () -> scope(operation).callAsync(task);
    }

    /**
     * A proxy for {@code target} whose {@link Tracked} methods each run in their own scope; parameters
     * marked {@link Tracked.JobId} or {@link Tracked.BatchId} name the scope's job and batch.
     */
    public <T> T proxy(Class<T> type, T target) {
        return TrackedProxy.create(this, type, target);
    }

    public InstantSource clock() {
        return clock;
    }

    /**
     * Records one provider attempt, attributed to the current scope unless the event already names
     * one. Never throws.
     */
    public void record(UsageEvent event) {
        safely(() -> recorder.record(event.attribution() == Attribution.UNSCOPED
                ? event.withAttribution(Scope.current().attribution())
                : event));
    }

    /**
     * Returns when everything recorded so far is durable (see {@link Recorder#flush()}): call it before
     * telling anyone the work is done, so a crash never leaves work done with its usage missing.
     */
    public void flush() {
        safely(recorder::flush);
    }

    /**
     * Completes when everything recorded so far is durable, as {@link #flush()} returns, without holding
     * the caller's thread: for work that can say "done" later, from whatever thread completes it.
     */
    public CompletableFuture<Void> flushAsync() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (!safely(() -> recorder.flushAsync().whenComplete((ignored, failure) -> durable.complete(null)))) {
            durable.complete(null);
        }
        return durable;
    }

    void end(Scope scope, Throwable failure, BatchSummary batch) {
        safely(() -> recorder.record(new ScopeRecord(
                scope.id(),
                scope.parent() == null ? null : scope.parent().id(),
                scope.parent() == null ? null : scope.parent().operation(),
                scope.operation(),
                scope.jobId(),
                scope.batchId(),
                scope.attributes(),
                scope.startedAt(),
                clock.instant(),
                failure == null ? ScopeRecord.Outcome.OK : ScopeRecord.Outcome.ERROR,
                failure == null ? null : failure.getClass().getName(),
                failure == null ? null : failure.getMessage(),
                batch)));
    }

    /**
     * Recording is a side path: it must never break, or mask an exception of, the caller's work. Even
     * an Error from it is swallowed here: it is the recorder's, and the caller's work has not failed.
     */
    /** Runs a recording step; false when it failed (logged once), which never reaches the caller. */
    private boolean safely(Runnable recording) {
        try {
            recording.run();
            return true;
        } catch (Throwable e) {
            if (failureLogged.compareAndSet(false, true)) {
                LOG.error("aiusage could not record usage; the work goes on: {}", e.toString());
            }
            return false;
        }
    }
}
