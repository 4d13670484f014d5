package dev.aiusage.scope;

/**
 * How a batch treats failing items.
 *
 * <pre>{@code
 * tracker.scope("batch").runBatch(new BatchPolicy(false, 50), batch -> ...);   // keep 50 samples
 * }</pre>
 *
 * @param stopOnFirstFailure rethrow the first item's exception (after it is counted) instead of going on
 * @param maxSamples         how many failures to keep in detail; all of them are counted
 */
public record BatchPolicy(boolean stopOnFirstFailure, int maxSamples) {

    /** How many failures {@link #tolerant()} and {@link #failFast()} keep in detail. */
    public static final int DEFAULT_SAMPLES = 10;

    public BatchPolicy {
        if (maxSamples < 0) {
            throw new IllegalArgumentException("maxSamples must be >= 0, got " + maxSamples);
        }
    }

    /** Go on past failing items; keep the first ten in detail. */
    public static BatchPolicy tolerant() {
        return new BatchPolicy(false, DEFAULT_SAMPLES);
    }

    /** Stop at the first failing item. */
    public static BatchPolicy failFast() {
        return new BatchPolicy(true, DEFAULT_SAMPLES);
    }
}
