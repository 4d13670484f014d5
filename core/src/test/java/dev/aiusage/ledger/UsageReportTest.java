package dev.aiusage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.aiusage.ledger.UsageReport.ModelUsage;
import dev.aiusage.ledger.UsageTotals.Latency;
import dev.aiusage.pricing.Money;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageReportTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @TempDir
    Path dir;

    private Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(dir.resolve("usage.db"));
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        ledger.close();
    }

    private static UsageEvent at(String instant) {
        return event(Instant.parse(instant), "gpt-4o-mini", Money.ofUsd("0.01"), Map.of());
    }

    private static UsageEvent event(Instant at, String model, Money cost, Map<String, String> attributes) {
        return UsageEvent.builder("openai", ApiKind.CHAT)
                .requestModel(model)
                .tokens(TokenBuckets.of(100, 10))
                .cost(cost == null ? Cost.unpriced(CostSource.COMPUTED) : new Cost(cost, CostSource.COMPUTED, model))
                .startedAt(at)
                .endedAt(at.plusMillis(100))
                .attribution(new Attribution("s", "extract", "job-1", "job-1/1", attributes))
                .build();
    }

    private List<String> groups(UsageQuery query) {
        return ledger.report(query).stream().map(row -> String.join(" | ", row.group()) + " = " + row.attempts()).toList();
    }

    private void append(LedgerEntry... entries) throws Exception {
        ledger.append(List.of(entries));
    }

    @Test
    void aDayIsACalendarDayInTheQuerysZone() throws Exception {
        append(at("2025-01-25T04:08:00Z"));
        UsageQuery byDay = UsageQuery.all().groupedBy(List.of(GroupKey.DAY));

        assertThat(groups(byDay.inZone(LOS_ANGELES))).containsExactly("2025-01-24 = 1");
        assertThat(groups(byDay.inZone(ZoneId.of("UTC")))).containsExactly("2025-01-25 = 1");
    }

    @Test
    void aHalfHourZoneSplitsDaysAndHoursAtItsOwnMidnight() throws Exception {
        append(at("2025-01-24T18:29:00Z"), at("2025-01-24T18:31:00Z"), at("2025-01-24T19:29:00Z"));

        assertThat(groups(UsageQuery.all().inZone(KOLKATA).groupedBy(List.of(GroupKey.DAY))))
                .containsExactly("2025-01-24 = 1", "2025-01-25 = 2");
        assertThat(groups(UsageQuery.all().inZone(KOLKATA).groupedBy(List.of(GroupKey.HOUR))))
                .containsExactly("2025-01-24 23:00 = 1", "2025-01-25 00:00 = 2");
    }

    @Test
    void daysAroundAClockChangeAreWholeLocalDays() throws Exception {
        // New York moved from UTC-5 to UTC-4 at 2025-03-09T07:00Z: that day has 23 hours.
        append(at("2025-03-09T04:59:00Z"), at("2025-03-09T05:00:00Z"), at("2025-03-10T03:59:00Z"),
                at("2025-03-10T04:00:00Z"));

        assertThat(groups(UsageQuery.all().inZone(NEW_YORK).groupedBy(List.of(GroupKey.DAY))))
                .containsExactly("2025-03-08 = 1", "2025-03-09 = 2", "2025-03-10 = 1");
    }

    @Test
    void anHourTheClockRepeatsIsShownTwiceWithItsOffset() throws Exception {
        // 2025-11-02 in New York: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
        append(at("2025-11-02T05:30:00Z"), at("2025-11-02T06:30:00Z"), at("2025-11-02T07:30:00Z"));

        assertThat(groups(UsageQuery.all().inZone(NEW_YORK).groupedBy(List.of(GroupKey.HOUR))))
                .containsExactly("2025-11-02 01:00 -04:00 = 1", "2025-11-02 01:00 -05:00 = 1", "2025-11-02 02:00 = 1");
    }

    @Test
    void weeksStartOnMondayAndMonthsFollowTheZone() throws Exception {
        append(at("2025-01-26T20:00:00Z"), at("2025-01-27T09:00:00Z"), at("2025-02-01T03:00:00Z"));

        assertThat(groups(UsageQuery.all().inZone(LOS_ANGELES).groupedBy(List.of(GroupKey.WEEK))))
                .containsExactly("2025-01-20 = 1", "2025-01-27 = 2");
        assertThat(groups(UsageQuery.all().inZone(LOS_ANGELES).groupedBy(List.of(GroupKey.MONTH))))
                .containsExactly("2025-01 = 3");
        assertThat(groups(UsageQuery.all().groupedBy(List.of(GroupKey.MONTH))))
                .containsExactly("2025-01 = 2", "2025-02 = 1");
    }

    @Test
    void timesBefore1970FallOnTheRightDay() throws Exception {
        append(at("1969-12-31T23:00:00Z"), at("1969-12-28T12:00:00Z"));

        assertThat(groups(UsageQuery.all().groupedBy(List.of(GroupKey.DAY))))
                .containsExactly("1969-12-28 = 1", "1969-12-31 = 1");
        assertThat(groups(UsageQuery.all().groupedBy(List.of(GroupKey.WEEK))))
                .containsExactly("1969-12-22 = 1", "1969-12-29 = 1");
    }

    @Test
    void usageSpanningCenturiesOfClockChangesIsRefusedNotHung() throws Exception {
        append(at("1970-01-01T00:00:00Z"), at("9000-01-01T00:00:00Z"));

        assertThatThrownBy(() -> ledger.report(UsageQuery.all().inZone(NEW_YORK).groupedBy(List.of(GroupKey.DAY))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTC offset changes of America/New_York");
        assertThat(groups(UsageQuery.all().groupedBy(List.of(GroupKey.DAY)))).hasSize(2);
    }

    @Test
    void groupsByAScopeAttributeWithMissingValuesApart() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        append(event(t, "m", Money.ZERO, Map.of("team", "search")), event(t, "m", Money.ZERO, Map.of("team", "ads")),
                event(t, "m", Money.ZERO, Map.of("team", "ads")), event(t, "m", Money.ZERO, Map.of()),
                event(t, "m", Money.ZERO, Map.of("it's \"odd\"", "x")));

        assertThat(groups(UsageQuery.all().groupedBy(List.of(GroupKey.attribute("team")))))
                .containsExactly("(none) = 2", "ads = 2", "search = 1");
        assertThat(groups(UsageQuery.all().groupedBy(List.of(GroupKey.attribute("it's")))))
                .containsExactly("(none) = 5");
    }

    @Test
    void anAttributeKeyThatCouldBreakOutOfItsJsonPathIsRefused() {
        assertThatThrownBy(() -> GroupKey.parse("attr:a\"b")).hasMessageContaining("not an attribute key");
        assertThatThrownBy(() -> GroupKey.parse("attr:")).hasMessageContaining("not an attribute key");
        assertThat(GroupKey.parse(" ATTR:Team ")).isEqualTo(GroupKey.attribute("Team"));
    }

    @Test
    void filtersByBatchModelOperationProviderAndStatus() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        UsageEvent reported = UsageEvent.builder("anthropic", ApiKind.MESSAGES).requestModel("claude-x")
                .responseModel("claude-x-2025").status(CallStatus.ERROR).startedAt(t)
                .attribution(new Attribution("s", "classify", "job-2", "job-2/7", Map.of())).build();
        append(at("2025-01-25T04:08:00Z"), reported);

        assertThat(ledger.totals(UsageQuery.all().forBatch("job-2/7")).attempts()).isEqualTo(1);
        assertThat(ledger.totals(UsageQuery.all().forModel("claude-x")).attempts()).isEqualTo(1);
        assertThat(ledger.totals(UsageQuery.all().forModel("claude-x-2025")).attempts()).isEqualTo(1);
        assertThat(ledger.totals(UsageQuery.all().forOperation("extract")).attempts()).isEqualTo(1);
        assertThat(ledger.totals(UsageQuery.all().forProvider("anthropic")).errors()).isEqualTo(1);
        assertThat(ledger.totals(UsageQuery.all().withStatus(CallStatus.OK)).attempts()).isEqualTo(1);
        assertThat(ledger.totals(UsageQuery.all().forJob("job-2").forOperation("extract")).attempts()).isZero();
    }

    @Test
    void latencyPercentilesAreValuesThatOccurred() throws Exception {
        List<UsageEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        for (int i = 1; i <= 20; i++) {
            events.add(UsageEvent.builder("openai", ApiKind.CHAT).startedAt(t).endedAt(t.plusMillis(i * 10L))
                    .attribution(new Attribution("s", i % 2 == 0 ? "even" : "odd", "j", null, Map.of())).build());
        }
        ledger.append(events);

        UsageReport report = ledger.usageReport(UsageQuery.all().groupedBy(List.of(GroupKey.OPERATION)));

        assertThat(report.total().latency()).isEqualTo(new Latency(100, 190));
        assertThat(report.rows()).extracting(UsageTotals::latency)
                .containsExactly(new Latency(100, 180), new Latency(90, 170)); // position floor(p * (n - 1))
        assertThat(ledger.usageReport(UsageQuery.all().forJob("none")).total().latency().known()).isFalse();
        // a grouped report's total percentiles come from a scan beside the grouped one, with the same filters
        assertThat(ledger.usageReport(UsageQuery.all().forJob("j").groupedBy(List.of(GroupKey.OPERATION))).total().latency())
                .isEqualTo(new Latency(100, 190));
        assertThat(ledger.usageReport(UsageQuery.all().forJob("none").groupedBy(List.of(GroupKey.OPERATION)))
                .total().latency().known()).isFalse();
    }

    @Test
    void theTotalOfAGroupedReportIsTheSumOfItsRowsAndCountsARetriedCallOnce() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        UUID call = UUID.randomUUID();
        UsageEvent first = UsageEvent.builder("openai", ApiKind.CHAT).callId(call).status(CallStatus.ERROR)
                .startedAt(t).requestModel("m").cost(new Cost(Money.ZERO, CostSource.COMPUTED, "m")).build();
        UsageEvent retry = UsageEvent.builder("openai", ApiKind.CHAT).callId(call).attempt(2).startedAt(t.plusSeconds(1))
                .requestModel("m").tokens(TokenBuckets.of(5, 5)).cost(new Cost(Money.ofUsd("0.20"), CostSource.COMPUTED, "m"))
                .build();
        append(first, retry, event(t, "other", Money.ofUsd("0.10"), Map.of()), event(t, "local", null, Map.of()));

        UsageReport byStatus = ledger.usageReport(UsageQuery.all().groupedBy(List.of(GroupKey.STATUS, GroupKey.MODEL)));
        UsageTotals ungrouped = ledger.totals(UsageQuery.all());

        assertThat(byStatus.total()).isEqualTo(ungrouped);
        assertThat(ungrouped.calls()).isEqualTo(3);
        assertThat(ungrouped.attempts()).isEqualTo(4);
        assertThat(ungrouped.cost()).isEqualTo(Money.ofUsd("0.30"));
        assertThat(byStatus.unpriced()).containsExactly(new ModelUsage("local", 1, 110));
    }

    @Test
    void jobsCountTheItemsTheirBatchesFinishedAndWhatTheySpent() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        append(event(t, "m", Money.ofUsd("0.10"), Map.of()), event(t.plusSeconds(60), "m", Money.ofUsd("0.20"), Map.of()),
                batch("b-1", "job-1/1", t, 3, 1, List.of(new BatchSummary.ErrorSample("r-4", "ParseError", "no total"))),
                batch("b-2", "job-1/2", t.plusSeconds(30), 2, 0, List.of()),
                new ScopeRecord("root", null, null, "receipt-job", "job-1", null, Map.of(), t.minusSeconds(5),
                        t.plusSeconds(90), ScopeRecord.Outcome.ERROR, "IOException", "disk full", null));

        List<JobSummary> jobs = ledger.jobs(null, null);
        JobDetail detail = ledger.job("job-1").orElseThrow();

        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.jobId()).isEqualTo("job-1");
            assertThat(job.start()).isEqualTo(t.minusSeconds(5));
            assertThat(job.end()).isEqualTo(t.plusSeconds(90));
            assertThat(job.itemsOk()).isEqualTo(5);
            assertThat(job.itemsFailed()).isEqualTo(1);
            assertThat(job.calls()).isEqualTo(2);
            assertThat(job.cost()).isEqualTo(Money.ofUsd("0.30"));
        });
        assertThat(detail.batches()).extracting(JobDetail.Batch::batchId).containsExactly("job-1/1", "job-1/2");
        assertThat(detail.failures()).containsExactly(
                new JobDetail.Failure("(none)", null, "IOException", "disk full"),
                new JobDetail.Failure("job-1/1", "r-4", "ParseError", "no total"));
        assertThat(ledger.job("job-9")).isEmpty();
        assertThat(ledger.jobs(t.plusSeconds(3600), null)).isEmpty();
    }

    @Test
    void aJobsFailuresAreItsItemsThatFailedLastNotOnesALaterRunFixed() throws Exception {
        Instant t = Instant.parse("2025-01-25T04:08:00Z");
        append(batch("b-1", "job-1/1", t, 0, 2, List.of(new BatchSummary.ErrorSample("a", "Timeout", "first try"),
                        new BatchSummary.ErrorSample("b", "Timeout", "first try"))),
                item("i-1", "b-1", "job-1/1", "/r/a.txt", t, "Timeout", "first try"),
                item("i-2", "b-1", "job-1/1", "/r/b.txt", t, "Timeout", "first try"),
                batch("b-2", "job-1/1", t.plusSeconds(60), 1, 1, List.of(new BatchSummary.ErrorSample("b", "ParseError", "again"))),
                item("i-3", "b-2", "job-1/1", "/r/a.txt", t.plusSeconds(60), null, null),
                item("i-4", "b-2", "job-1/1", "/r/b.txt", t.plusSeconds(60), "ParseError", "again"));

        JobDetail detail = ledger.job("job-1").orElseThrow();

        assertThat(detail.failures()).containsExactly(new JobDetail.Failure("job-1/1", "/r/b.txt", "ParseError", "again"));
        assertThat(detail.summary().itemsOk()).isEqualTo(1);
        assertThat(detail.summary().itemsFailed()).isEqualTo(1);
    }

    private static ScopeRecord item(String id, String batchScope, String batch, String item, Instant at, String errorType,
            String message) {
        return new ScopeRecord(id, batchScope, "batch", "receipt", "job-1", batch, Map.of("item", item), at, at.plusSeconds(1),
                errorType == null ? ScopeRecord.Outcome.OK : ScopeRecord.Outcome.ERROR, errorType, message, null);
    }

    private static ScopeRecord batch(String id, String batch, Instant at, int ok, int failed,
            List<BatchSummary.ErrorSample> samples) {
        return new ScopeRecord(id, "root", "receipt-job", "batch", "job-1", batch, Map.of(), at, at.plusSeconds(10),
                ScopeRecord.Outcome.OK, null, null, new BatchSummary(ok, failed, samples));
    }
}
