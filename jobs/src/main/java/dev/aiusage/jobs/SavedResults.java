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
    /** The results file it belongs in, so a job id reused with another output folder recovers nothing there. */
    static final String RESULTS = "result.in";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tracker tracker;
    private final String resultsFile;

    /** {@code resultsFile} exists: the job's results writer has opened it. */
    SavedResults(Tracker tracker, Path resultsFile) {
        this.tracker = tracker;
        this.resultsFile = realPath(resultsFile).toString();
    }

    /** The same results file however the output folder was named (relative, through a link). */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** Records the line in the ledger (through the recorder, after the usage recorded before it). */
    void record(ReceiptResult result, String line) {
        tracker.scope(OPERATION)
                .attribute(FILE, result.file().toString())
                .attribute(LINE, line)
                .attribute(RESULTS, resultsFile)
                .run(() -> { });
    }

    /**
     * Writes every result the ledger holds for this job and results file that {@code results.jsonl}
     * lacks (no line for the file, or one for other content or another outcome), if it is for the
     * file's content now (so a stale one, e.g. from a ledger the job stopped using, never stands in
     * for a receipt that has changed since); returns how many.
     */
    int recover(Ledger ledger, String jobId, DoneReceipts done, ResultWriter results, Function<Path, String> currentHash) {
        int recovered = 0;
        for (Map<String, String> saved : ledger.latestScopeAttributes(jobId, OPERATION, FILE)) {
            String line = saved.get(LINE);
            JsonNode node = parse(line);
            if (!resultsFile.equals(saved.get(RESULTS)) || node == null || !node.hasNonNull("sha256")) {
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
