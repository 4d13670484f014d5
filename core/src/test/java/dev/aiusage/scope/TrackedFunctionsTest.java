package dev.aiusage.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.testing.TrackerFixture;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrackedFunctionsTest {

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    private Tracker tracker;

    @BeforeEach
    void open() {
        tracker = fixture.tracker();
    }

    private long scopes(String where) {
        return fixture.count("SELECT count(*) FROM scope_record WHERE " + where);
    }

    @Test
    void wrappedFunctionsReturnTheSameValuesInTheirOwnScope() throws Exception {
        Callable<String> callable = tracker.tracked("call", () -> Scope.current().operation());
        Supplier<String> supplier = tracker.trackedSupplier("supply", () -> Scope.current().operation());
        Function<Integer, Integer> twice = tracker.tracked("twice", (Integer x) -> x * 2);
        String[] ran = new String[1];
        Runnable runnable = tracker.tracked("run", () -> {
            ran[0] = Scope.current().operation();
        });

        assertThat(callable.call()).isEqualTo("call");
        assertThat(supplier.get()).isEqualTo("supply");
        assertThat(twice.apply(21)).isEqualTo(42);
        runnable.run();
        assertThat(ran[0]).isEqualTo("run");
        assertThat(scopes("outcome = 'ok' AND operation IN ('call', 'supply', 'twice', 'run')")).isEqualTo(4);
    }

    @Test
    void wrappedFunctionsThrowTheSameExceptionAfterRecordingIt() {
        IOException checked = new IOException("no disk");
        StackOverflowError error = new StackOverflowError("deep");

        assertThatThrownBy(() -> tracker.tracked("io", (Callable<Void>) () -> {
            throw checked;
        }).call()).isSameAs(checked);
        assertThatThrownBy(() -> tracker.tracked("deep", (Runnable) () -> {
            throw error;
        }).run()).isSameAs(error);
        assertThat(scopes("outcome = 'error' AND error_type = 'java.io.IOException'")).isEqualTo(1);
        assertThat(scopes("outcome = 'error' AND error_type = 'java.lang.StackOverflowError'")).isEqualTo(1);
    }

    @Test
    void asyncScopeStaysOpenUntilTheFutureCompletesAndRecordsItsOutcome() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        String[] jobSeen = new String[1];

        CompletableFuture<String> result = tracker.scope("outer").job("job-a").call(() ->
                tracker.trackedAsync("fetch", () -> {
                    jobSeen[0] = Scope.current().jobId();
                    return pending;
                }).get());

        assertThat(jobSeen[0]).isEqualTo("job-a");
        assertThat(scopes("operation = 'fetch'")).isZero();

        pending.completeExceptionally(new IllegalStateException("server said no"));

        assertThat(result).isCompletedExceptionally();
        assertThat(scopes("operation = 'fetch' AND outcome = 'error' AND job_id = 'job-a' "
                + "AND error_type = 'java.lang.IllegalStateException' AND error_message = 'server said no'")).isEqualTo(1);
    }

    @Test
    void asyncScopeRecordsSuccessOfTheFutureNotOfTheCall() {
        CompletableFuture<Integer> future = tracker.trackedAsync("compute", () -> CompletableFuture.supplyAsync(() -> 7)).get();

        assertThat(future.join()).isEqualTo(7);
        assertThat(scopes("operation = 'compute' AND outcome = 'ok'")).isEqualTo(1);
        assertThatThrownBy(() -> tracker.trackedAsync("broken", () -> CompletableFuture.<Integer>failedFuture(
                new CompletionException(new IOException("wrapped")))).get().join()).hasRootCauseMessage("wrapped");
        assertThat(scopes("operation = 'broken' AND error_type = 'java.io.IOException'")).isEqualTo(1);
    }

    interface Extractor {
        @Tracked(operation = "extract")
        String extract(@Tracked.JobId String job, @Tracked.BatchId Integer batch, String text) throws IOException;

        String untracked(String text);

        default String extractTwice(String job, String text) throws IOException {
            return extract(job, 1, text) + extract(job, 2, text);
        }
    }

    static final class UpperCase implements Extractor {
        @Override
        public String extract(String job, Integer batch, String text) throws IOException {
            if (text.isEmpty()) {
                throw new IOException("empty");
            }
            return Scope.current().jobId() + "/" + Scope.current().batchId() + ":" + text.toUpperCase();
        }

        @Override
        public String untracked(String text) {
            return Scope.current().operation();
        }
    }

    @Test
    void annotatedMethodsRunInAScopeNamedByTheirParameters() throws Exception {
        Extractor tracked = tracker.proxy(Extractor.class, new UpperCase());

        assertThat(tracked.extract("job-9", 3, "abc")).isEqualTo("job-9/3:ABC");
        assertThat(tracked.untracked("x")).isEqualTo("(unscoped)");
        assertThat(tracked.extractTwice("job-8", "x")).isEqualTo("job-8/1:Xjob-8/2:X");
        assertThatThrownBy(() -> tracked.extract("job-9", 1, "")).isInstanceOf(IOException.class).hasMessage("empty");
        assertThat(scopes("operation = 'extract' AND job_id = 'job-9' AND batch_id = '3'")).isEqualTo(1);
        assertThat(scopes("operation = 'extract' AND job_id = 'job-8'")).isEqualTo(2);
        assertThat(scopes("operation = 'extract' AND outcome = 'error'")).isEqualTo(1);
    }

    @Test
    void aNullJobIdArgumentInheritsTheCurrentJob() throws Exception {
        Extractor tracked = tracker.proxy(Extractor.class, new UpperCase());

        String result = tracker.scope("job").job("outer-job").call(() -> tracked.extract(null, null, "a"));

        assertThat(result).isEqualTo("outer-job/null:A");
    }

    @Test
    void proxyHasItsOwnIdentity() {
        UpperCase target = new UpperCase();
        Extractor one = tracker.proxy(Extractor.class, target);
        Extractor two = tracker.proxy(Extractor.class, target);

        assertThat(one).isEqualTo(one).isNotEqualTo(two).isNotEqualTo(target);
        assertThat(one.hashCode()).isEqualTo(System.identityHashCode(one));
        assertThat(one.toString()).startsWith("Tracked[Extractor -> ");
    }

    @Test
    void eventsRecordedInATrackedFunctionAreAttributedToIt() throws Exception {
        tracker.scope("job").job("job-1").run(() -> tracker.tracked("step", () -> {
            tracker.record(UsageEvent.builder("openai", ApiKind.CHAT).build());
        }).run());

        assertThat(fixture.count("SELECT count(*) FROM usage_event WHERE job_id = 'job-1' AND operation = 'step'"))
                .isEqualTo(1);
    }
}
