package dev.aiusage.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

    @TempDir
    Path dir;

    private static UsageEvent event() {
        return UsageEvent.builder("openai", ApiKind.CHAT).requestModel("gpt-4o-mini").tokens(TokenBuckets.of(3, 1)).build();
    }

    @Test
    void everyEventFromManyVirtualThreadsIsStoredByFlush() throws Exception {
        Ledger ledger = Ledger.open(dir.resolve("usage.db"));
        try (Recorder recorder = Recorder.toLedger(ledger)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        recorder.record(event());
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            recorder.flush();

            assertThat(ledger.totals(UsageQuery.all()).attempts()).isEqualTo(10_000);
            assertThat(ledger.totals(UsageQuery.all()).tokens().totalInput()).isEqualTo(30_000);
            assertThat(recorder.failedCount()).isZero();
        }
    }

    @Test
    void flushAsyncCompletesOnceEverythingRecordedBeforeItIsStored() {
        Path file = dir.resolve("usage.db");
        Ledger ledger = Ledger.open(file);
        try (Recorder recorder = Recorder.toLedger(ledger)) {
            for (int i = 0; i < 500; i++) {
                recorder.record(event());
            }
            var durable = recorder.flushAsync();

            durable.join();

            assertThat(dev.aiusage.testing.Sql.count(file, "SELECT count(*) FROM usage_event")).isEqualTo(500);
        }
        try (Recorder closed = Recorder.toLedger(Ledger.open(file))) {
            closed.close();
            assertThat(closed.flushAsync()).as("a closed recorder has nothing left to store").isCompleted();
        }
    }

    @Test
    void closeStoresWhatIsStillQueued() {
        Path file = dir.resolve("usage.db");
        try (Recorder recorder = Recorder.toLedger(Ledger.open(file))) {
            for (int i = 0; i < 1_000; i++) {
                recorder.record(event());
            }
        }
        try (Ledger ledger = Ledger.openExisting(file)) {
            assertThat(ledger.totals(UsageQuery.all()).attempts()).isEqualTo(1_000);
        }
    }

    @Test
    void aLedgerThatCannotBeWrittenNeverThrowsIntoTheCallerAndKeepsTheEvents() {
        Ledger ledger = Ledger.open(dir.resolve("usage.db"));
        Recorder recorder = Recorder.toLedger(ledger);
        ledger.close(); // every later write fails

        recorder.record(event());
        recorder.record(event());
        recorder.flush();

        assertThat(recorder.failedCount()).isZero();
        assertThat(recorder.spooledCount()).isEqualTo(2);
        recorder.close();
        try (Ledger reopened = Ledger.open(dir.resolve("usage.db"))) {
            assertThat(reopened.totals(UsageQuery.all()).attempts()).isEqualTo(2);
        }
    }

    @Test
    void anEventRecordedAfterCloseGoesToTheSpoolNotNowhere() {
        Path file = dir.resolve("usage.db");
        Recorder recorder = Recorder.toLedger(Ledger.open(file));
        recorder.close();

        recorder.record(event());

        assertThat(recorder.failedCount()).isZero();
        assertThat(recorder.spooledCount()).isEqualTo(1);
        try (Ledger reopened = Ledger.open(file)) {
            assertThat(reopened.totals(UsageQuery.all()).attempts()).isEqualTo(1);
        }
    }
}
