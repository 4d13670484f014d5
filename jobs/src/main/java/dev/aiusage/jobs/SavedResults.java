package dev.aiusage.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.scope.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * A receipt's result line kept in the ledger too, as the attribute of a {@code result} scope recorded
 * right after the receipt's calls, so it is committed with (or after) their usage. The line reaches
 * {@code results.jsonl} only once that commit is done; a crash in between used to leave a receipt
 * whose usage was stored but which counted as not done, and was paid for again on resume. Now the
 * next run finds the line in the ledger and writes it, and the receipt is done.
 */
final class SavedResults {

    static final String OPERATION = "result";
    /** The receipt file the result is for: one latest result per file. */
    static final String FILE = "result.of";
    static final String LINE = "result.line";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tracker tracker;

    SavedResults(Tracker tracker) {
        this.tracker = tracker;
    }

    /** Records the line in the ledger (through the recorder, after the usage recorded before it). */
    void record(ReceiptResult result, String line) {
        tracker.scope(OPERATION)
                .attribute(FILE, result.file().toString())
                .attribute(LINE, line)
                .run(() -> { });
    }

    /**
     * Writes every result the ledger holds for this job that {@code results.jsonl} lacks (no line for
     * the file, or one for other content or another outcome), if it is for the file's content now (so
     * a stale one never stands in for a receipt that has changed since); returns how many. A run of the
     * job with another output folder so finds the receipts done that an earlier run paid for.
     */
    int recover(Ledger ledger, String jobId, DoneReceipts done, ResultWriter results, Function<Path, String> currentHash) {
        int recovered = 0;
        for (Map<String, String> saved : ledger.latestScopeAttributes(jobId, OPERATION, FILE)) {
            String line = saved.get(LINE);
            JsonNode node = parse(line);
            if (node == null || !node.hasNonNull("sha256")) {
                continue;
            }
            boolean ok = "ok".equals(node.path("status").asText());
            Path file = Path.of(saved.get(FILE));
            String sha256 = node.path("sha256").asText();
            DoneReceipts.State state = done.state(file, sha256);
            boolean missing = switch (state) {
                case NEW, CHANGED -> true;
                case DONE_OK -> !ok;
                case DONE_FAILED -> ok;
            };
            if (missing && sha256.equals(currentHash.apply(file))) {
                results.write(line);
                recovered++;
            }
        }
        return recovered;
    }

    private static JsonNode parse(String line) {
        if (line == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
