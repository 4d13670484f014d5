package dev.aiusage.scope;

import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.record.Recorder;
import java.time.InstantSource;
import java.util.Objects;
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

    public InstantSource clock() {
        return clock;
    }

    /**
     * Records one provider attempt, attributed to the current scope unless the event already names
     * one. Never throws.
     */
    public void record(UsageEvent event) {
        UsageEvent attributed = event.attribution() == Attribution.UNSCOPED
                ? event.withAttribution(Scope.current().attribution())
                : event;
        safely(() -> recorder.record(attributed));
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

    /** Recording is a side path: it must never break, or mask an exception of, the caller's work. */
    private void safely(Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException | LinkageError e) {
            if (failureLogged.compareAndSet(false, true)) {
                LOG.error("aiusage could not record usage; the work goes on: {}", e.toString());
            }
        }
    }
}
