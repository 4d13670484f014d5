package dev.aiusage.event;

import java.util.List;

/**
 * The outcome of a batch that tolerates failing items: how many succeeded, how many failed, and the
 * first few failures in detail.
 */
public record BatchSummary(int succeeded, int failed, List<ErrorSample> samples) {

    public BatchSummary {
        samples = List.copyOf(samples);
        if (succeeded < 0 || failed < 0) {
            throw new IllegalArgumentException("item counts cannot be negative: " + succeeded + " ok, " + failed + " failed");
        }
    }

    /** One failed item: its key, the exception's type and its message. */
    public record ErrorSample(String itemKey, String errorType, String message) {}
}
