package dev.aiusage.jobs;

import dev.aiusage.jobs.receipt.ReceiptFields;
import java.nio.file.Path;

/** How one receipt ended: its fields, or why it failed. */
public sealed interface ReceiptResult {

    String receipt();

    Path file();

    /** The SHA-256 of the file's content, or {@code null} when it could not be read. */
    String contentHash();

    record Ok(String receipt, Path file, String contentHash, ReceiptFields fields) implements ReceiptResult {}

    record Failed(String receipt, Path file, String contentHash, String errorType, String message)
            implements ReceiptResult {

        static Failed of(String receipt, Path file, String contentHash, Throwable error) {
            return new Failed(receipt, file, contentHash, error.getClass().getSimpleName(), describe(error));
        }

        /**
         * The message, and the root cause's when it says more: an SDK's "Request failed" alone does not
         * tell a wrong host from a timeout.
         */
        static String describe(Throwable error) {
            String message = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root == error || root.getMessage() != null && message.contains(root.getMessage())) {
                return message;
            }
            return message + " (" + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
    }
}
