package dev.aiusage.scope;

import dev.aiusage.event.Attribution;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The unit of work usage is attributed to: an operation, the job and batch it belongs to, attributes,
 * and its parent. Immutable; bound for a dynamic extent with a {@link ScopedValue}.
 *
 * <p>Bindings do not follow work to other threads: capture the scope where work is submitted and
 * {@linkplain #wrap(Callable) wrap} the task, or submit through {@link #propagating(Executor)}.
 *
 * <pre>{@code
 * Scope scope = Scope.current();
 * executor.submit(scope.wrap(() -> client.chat(request)));   // attributed to scope's job
 * }</pre>
 */
public final class Scope {

    static final ScopedValue<Scope> CURRENT = ScopedValue.newInstance();

    /** In force where no scope is bound: its usage lands in the visible {@code (unscoped)} bucket. */
    static final Scope ROOT = new Scope(null, Attribution.UNSCOPED_OPERATION, null, null, Map.of(), null, Instant.EPOCH);

    private final String id;
    private final String operation;
    private final String jobId;
    private final String batchId;
    private final Map<String, String> attributes;
    private final Scope parent;
    private final Instant startedAt;
    private final Attribution attribution;

    Scope(String id, String operation, String jobId, String batchId, Map<String, String> attributes, Scope parent,
            Instant startedAt) {
        this.id = id;
        this.operation = operation;
        this.jobId = jobId;
        this.batchId = batchId;
        this.attributes = Map.copyOf(attributes);
        this.parent = parent;
        this.startedAt = startedAt;
        this.attribution = id == null ? Attribution.UNSCOPED : new Attribution(id, operation, jobId, batchId, this.attributes);
    }

    /** The innermost scope bound on this thread, or the root scope; never {@code null}. */
    public static Scope current() {
        return CURRENT.orElse(ROOT);
    }

    /** An executor that runs each task in the scope that was current when it was submitted. */
    public static Executor propagating(Executor delegate) {
        return task -> delegate.execute(current().wrap(task));
    }

    /**
     * An executor service that runs each task in the scope that was current when it was submitted;
     * shutting it down shuts down {@code delegate}. {@code shutdownNow()} returns the wrapped tasks,
     * which run in their captured scope but are not the submitted objects.
     */
    public static ExecutorService propagating(ExecutorService delegate) {
        return new PropagatingExecutorService(delegate);
    }

    public boolean isRoot() {
        return this == ROOT;
    }

    /** {@code null} for the root scope. */
    public String id() {
        return id;
    }

    public String operation() {
        return operation;
    }

    public String jobId() {
        return jobId;
    }

    public String batchId() {
        return batchId;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /** {@code null} for a top-level scope and for the root. */
    public Scope parent() {
        return parent == ROOT ? null : parent;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** How usage made in this scope is attributed. */
    public Attribution attribution() {
        return attribution;
    }

    /** A task that runs with this scope bound, on whatever thread runs it. */
    public Runnable wrap(Runnable task) {
        return () -> ScopedValue.where(CURRENT, this).run(task);
    }

    /** A task that runs with this scope bound, on whatever thread runs it. */
    public <T> Callable<T> wrap(Callable<T> task) {
        return () -> ScopedValue.where(CURRENT, this).call(task::call);
    }

    @Override
    public String toString() {
        return isRoot() ? "Scope[(unscoped)]"
                : "Scope[" + operation + " id=" + id + " job=" + jobId + " batch=" + batchId + "]";
    }
}
