package dev.aiusage.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.EntryCodec;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.Spool;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.BatchPolicy;
import dev.aiusage.scope.Scope;
import dev.aiusage.scope.Tracked;
import dev.aiusage.scope.Tracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions for what a tester found by abusing the library; each failed before its fix. */
class LibraryAbuseTest {

    @TempDir
    Path dir;

    private static UsageEvent event(long input) {
        return UsageEvent.builder("openai", ApiKind.CHAT).tokens(TokenBuckets.of(input, 1)).build();
    }

    private static long attempts(Path file) {
        try (Ledger ledger = Ledger.open(file)) {
            return ledger.totals(UsageQuery.all()).attempts();
        }
    }

    @Test
    void aSpoolLineTheLedgerCannotHoldIsSetAsideAndTheLedgerStillOpens() throws Exception {
        Path file = dir.resolve("usage.db");
        Spool spool = Spool.beside(file);
        spool.append(List.of(event(1)));
        String farFuture = EntryCodec.encode(event(2)).replaceFirst("\"startedAt\":\"[^\"]+\"",
                "\"startedAt\":\"+300000000-01-01T00:00:00Z\"");
        Files.writeString(spool.file(), farFuture + "\n", StandardOpenOption.APPEND);
        spool.append(List.of(event(3)));

        assertThat(attempts(file)).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("usage.db.spool.rejected"))).contains("+300000000");
    }

    @Test
    void aTornCharacterInTheSpoolCostsOnlyItsLine() throws Exception {
        Path file = dir.resolve("usage.db");
        Spool spool = Spool.beside(file);
        byte[] torn = "{\"kind\":\"usage\",\"provider\":\"\u00fc".getBytes(StandardCharsets.UTF_8);
        Files.write(spool.file(), java.util.Arrays.copyOf(torn, torn.length - 1));

        spool.append(List.of(event(1), event(2)));

        assertThat(attempts(file)).isEqualTo(2);
    }

    @Test
    void flushRacingCloseNeverHangs() throws Exception {
        for (int round = 0; round < 20; round++) {
            Recorder recorder = Recorder.toLedger(Ledger.open(dir.resolve("race-" + round + ".db")));
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        recorder.record(event(1));
                        recorder.flush();
                    }
                }));
            }
            Thread.sleep(5);
            recorder.close();
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(10_000);
                assertThat(thread.isAlive()).as("a flush racing close() returned").isFalse();
            }
            assertThat(recorder.failedCount()).isZero();
        }
    }

    @Test
    void aForeignDatabaseWithAVersionIsLeftByteForByteUnchanged() throws Exception {
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
            s.execute("PRAGMA user_version = 1");
        }
        byte[] before = Files.readAllBytes(foreign);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ledger.open(foreign))
                .hasMessageContaining("not an aiusage ledger");
        assertThat(Files.readAllBytes(foreign)).isEqualTo(before);
        assertThat(dir.resolve("foreign.db-wal")).doesNotExist();
    }

    @Test
    void aLedgerReplacedWhileInUseGetsNothingWrittenIntoTheOldFile() throws Exception {
        Path file = dir.resolve("usage.db");
        Ledger ledger = Ledger.open(file);
        try (Recorder recorder = Recorder.toLedger(ledger)) {
            recorder.record(event(1));
            recorder.flush();
            Files.move(file, dir.resolve("moved.db"));
            Ledger.open(file).close(); // someone puts a fresh ledger in its place

            recorder.record(event(2));
            recorder.flush();

            assertThat(recorder.spooledCount()).isEqualTo(1);
        }
        assertThat(attempts(file)).isEqualTo(1);
    }

    interface Hidden {
        @Tracked(operation = "hidden")
        String run(@Tracked.JobId String job);

        String plain();
    }

    @Test
    void aPackagePrivateInterfaceCanBeTrackedAndABlankJobIdInherits() {
        try (Recorder recorder = Recorder.toLedger(Ledger.open(dir.resolve("usage.db")))) {
            Tracker tracker = Tracker.create(recorder);
            Hidden hidden = tracker.proxy(Hidden.class, new Hidden() {
                @Override
                public String run(String job) {
                    return Scope.current().operation() + ":" + Scope.current().jobId();
                }

                @Override
                public String plain() {
                    return "plain";
                }
            });

            assertThat(hidden.run("job-1")).isEqualTo("hidden:job-1");
            assertThat(hidden.plain()).isEqualTo("plain");
            assertThat(tracker.scope("outer").job("outer-job").call(() -> hidden.run("  "))).isEqualTo("hidden:outer-job");
        }
    }

    @Test
    void anInterruptedItemKeepsTheInterruptForTheCaller() throws InterruptedException {
        try (Recorder recorder = Recorder.toLedger(Ledger.open(dir.resolve("usage.db")))) {
            Tracker tracker = Tracker.create(recorder);
            boolean[] interruptedAfter = new boolean[1];

            tracker.scope("batch").runBatch(BatchPolicy.tolerant(), batch -> {
                batch.item("sleepy", () -> {
                    throw new InterruptedException("asked to stop");
                });
                interruptedAfter[0] = Thread.interrupted();
            });

            assertThat(interruptedAfter[0]).isTrue();
        }
    }
}
