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
import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerExportTest {

    @TempDir
    Path dir;

    /** Every field set, times in whole milliseconds (what the ledger keeps). */
    private static final UsageEvent EVENT = UsageEvent.builder("anthropic", ApiKind.MESSAGES)
            .startedAt(Instant.parse("2025-05-01T10:00:00.123Z")).endedAt(Instant.parse("2025-05-01T10:00:01.456Z"))
            .attempt(2).serviceTier(ServiceTier.BATCH).requestModel("claude-x").responseModel("claude-x-2025")
            .tokens(new TokenBuckets(1, 2, 3, 4, 5, 6, 7, 8))
            .cost(new Cost(new Money(987_654_321), CostSource.COMPUTED, "claude-x"))
            .status(CallStatus.ERROR).httpStatus(529).errorType("overloaded").requestId("req-1")
            .rawUsage("{\"input_tokens\":1}")
            .attribution(new Attribution("s-1", "extract", "job-1", "job-1/1", Map.of("git.commit", "abc", "env", "ci")))
            .build();

    private static final ScopeRecord SCOPE = new ScopeRecord("s-1", "s-0", "receipt-job", "batch", "job-1", "job-1/1",
            Map.of("env", "ci"), Instant.parse("2025-05-01T09:59:00Z"), Instant.parse("2025-05-01T10:02:00Z"),
            ScopeRecord.Outcome.ERROR, "java.lang.IllegalStateException", "two failed",
            new BatchSummary(3, 2, List.of(new BatchSummary.ErrorSample("r-9", "Boom", "bad total"))));

    @Test
    void entriesReadBackEqualToWhatWasStored() throws Exception {
        Path path = dir.resolve("usage.db");
        try (Ledger ledger = Ledger.open(path)) {
            ledger.append(List.of(EVENT, SCOPE));
        }
        List<LedgerEntry> read = new ArrayList<>();

        try (LedgerExport export = LedgerExport.open(path)) {
            export.entries(EntryFilter.all(), read::add);
        }

        assertThat(read).containsExactly(EVENT, SCOPE);
    }

    @Test
    void attributeKeysOfTheMatchingEventsOnly() throws Exception {
        Path path = dir.resolve("usage.db");
        try (Ledger ledger = Ledger.open(path)) {
            ledger.append(List.of(EVENT, UsageEvent.builder("openai", ApiKind.CHAT).tokens(TokenBuckets.of(1, 1))
                    .attribution(new Attribution(null, "op", "job-2", null, Map.of("team", "a"))).build()));
        }

        try (LedgerExport export = LedgerExport.open(path)) {
            assertThat(export.eventAttributeKeys(EntryFilter.all().forJob("job-1"))).containsExactly("env", "git.commit");
            assertThat(export.eventAttributeKeys(EntryFilter.all())).containsExactly("env", "git.commit", "team");
        }
    }

    @Test
    void openingAMissingLedgerCreatesNothing() {
        Path missing = dir.resolve("none/usage.db");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LedgerExport.open(missing))
                .hasMessageContaining("no ledger at");
        assertThat(Files.exists(missing.getParent())).isFalse();
    }
}
