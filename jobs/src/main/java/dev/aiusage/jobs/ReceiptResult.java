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
            String message = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
            return new Failed(receipt, file, contentHash, error.getClass().getSimpleName(), message);
        }
    }
}
