package dev.aiusage.jobs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;


/**
 * What earlier runs of a job finished, by receipt file: its content hash then, and whether it ended ok.
 * The last line for a file wins; a line cut short by a crash is not a finished receipt.
 */
final class DoneReceipts {

    /** Where a receipt stands against earlier runs. */
    enum State {
        /** Never finished. */
        NEW,
        /** Finished ok with this content. */
        DONE_OK,
        /** Finished failed with this content (would fail the same way; redone only when asked). */
        DONE_FAILED,
        /** Finished with other content: the file changed since. */
        CHANGED
    }

    private record Done(String sha256, boolean ok) {}

    private final Map<String, Done> byFile;

    private DoneReceipts(Map<String, Done> byFile) {
        this.byFile = byFile;
    }

    static DoneReceipts load(Path resultsFile) {
        Map<String, Done> byFile = new HashMap<>();
        ResultLines.read(resultsFile, (line, node) -> {
            if (node.hasNonNull("sha256")) {
                byFile.put(node.path("file").asText(),
                        new Done(node.path("sha256").asText(), "ok".equals(node.path("status").asText())));
            }
        });
        return new DoneReceipts(byFile);
    }

    /**
     * How an earlier run left a file that cannot be read now: its result stands (a read error, e.g. a
     * file being replaced, must not undo a receipt that was done and paid for).
     */
    State earlier(Path file) {
        Done done = byFile.get(file.toString());
        if (done == null) {
            return State.NEW;
        }
        return done.ok() ? State.DONE_OK : State.DONE_FAILED;
    }

    State state(Path file, String contentHash) {
        Done done = byFile.get(file.toString());
        return done != null && !done.sha256().equals(contentHash) ? State.CHANGED : earlier(file);
    }
}
