package dev.aiusage.event;

/**
 * Token counts of one provider attempt in buckets that never overlap, so each token is billed once.
 *
 * <p>Providers report overlapping totals (OpenAI's prompt tokens include cached ones, its completion
 * tokens include reasoning ones); the provider integrations subtract before building this value.
 *
 * <pre>{@code
 * var tokens = TokenBuckets.of(1_000, 200);   // 1,000 uncached input, 200 text output
 * }</pre>
 */
public record TokenBuckets(
        long input,
        long cacheRead,
        long cacheWrite5m,
        long cacheWrite1h,
        long output,
        long reasoning,
        long audioInput,
        long audioOutput) {

    public static final TokenBuckets ZERO = new TokenBuckets(0, 0, 0, 0, 0, 0, 0, 0);

    /** A quadrillion tokens: far past any real call, and small enough that no sum or cost overflows. */
    public static final long MAX_PER_BUCKET = 1_000_000_000_000_000L;

    public TokenBuckets {
        requireCount("input", input);
        requireCount("cacheRead", cacheRead);
        requireCount("cacheWrite5m", cacheWrite5m);
        requireCount("cacheWrite1h", cacheWrite1h);
        requireCount("output", output);
        requireCount("reasoning", reasoning);
        requireCount("audioInput", audioInput);
        requireCount("audioOutput", audioOutput);
    }

    /** Plain uncached input and text output, the common case. */
    public static TokenBuckets of(long input, long output) {
        return new TokenBuckets(input, 0, 0, 0, output, 0, 0, 0);
    }

    /** Every token the model read: uncached, cached, written to cache, and audio. */
    public long totalInput() {
        return input + cacheRead + cacheWrite5m + cacheWrite1h + audioInput;
    }

    /** Every token the model wrote: text, reasoning and audio. */
    public long totalOutput() {
        return output + reasoning + audioOutput;
    }

    public long total() {
        return totalInput() + totalOutput();
    }

    public TokenBuckets plus(TokenBuckets other) {
        return new TokenBuckets(
                input + other.input,
                cacheRead + other.cacheRead,
                cacheWrite5m + other.cacheWrite5m,
                cacheWrite1h + other.cacheWrite1h,
                output + other.output,
                reasoning + other.reasoning,
                audioInput + other.audioInput,
                audioOutput + other.audioOutput);
    }

    private static void requireCount(String bucket, long count) {
        if (count < 0 || count > MAX_PER_BUCKET) {
            throw new IllegalArgumentException("token bucket " + bucket + " must be between 0 and " + MAX_PER_BUCKET
                    + ", got " + count);
        }
    }
}
