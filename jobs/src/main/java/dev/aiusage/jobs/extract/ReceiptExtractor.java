package dev.aiusage.jobs.extract;

import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.jobs.receipt.Receipt;

/**
 * Extracts a receipt's fields, recording the usage of every AI call it makes (or would make) into the
 * current scope. Called from many virtual threads at once.
 */
public interface ReceiptExtractor extends AutoCloseable {

    ReceiptFields extract(Receipt receipt);

    /** A short name for logs and the summary, e.g. {@code offline (estimated as gpt-4o-mini)}. */
    String describe();

    /**
     * Whether extracting writes more than the receipt's result (embeddings, say), which a result kept
     * in the ledger cannot bring back; such receipts are done again rather than recovered from it.
     */
    default boolean writesMoreThanResults() {
        return false;
    }

    /** Releases what the extractor holds (an SDK client's connections); nothing by default. */
    @Override
    default void close() {}
}
