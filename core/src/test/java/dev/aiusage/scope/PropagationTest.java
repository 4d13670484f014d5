package dev.aiusage.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.testing.TrackerFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PropagationTest {

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    private Tracker tracker;

    @BeforeEach
    void open() {
        tracker = fixture.tracker();
    }

    private void call() {
        tracker.record(UsageEvent.builder("openai", ApiKind.CHAT).requestModel("gpt-4o-mini").build());
    }

    private long events(String where) {
        return fixture.count("SELECT count(*) FROM usage_event WHERE " + where);
    }

    @Test
    void tasksSubmittedThroughThePropagatingExecutorAreAttributedToTheSubmittersJob() throws Exception {
        ExecutorService pool = Scope.propagating(Executors.newFixedThreadPool(2));
        try {
            tracker.scope("job").job("job-42").run(() -> {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    done.add(pool.submit(this::call));
                }
                done.forEach(f -> {
                    try {
                        f.get();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            });
        } finally {
            pool.shutdown();
        }

        assertThat(events("job_id = 'job-42'")).isEqualTo(3);
        assertThat(events("job_id IS NULL")).isZero();
    }

    @Test
    void anUnwrappedTaskStartsUnscopedAndItsCallLandsInTheUnscopedBucket() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            tracker.scope("job").job("job-42").call(() -> pool.submit(() -> {
                assertThat(Scope.current().isRoot()).isTrue();
                call();
            }).get());
        } finally {
            pool.shutdown();
        }

        assertThat(events("operation = '(unscoped)' AND job_id IS NULL")).isEqualTo(1);
        assertThat(events("job_id = 'job-42'")).isZero();
    }

    @Test
    void invokeAllThroughThePropagatingExecutorKeepsTheScope() throws Exception {
        ExecutorService pool = Scope.propagating(Executors.newVirtualThreadPerTaskExecutor());
        try {
            List<Callable<String>> tasks = List.of(() -> Scope.current().jobId(), () -> Scope.current().jobId());
            List<Future<String>> futures = tracker.scope("job").job("job-7").call(() -> pool.invokeAll(tasks));
            List<String> jobs = new ArrayList<>();
            for (Future<String> future : futures) {
                jobs.add(future.get());
            }

            assertThat(jobs).containsExactly("job-7", "job-7");
        } finally {
            pool.shutdown();
        }
    }
}
