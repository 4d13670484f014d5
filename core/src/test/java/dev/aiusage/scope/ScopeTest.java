package dev.aiusage.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.event.BatchSummary;
import dev.aiusage.record.Recorder;
import dev.aiusage.testing.TrackerFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScopeTest {

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    private Tracker tracker;
    private Recorder recorder;
    private Path file;

    @BeforeEach
    void open() {
        tracker = fixture.tracker();
        recorder = fixture.recorder();
        file = fixture.file();
    }

    @Test
    void currentIsTheRootScopeOutsideAnyScope() {
        assertThat(Scope.current()).isNotNull();
        assertThat(Scope.current().isRoot()).isTrue();
        assertThat(Scope.current().attribution().operation()).isEqualTo("(unscoped)");
    }

    @Test
    void childInheritsJobBatchAndAttributesAndParentValuesReturnAfterIt() {
        tracker.scope("job").job("job-1").attribute("env", "ci").run(() -> {
            Scope parent = Scope.current();
            tracker.scope("batch").batch("b-1").attribute("env", "override").run(() -> {
                Scope child = Scope.current();
                assertThat(child.jobId()).isEqualTo("job-1");
                assertThat(child.batchId()).isEqualTo("b-1");
                assertThat(child.attributes()).containsEntry("env", "override");
                assertThat(child.parent()).isSameAs(parent);
            });
            assertThat(Scope.current()).isSameAs(parent);
            assertThat(Scope.current().batchId()).isNull();
            assertThat(Scope.current().attributes()).containsEntry("env", "ci");
        });
        assertThat(Scope.current().isRoot()).isTrue();
    }

    @Test
    void aFailingScopeIsRecordedAndItsCheckedExceptionPropagatesUnchanged() throws Exception {
        IOException thrown = new IOException("disk on fire");

        assertThatThrownBy(() -> tracker.scope("load").job("j").call(() -> {
            throw thrown;
        })).isSameAs(thrown);

        recorder.flush();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT outcome, error_type, error_message, job_id FROM scope_record WHERE operation = 'load'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("error");
            assertThat(rs.getString(2)).isEqualTo("java.io.IOException");
            assertThat(rs.getString(3)).isEqualTo("disk on fire");
            assertThat(rs.getString(4)).isEqualTo("j");
        }
    }

    @Test
    void whenNothingCanBeStoredTheCallerStillGetsItsOwnException() throws Exception {
        java.nio.file.Files.delete(file);
        java.nio.file.Files.createDirectories(dev.aiusage.ledger.Spool.beside(file).file());
        IOException mine = new IOException("mine");

        assertThatThrownBy(() -> tracker.scope("doomed").call(() -> {
            throw mine;
        })).isSameAs(mine);
        recorder.flush();
        assertThat(recorder.failedCount()).isEqualTo(1);
    }

    @Test
    void aRecorderThatThrowsNeverReachesOrMasksTheCaller() {
        Recorder broken = new Recorder() {
            @Override
            public void record(dev.aiusage.event.LedgerEntry entry) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void flush() {
                throw new IllegalStateException("disk full");
            }

            @Override
            public long failedCount() {
                return 0;
            }

            @Override
            public long spooledCount() {
                return 0;
            }

            @Override
            public void close() {}
        };
        Tracker fragile = Tracker.create(broken);
        ArithmeticException mine = new ArithmeticException("mine");

        assertThat(fragile.scope("fine").call(() -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> fragile.scope("failing").call(() -> {
            throw mine;
        })).isSameAs(mine);
        fragile.flush();
    }

    @Test
    void tolerantBatchCountsFailuresAndKeepsTheFirstTenSamples() throws Exception {
        BatchSummary summary = tracker.scope("batch").batch("b").runBatch(BatchPolicy.tolerant(), batch -> {
            for (int i = 0; i < 20; i++) {
                int item = i;
                batch.item("item-" + i, () -> {
                    if (item % 4 != 3) {
                        throw new IllegalStateException("bad item " + item);
                    }
                    return item;
                });
            }
        });

        assertThat(summary.succeeded()).isEqualTo(5);
        assertThat(summary.failed()).isEqualTo(15);
        assertThat(summary.samples()).hasSize(10);
        assertThat(summary.samples().getFirst().itemKey()).isEqualTo("item-0");
        assertThat(summary.samples().getFirst().message()).isEqualTo("bad item 0");

        recorder.flush();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT items_ok, items_failed FROM scope_record WHERE batch_id = 'b'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(5);
            assertThat(rs.getInt(2)).isEqualTo(15);
        }
    }

    @Test
    void failFastBatchRethrowsTheFirstFailureAfterCountingIt() {
        IllegalStateException first = new IllegalStateException("first");
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> tracker.scope("batch").runBatch(BatchPolicy.failFast(), batch -> {
            for (int i = 0; i < 3; i++) {
                batch.item("i" + i, () -> {
                    ran.incrementAndGet();
                    throw first;
                });
            }
        })).isSameAs(first);
        assertThat(ran).hasValue(1);
    }

    @Test
    void aCheckedExceptionOfAFailFastItemReachesTheBatchsCallerUnchanged() {
        IOException broken = new IOException("unreadable");

        assertThatThrownBy(() -> tracker.scope("batch").runBatch(BatchPolicy.failFast(), batch -> {
            batch.item("a", () -> {
                throw broken;
            });
        })).isSameAs(broken);
    }

    @Test
    void concurrentScopesNeverSeeEachOthersValues() throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger mismatches = new AtomicInteger();
        for (int i = 0; i < 500; i++) {
            String job = "job-" + i;
            threads.add(Thread.ofVirtual().start(() -> tracker.scope("work").job(job).run(() -> {
                for (int k = 0; k < 20; k++) {
                    Thread.yield();
                    if (!job.equals(Scope.current().jobId())) {
                        mismatches.incrementAndGet();
                    }
                }
            })));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(mismatches).hasValue(0);
    }

    @Test
    void wrappedTaskRunsInTheCapturedScopeOnAnotherThread() throws Exception {
        String[] seen = new String[2];
        tracker.scope("job").job("job-7").run(() -> {
            Runnable wrapped = Scope.current().wrap(() -> {
                seen[0] = Scope.current().jobId();
            });
            Runnable bare = () -> seen[1] = String.valueOf(Scope.current().isRoot());
            try {
                Thread.ofPlatform().start(wrapped).join();
                Thread.ofPlatform().start(bare).join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(seen).containsExactly("job-7", "true");
    }
}
