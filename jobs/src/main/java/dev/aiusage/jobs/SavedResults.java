package dev.aiusage.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.scope.Tracker;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Predicate;

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

    /** Well under the 16 MiB a ledger export line may have, with the scope's other attributes. */
    private static final int MAX_LINE_CHARS = 1 << 20;

    private final Tracker tracker;

    SavedResults(Tracker tracker) {
        this.tracker = tracker;
    }

    /**
     * Records the line in the ledger (through the recorder, after the usage recorded before it). A
     * receipt that could not be read at all (no content hash) cost nothing and is not kept, nor is a
     * line so long (a hostile answer) that it would not fit a ledger export line.
     */
    void record(ReceiptResult result, String line) {
        if (result.contentHash() == null || line.length() > MAX_LINE_CHARS) {
            return;
        }
        tracker.scope(OPERATION)
                .attribute(FILE, result.file().toString())
                .attribute(LINE, line)
                .run(() -> { });
    }

    /**
     * Writes the results the ledger holds for this job that {@code results.jsonl} lacks: receipts of
     * this run's inputs ({@code inInputs}) with no line for their content now, whose latest saved result
     * is for that content ({@code currentHash}). A line for the same content is never replaced, and a
     * stale result never stands in for a receipt that has changed since. Returns how many were written.
     */
    int recover(Ledger ledger, String jobId, DoneReceipts done, ResultWriter results, Predicate<Path> inInputs,
            Function<Path, String> currentHash) {
        int[] recovered = {0};
        ledger.forEachLatest(jobId, OPERATION, FILE, LINE, (name, line) -> {
            Path file = pathOf(name);
            JsonNode node = ResultLines.parse(line);
            if (file == null || node == null || !node.hasNonNull("sha256") || !inInputs.test(file)) {
                return;
            }
            String sha256 = node.path("sha256").asText();
            boolean lacking = switch (done.state(file, sha256)) {
                case NEW, CHANGED -> true;
                case DONE_OK, DONE_FAILED -> false;
            };
            if (lacking && sha256.equals(currentHash.apply(file))) {
                results.write(line);
                recovered[0]++;
            }
        });
        return recovered[0];
    }

    /** Null for a name this platform cannot make a path of (e.g. non-ASCII under a C locale). */
    private static Path pathOf(String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
