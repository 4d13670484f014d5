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

    /** Releases what the extractor holds (an SDK client's connections); nothing by default. */
    @Override
    default void close() {}
}
