package dev.aiusage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.AiusageException;
import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    @TempDir
    Path dir;

    static UsageEvent event(String job, String model, long in, long out, Money cost, Instant at) {
        return UsageEvent.builder("openai", ApiKind.CHAT)
                .requestModel(model)
                .tokens(TokenBuckets.of(in, out))
                .cost(cost == null ? Cost.unpriced(CostSource.COMPUTED) : new Cost(cost, CostSource.COMPUTED, model))
                .startedAt(at)
                .endedAt(at.plusMillis(120))
                .attribution(new Attribution("s-1", "extract", job, job + "/1", Map.of("receipt", "r1")))
                .build();
    }

    @Test
    void sumsEventsExactlyInSql() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        try (Ledger ledger = Ledger.open(dir.resolve("usage.db"))) {
            ledger.append(List.of(
                    event("job-a", "gpt-4o-mini", 1_000, 200, Money.ofUsd("0.10"), t),
                    event("job-a", "gpt-4o-mini", 500, 100, Money.ofUsd("0.20"), t),
                    event("job-b", "unknown-model", 70, 30, null, t)));

            UsageTotals jobA = ledger.totals(UsageQuery.all().forJob("job-a"));
            UsageTotals all = ledger.totals(UsageQuery.all());

            assertThat(jobA.calls()).isEqualTo(2);
            assertThat(jobA.tokens()).isEqualTo(TokenBuckets.of(1_500, 300));
            assertThat(jobA.cost()).isEqualTo(Money.ofUsd("0.30"));
            assertThat(all.unpricedAttempts()).isEqualTo(1);
            assertThat(all.unpricedTokens()).isEqualTo(100);
            assertThat(all.cost()).isEqualTo(Money.ofUsd("0.30"));
        }
    }

    @Test
    void groupsByModelAndDay() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        try (Ledger ledger = Ledger.open(dir.resolve("usage.db"))) {
            ledger.append(List.of(
                    event("j", "gpt-4o-mini", 10, 1, Money.ofUsd("0.01"), t),
                    event("j", "gpt-4o", 20, 2, Money.ofUsd("0.02"), t.minusSeconds(86_400))));

            List<UsageTotals> rows = ledger.report(UsageQuery.all().groupedBy(List.of(GroupKey.DAY, GroupKey.MODEL)));

            assertThat(rows).extracting(UsageTotals::group).containsExactly(
                    List.of("2025-01-24", "gpt-4o"), List.of("2025-01-25", "gpt-4o-mini"));
            assertThat(rows).extracting(UsageTotals::cost).containsExactly(Money.ofUsd("0.02"), Money.ofUsd("0.01"));
        }
    }

    @Test
    void storingTheSameEventTwiceCountsItOnce() throws Exception {
        UsageEvent once = event("j", "m", 10, 1, Money.ofUsd("0.01"), Instant.now());
        try (Ledger ledger = Ledger.open(dir.resolve("usage.db"))) {
            ledger.append(List.of(once));
            ledger.append(List.of(once));

            assertThat(ledger.totals(UsageQuery.all()).attempts()).isEqualTo(1);
        }
    }

    @Test
    void filtersByTime() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        try (Ledger ledger = Ledger.open(dir.resolve("usage.db"))) {
            ledger.append(List.of(event("j", "m", 10, 1, null, t), event("j", "m", 10, 1, null, t.plusSeconds(10))));

            assertThat(ledger.totals(UsageQuery.all().between(t.plusSeconds(1), null)).attempts()).isEqualTo(1);
        }
    }

    @Test
    void emptyLedgerReportsZeroes() {
        try (Ledger ledger = Ledger.open(dir.resolve("usage.db"))) {
            UsageTotals totals = ledger.totals(UsageQuery.all());

            assertThat(totals.attempts()).isZero();
            assertThat(totals.cost()).isEqualTo(Money.ZERO);
        }
    }

    @Test
    void refusesAFileThatIsNotADatabaseAndLeavesItUnchanged() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.db"), "my precious notes\n");

        assertThatThrownBy(() -> Ledger.open(notes))
                .isInstanceOf(AiusageException.class)
                .hasMessageContaining("not an aiusage ledger");
        assertThat(Files.readString(notes)).isEqualTo("my precious notes\n");
    }

    @Test
    void refusesAnotherApplicationsDatabase() throws Exception {
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER)");
        }
        byte[] before = Files.readAllBytes(other);

        assertThatThrownBy(() -> Ledger.open(other)).hasMessageContaining("not an aiusage ledger");
        assertThat(Files.readAllBytes(other)).isEqualTo(before);
    }

    @Test
    void refusesALedgerFromANewerVersionWithoutChangingIt() throws Exception {
        Path ledgerFile = dir.resolve("future.db");
        Ledger.open(ledgerFile).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledgerFile); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }

        byte[] before = Files.readAllBytes(ledgerFile);

        assertThatThrownBy(() -> Ledger.open(ledgerFile))
                .hasMessageContaining("newer aiusage")
                .hasMessageContaining("schema 99");
        assertThat(Files.readAllBytes(ledgerFile)).isEqualTo(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledgerFile);
                var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(99);
        }
    }

    @Test
    void aTruncatedLedgerIsReportedAsCorrupt() throws Exception {
        Path file = dir.resolve("usage.db");
        try (Ledger ledger = Ledger.open(file)) {
            List<UsageEvent> many = new java.util.ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                many.add(event("j", "m", i, 1, Money.ofUsd("0.01"), Instant.now()));
            }
            ledger.append(many);
        }
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        assertThatThrownBy(() -> {
            try (Ledger ledger = Ledger.openExisting(file)) {
                ledger.totals(UsageQuery.all());
            }
        }).isInstanceOf(AiusageException.class).hasMessageContaining("corrupt");
    }

    @Test
    void processesCreatingTheSameNewLedgerAtOnceAllSucceed() throws Exception {
        Path file = dir.resolve("new.db");
        List<Thread> openers = new java.util.ArrayList<>();
        java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            openers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    Ledger.open(file).close();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        start.countDown();
        for (Thread opener : openers) {
            opener.join();
        }

        assertThat(failures).isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Schema.CURRENT_VERSION);
        }
    }

    @Test
    void aVersion1LedgerIsMigratedKeepingItsEvents() throws Exception {
        Path file = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : Schema.migration(1)) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            s.execute("""
                    INSERT INTO usage_event (event_id, call_id, attempt, started_at, ended_at, latency_ms, provider, api,
                      input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens,
                      reasoning_tokens, audio_input_tokens, audio_output_tokens, cost_nanos, cost_source, status, operation)
                    VALUES ('e1', 'e1', 1, 0, 1, 1, 'openai', 'chat', 10, 0, 0, 0, 2, 0, 0, 0, 500, 'computed', 'ok', 'x')""");
        }

        try (Ledger ledger = Ledger.open(file)) {
            assertThat(ledger.totals(UsageQuery.all()).cost()).isEqualTo(new Money(500));
            ledger.append(List.of(event("j", "m", 1, 1, Money.ofUsd("0.01"), Instant.now())));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Schema.CURRENT_VERSION).isGreaterThan(1);
        }
    }

    @Test
    void aVersion3LedgerGainsTheReportIndexesInPlaceAndReportsTheSame() throws Exception {
        Path file = dir.resolve("v3.db");
        Instant t = Instant.parse("2025-03-08T22:00:00Z");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (int version = 1; version <= 3; version++) {
                for (String sql : Schema.migration(version)) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA user_version = 3");
            s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            try (EntryWriter writer = new EntryWriter(c)) {
                writer.write(List.of(event("job-a", "gpt-4o-mini", 1_000, 200, Money.ofUsd("0.10"), t),
                        event("job-a", "gpt-4o", 500, 100, Money.ofUsd("0.20"), t.plusSeconds(7_200)),
                        event(null, "local", 70, 30, null, t.plusSeconds(86_400))));
            }
        }
        List<UsageQuery> queries = List.of(UsageQuery.all(), UsageQuery.all().groupedBy(List.of(GroupKey.MODEL)),
                UsageQuery.all().inZone(java.time.ZoneId.of("America/New_York"))
                        .groupedBy(List.of(GroupKey.DAY, GroupKey.PROVIDER)),
                UsageQuery.all().groupedBy(List.of(GroupKey.BATCH)), UsageQuery.all().groupedBy(List.of(GroupKey.JOB)));
        List<UsageReport> before = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (UsageQuery query : queries) {
                before.add(UsageReporter.report(c, query, UsageReporter.Plan.SORT));
            }
        }

        try (Ledger ledger = Ledger.openExisting(file)) {
            assertThat(queries.stream().map(ledger::usageReport).toList()).isEqualTo(before);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                var rs = c.createStatement().executeQuery(
                        "SELECT (SELECT user_version FROM pragma_user_version), count(*) FROM sqlite_master"
                                + " WHERE name IN ('usage_event_facet', 'usage_event_batch')")) {
            assertThat(rs.getInt(1)).isEqualTo(4);
            assertThat(rs.getInt(2)).isEqualTo(2);
        }
    }

    @Test
    void openingAMissingLedgerForReadingCreatesNothing() {
        Path missing = dir.resolve("sub/none.db");

        assertThatThrownBy(() -> Ledger.openExisting(missing)).hasMessageContaining("no ledger at");
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void reopensAnExistingLedgerWithItsData() throws Exception {
        Path file = dir.resolve("usage.db");
        try (Ledger ledger = Ledger.open(file)) {
            ledger.append(List.of(event("j", "m", 10, 1, Money.ofUsd("0.01"), Instant.now())));
        }
        try (Ledger ledger = Ledger.openExisting(file)) {
            assertThat(ledger.totals(UsageQuery.all()).attempts()).isEqualTo(1);
        }
    }
}
