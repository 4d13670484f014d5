package dev.aiusage.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.scope.BatchPolicy;
import dev.aiusage.scope.Scope;
import dev.aiusage.scope.Tracker;
import dev.aiusage.testing.TrackerFixture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Regressions for the faults of the Python system aiusage replaces; each failed there. */
class OriginalFaultsTest {

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    private Tracker tracker;

    @BeforeEach
    void open() {
        tracker = fixture.tracker();
    }

    private List<String> column(String sql) {
        return fixture.column(sql);
    }

    @Test
    void exitTimeDataReachesStorage() {
        assertThatThrownBy(() -> tracker.scope("batch").batch("b-1").runBatch(BatchPolicy.failFast(), batch ->
                batch.item("r-1", () -> {
                    throw new IllegalStateException("bad receipt");
                }))).hasMessage("bad receipt");

        assertThat(column("SELECT ended_at >= started_at FROM scope_record")).containsExactly("1");
        assertThat(column("SELECT outcome || ' ' || error_type || ' ' || error_message FROM scope_record"))
                .containsExactly("error java.lang.IllegalStateException bad receipt");
        assertThat(column("SELECT items_failed || ' ' || error_samples FROM scope_record"))
                .singleElement().asString().startsWith("1 [{\"itemKey\":\"r-1\"");
    }

    @Test
    void jobAndBatchOfAnInnerScopeDoNotLeakIntoLaterCalls() {
        tracker.scope("outer").job("job-outer").run(() -> {
            tracker.scope("inner").job("job-inner").batch("b-inner").run(() -> record());
            record();
        });
        record();

        assertThat(column("SELECT coalesce(job_id, '-') || '/' || coalesce(batch_id, '-') FROM usage_event ORDER BY event_id"))
                .containsExactly("job-inner/b-inner", "job-outer/-", "-/-");
    }

    @Test
    void aScopeCannotExistWithoutSomewhereToRecord() {
        assertThatThrownBy(() -> Tracker.create(null)).isInstanceOf(NullPointerException.class);
        // And usage outside any scope is still stored, in a visible bucket.
        record();
        assertThat(column("SELECT operation FROM usage_event")).containsExactly("(unscoped)");
    }

    @Test
    void concurrentAsyncSiblingsRecordTheirOwnParentNotEachOther() {
        var pool = Scope.propagating(Executors.newFixedThreadPool(4));
        try {
            tracker.scope("parent").job("j").run(() -> {
                List<CompletableFuture<Void>> siblings = List.of(1, 2, 3, 4).stream()
                        .map(i -> CompletableFuture.runAsync(() -> tracker.scope("sibling-" + i).run(() -> {
                            Thread.yield();
                            record();
                        }), pool))
                        .toList();
                siblings.forEach(CompletableFuture::join);
            });
        } finally {
            pool.shutdown();
        }

        assertThat(column("SELECT DISTINCT parent_operation FROM scope_record WHERE operation LIKE 'sibling-%'"))
                .containsExactly("parent");
        assertThat(column("""
                SELECT count(*) FROM usage_event e JOIN scope_record s ON e.scope_id = s.scope_id
                WHERE s.operation LIKE 'sibling-%' AND e.operation = s.operation"""))
                .containsExactly("4");
    }

    private void record() {
        tracker.record(UsageEvent.builder("openai", ApiKind.CHAT).requestModel("gpt-4o-mini").build());
    }
}
