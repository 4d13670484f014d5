package dev.aiusage.ledger;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import dev.aiusage.record.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Ledger ingest through the recorder, side by side with a raw batched sqlite-jdbc insert of the same
 * rows into the same schema and indexes, in one run, alternating, so machine noise hits both.
 *
 * <p>The raw side gets every advantage: rows converted to column arrays before the clock starts, one
 * prepared statement, a commit every {@value #BATCH} rows, no queue and no second thread. The
 * recorder side starts the clock before its first {@code record} and stops it when {@code flush}
 * returns. Usage: {@code IngestBenchmark [rows] [rounds]}.
 */
public final class IngestBenchmark {

    private static final int BATCH = 4_096;

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<UsageEvent> events = events(rows);
        List<Object[]> columns = events.stream().map(EntryWriter::eventColumns).toList();
        Path dir = Files.createTempDirectory("aiusage-ingest");
        double rawTotal = 0;
        double recorderTotal = 0;
        for (int round = 1; round <= rounds; round++) {
            double raw = rowsPerSecond(rows, raw(dir.resolve("raw-" + round + ".db"), columns));
            double recorded = rowsPerSecond(rows, recorder(dir.resolve("rec-" + round + ".db"), events));
            if (round > 1) { // the first round warms up the JIT for both
                rawTotal += raw;
                recorderTotal += recorded;
            }
            System.out.printf(Locale.ROOT, "round %d: raw %,.0f rows/s, recorder %,.0f rows/s, ratio %.2f%n",
                    round, raw, recorded, recorded / raw);
        }
        System.out.printf(Locale.ROOT, "mean of rounds 2-%d: raw %,.0f rows/s, recorder %,.0f rows/s, ratio %.2f%n",
                rounds, rawTotal / (rounds - 1), recorderTotal / (rounds - 1), recorderTotal / rawTotal);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static double rowsPerSecond(int rows, long nanos) {
        return rows / (nanos / 1e9);
    }

    private static long raw(Path file, List<Object[]> rows) throws Exception {
        Ledger.open(file).close(); // the same schema and indexes
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
                PreparedStatement insert = connection.prepareStatement(EntryWriter.INSERT_EVENT)) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            int pending = 0;
            for (Object[] row : rows) {
                EntryWriter.bind(insert, row);
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    connection.commit();
                    pending = 0;
                }
            }
            insert.executeBatch();
            connection.commit();
            long elapsed = System.nanoTime() - start;
            try (Statement check = connection.createStatement();
                    var rs = check.executeQuery("SELECT count(*) FROM usage_event")) {
                rs.next();
                if (rs.getInt(1) != rows.size()) {
                    throw new IllegalStateException("raw insert stored " + rs.getInt(1) + " of " + rows.size());
                }
            }
            return elapsed;
        }
    }

    private static long recorder(Path file, List<UsageEvent> events) {
        Ledger ledger = Ledger.open(file);
        try (Recorder recorder = Recorder.toLedger(ledger)) {
            long start = System.nanoTime();
            for (UsageEvent event : events) {
                recorder.record(event);
            }
            recorder.flush();
            long elapsed = System.nanoTime() - start;
            long stored = ledger.totals(UsageQuery.all()).attempts();
            if (stored != events.size() || recorder.failedCount() + recorder.spooledCount() > 0) {
                throw new IllegalStateException("recorder stored " + stored + " of " + events.size());
            }
            return elapsed;
        }
    }

    private static List<UsageEvent> events(int rows) {
        List<UsageEvent> events = new ArrayList<>(rows);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < rows; i++) {
            Instant at = start.plusMillis(i * 37L);
            events.add(UsageEvent.builder("openai", ApiKind.CHAT)
                    .requestModel("gpt-4o-mini")
                    .responseModel("gpt-4o-mini-2024-07-18")
                    .tokens(new TokenBuckets(900 + i % 200, i % 3 == 0 ? 1_024 : 0, 0, 0, 150 + i % 50, 0, 0, 0))
                    .cost(new Cost(new Money(270_000 + i % 1_000), CostSource.COMPUTED, "gpt-4o-mini"))
                    .startedAt(at)
                    .endedAt(at.plusMillis(400 + i % 300))
                    .httpStatus(200)
                    .requestId("req_" + i)
                    .rawUsage("{\"prompt_tokens\":" + (900 + i % 200) + ",\"completion_tokens\":" + (150 + i % 50) + "}")
                    .attribution(new Attribution("scope-" + i, "receipt", "job-" + (i / 10_000), "job-" + (i / 10_000)
                            + "/" + (i / 50), Map.of("receipt", "r-" + i)))
                    .build());
        }
        return events;
    }
}
