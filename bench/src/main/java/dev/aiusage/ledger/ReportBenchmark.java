package dev.aiusage.ledger;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * Times representative reports over a ledger of a million events (built once, in one transaction,
 * and kept under {@code bench/target}), through {@link Ledger#usageReport} and {@link Ledger#jobs}: the
 * calls {@code aiusage report} makes. Each report runs {@value #RUNS} times; the first run reads the
 * file cold from the page cache. Usage: {@code ReportBenchmark [ledger-file] [events]}.
 */
public final class ReportBenchmark {

    private static final int RUNS = 3;
    private static final long GOAL_MILLIS = 1_000;

    private static String slowest = "";
    private static long slowestMillis;
    private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "o3-mini"};
    private static final String[] PROVIDERS = {"openai", "openai", "anthropic", "google", "openai"};
    private static final String[] OPERATIONS = {"extract", "embed", "classify", "summarise"};
    private static final String[] TEAMS = {"search", "ads", "billing", "support", "growth", "infra", "data"};

    private ReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "bench/target/report-1m.db");
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        if (!Files.exists(file)) {
            build(file, events);
        }
        try (Ledger ledger = Ledger.openExisting(file)) {
            System.out.printf(Locale.ROOT, "ledger %s: %,d events, %,d MB%n", file, ledger.totals(UsageQuery.all()).attempts(),
                    Files.size(file) >> 20);
            UsageQuery all = UsageQuery.all();
            time("total (no grouping)", () -> ledger.usageReport(all));
            time("by day, America/Los_Angeles", () -> ledger.usageReport(all.inZone(ZoneId.of("America/Los_Angeles"))
                    .groupedBy(List.of(GroupKey.DAY))));
            time("by week,provider, Asia/Kolkata", () -> ledger.usageReport(all.inZone(ZoneId.of("Asia/Kolkata"))
                    .groupedBy(List.of(GroupKey.WEEK, GroupKey.PROVIDER))));
            time("by model", () -> ledger.usageReport(all.groupedBy(List.of(GroupKey.MODEL))));
            time("by attr:team", () -> ledger.usageReport(all.groupedBy(List.of(GroupKey.attribute("team")))));
            time("by batch (20,000 groups)", () -> ledger.usageReport(all.groupedBy(List.of(GroupKey.BATCH))));
            time("by hour, last 30 days, Europe/Paris", () -> ledger.usageReport(all.inZone(ZoneId.of("Europe/Paris"))
                    .between(Instant.parse("2025-12-02T00:00:00Z"), null).groupedBy(List.of(GroupKey.HOUR))));
            time("one job by batch,operation", () -> ledger.usageReport(all.forJob("job-42")
                    .groupedBy(List.of(GroupKey.BATCH, GroupKey.OPERATION))));
            time("report jobs", () -> ledger.jobs(null, null));
        }
        System.out.printf(Locale.ROOT, "slowest: %s, best %d ms = %.2f of the %d ms goal%n", slowest, slowestMillis,
                (double) slowestMillis / GOAL_MILLIS, GOAL_MILLIS);
    }

    private static void time(String name, Supplier<Object> report) {
        List<String> runs = new ArrayList<>();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            report.get();
            long millis = (System.nanoTime() - start) / 1_000_000;
            best = Math.min(best, millis);
            runs.add(millis + " ms");
        }
        System.out.printf(Locale.ROOT, "%-38s best %5d ms   (runs: %s)%n", name, best, String.join(", ", runs));
        if (best > slowestMillis) {
            slowest = name;
            slowestMillis = best;
        }
    }

    /** A year of usage: 100 jobs of 10,000 events in batches of 50, 2% errors, 1% unpriced, latencies 0.2-5 s. */
    private static void build(Path file, int events) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Ledger.open(partial).close(); // the real schema and indexes
        long started = System.nanoTime();
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + partial);
                PreparedStatement insert = connection.prepareStatement(EntryWriter.INSERT_EVENT)) {
            connection.setAutoCommit(false);
            Instant start = Instant.parse("2025-01-01T00:00:00Z");
            long step = 365L * 86_400_000 / events;
            for (int i = 0; i < events; i++) {
                EntryWriter.bind(insert, EntryWriter.eventColumns(event(i, start.plusMillis(i * step))));
                insert.addBatch();
                if (i % 10_000 == 9_999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        Files.move(partial, file);
        System.out.printf(Locale.ROOT, "built %s: %,d events in %.1f s%n", file, events, (System.nanoTime() - started) / 1e9);
    }

    private static UsageEvent event(int i, Instant at) {
        int m = i % MODELS.length;
        boolean unpriced = i % 100 == 7;
        String job = "job-" + i / 10_000;
        return UsageEvent.builder(PROVIDERS[m], ApiKind.CHAT)
                .eventId(new UUID(0x0000_0000_0000_7000L | ((long) i << 16), 0x8000_0000_0000_0000L | i))
                .requestModel(unpriced ? "local-llama" : MODELS[m])
                .responseModel(m == 0 ? "gpt-4o-mini-2024-07-18" : null)
                .tokens(new TokenBuckets(900 + i % 200, i % 3 == 0 ? 1_024 : 0, 0, 0, 150 + i % 50, m == 4 ? 300 : 0, 0, 0))
                .cost(unpriced ? Cost.unpriced(CostSource.COMPUTED)
                        : new Cost(new Money(270_000 + i % 1_000), CostSource.COMPUTED, MODELS[m]))
                .status(i % 50 == 0 ? CallStatus.ERROR : CallStatus.OK)
                .startedAt(at)
                .endedAt(at.plusMillis(200 + (i * 7_919L) % 4_800))
                .requestId("req_" + i)
                .rawUsage("{\"prompt_tokens\":" + (900 + i % 200) + ",\"completion_tokens\":" + (150 + i % 50) + "}")
                .attribution(new Attribution("scope-" + i, OPERATIONS[i % OPERATIONS.length], job, job + "/" + i / 50,
                        Map.of("receipt", "r-" + i, "team", TEAMS[i % TEAMS.length])))
                .build();
    }
}
