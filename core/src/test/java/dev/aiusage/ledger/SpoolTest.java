package dev.aiusage.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import dev.aiusage.record.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static UsageEvent event(long input) {
        return UsageEvent.builder("openai", ApiKind.CHAT).requestModel("gpt-4o-mini").tokens(TokenBuckets.of(input, 1))
                .cost(new Cost(new Money(input * 150), CostSource.COMPUTED, "gpt-4o-mini")).build();
    }

    @Test
    void everyFieldSurvivesTheSpoolFormat() {
        UsageEvent event = new UsageEvent(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), 2,
                Instant.parse("2025-01-25T04:08:00.123Z"), Instant.parse("2025-01-25T04:08:01.456Z"), "anthropic",
                ApiKind.MESSAGES, dev.aiusage.event.ServiceTier.BATCH, "claude-sonnet-4-5", "claude-sonnet-4-5-20250929",
                new TokenBuckets(1, 2, 3, 4, 5, 6, 7, 8), new Cost(new Money(12_345), CostSource.PROVIDER, "claude-sonnet-4-5"),
                CallStatus.ERROR, 429, "RateLimitError", "req_1", "{\"input_tokens\":1}",
                new Attribution("s", "extract", "job", "batch", Map.of("k", "v")));
        ScopeRecord scope = new ScopeRecord("s", "p", "job", "batch", "job-1", "b-1", Map.of("a", "b"),
                Instant.parse("2025-01-25T04:08:00Z"), Instant.parse("2025-01-25T04:09:00Z"), ScopeRecord.Outcome.ERROR,
                "java.io.IOException", "boom", new BatchSummary(3, 1, List.of(new BatchSummary.ErrorSample("r1", "X", "m"))));

        for (LedgerEntry entry : List.<LedgerEntry>of(event, scope)) {
            assertThat(EntryCodec.decode(EntryCodec.encode(entry))).isEqualTo(entry);
        }
    }

    @Test
    void eventsForADeletedLedgerGoToTheSpoolAndReturnOnTheNextOpen() throws Exception {
        Path file = dir.resolve("usage.db");
        Ledger ledger = Ledger.open(file);
        try (Recorder recorder = Recorder.toLedger(ledger)) {
            recorder.record(event(10));
            recorder.flush();
            Files.delete(file);

            recorder.record(event(20));
            recorder.record(event(30));
            recorder.flush();

            assertThat(recorder.failedCount()).isZero();
            assertThat(recorder.spooledCount()).isEqualTo(2);
        }
        assertThat(Spool.beside(file).isPending()).isTrue();

        try (Ledger reopened = Ledger.open(file)) {
            assertThat(reopened.totals(UsageQuery.all()).tokens().input()).isEqualTo(50);
        }
        assertThat(Spool.beside(file).isPending()).isFalse();
    }

    @Test
    void aLedgerLockedByAnotherWriterSpoolsInsteadOfLosingEvents() throws Exception {
        Path file = dir.resolve("usage.db");
        Ledger ledger = Ledger.open(file, Duration.ofMillis(100));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement lock = other.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE");
            try (Recorder recorder = Recorder.toLedger(ledger)) {
                recorder.record(event(5));
                recorder.flush();
                assertThat(recorder.spooledCount()).isEqualTo(1);
            }
            lock.execute("ROLLBACK");
        }

        try (Ledger reopened = Ledger.open(file)) {
            assertThat(reopened.totals(UsageQuery.all()).attempts()).isEqualTo(1);
        }
    }

    @Test
    void importingTheSameSpoolTwiceCountsEachEventOnce() throws Exception {
        Path file = dir.resolve("usage.db");
        UsageEvent event = event(7);
        Spool spool = Spool.beside(file);
        spool.append(List.of(event));
        Path copy = Files.copy(spool.file(), dir.resolve("copy"));

        Ledger.open(file).close();
        Files.copy(copy, spool.file());
        try (Ledger ledger = Ledger.open(file)) {
            assertThat(ledger.totals(UsageQuery.all()).attempts()).isEqualTo(1);
        }
    }

    @Test
    void aLineCutShortByACrashIsKeptAsideAndTheRestImported() throws Exception {
        Path file = dir.resolve("usage.db");
        Spool spool = Spool.beside(file);
        spool.append(List.of(event(1), event(2)));
        Files.writeString(spool.file(), "{\"kind\":\"usage\",\"eventId\":\"01", java.nio.file.StandardOpenOption.APPEND);

        try (Ledger ledger = Ledger.open(file)) {
            assertThat(ledger.totals(UsageQuery.all()).attempts()).isEqualTo(2);
        }
        assertThat(dir.resolve("usage.db.spool.rejected")).content().startsWith("{\"kind\":\"usage\"");
    }

    @Test
    void whenNeitherLedgerNorSpoolCanBeWrittenTheLossIsCounted() throws Exception {
        Path file = dir.resolve("usage.db");
        Ledger ledger = Ledger.open(file);
        Files.createDirectories(Spool.beside(file).file()); // a folder where the spool file should go
        try (Recorder recorder = Recorder.toLedger(ledger)) {
            Files.delete(file);
            recorder.record(event(1));
            recorder.flush();

            assertThat(recorder.failedCount()).isEqualTo(1);
            assertThat(recorder.spooledCount()).isZero();
        }
    }
}
