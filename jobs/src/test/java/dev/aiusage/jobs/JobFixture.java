package dev.aiusage.jobs;

import dev.aiusage.jobs.extract.OfflineReceiptExtractor;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Runs the receipt job for real: a SQLite ledger file, the recorder, the offline extractor. */
final class JobFixture {

    private JobFixture() {}

    static JobOutcome run(Path ledger, Path out, String job, int batchSize, int concurrency, List<Path> inputs) {
        JobConfig config = new JobConfig(job, out.resolve(job), batchSize, concurrency, "gpt-4o-mini",
                ReceiptReader.DEFAULT_MAX_BYTES);
        try (Recorder recorder = Recorder.toLedger(Ledger.open(ledger))) {
            Tracker tracker = Tracker.create(recorder);
            var extractor = new OfflineReceiptExtractor(tracker, PriceCatalog.bundled(), config.model());
            return new ReceiptJob(config, tracker, extractor).run(ReceiptFiles.find(inputs));
        }
    }

    static long count(Path ledger, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
