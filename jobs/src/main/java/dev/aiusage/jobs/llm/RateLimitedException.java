package dev.aiusage.jobs.llm;

import java.time.Duration;
import java.util.List;

/** The provider said 429 past the SDK's own retries; {@code retryAfter} is its hint, or null. */
final class RateLimitedException extends RuntimeException {

    private final transient Duration retryAfter;

    /** From an SDK's 429 and the values of its {@code retry-after} header (both SDKs give a list). */
    RateLimitedException(List<String> retryAfterHeader, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.retryAfter = retryAfterHeader.isEmpty() ? null : parse(retryAfterHeader.getFirst());
    }

    Duration retryAfter() {
        return retryAfter;
    }

    /** A {@code retry-after} header in seconds (the form providers send), or null. */
    private static Duration parse(String header) {
        if (header == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(header.strip());
            return seconds >= 0 && seconds <= 3_600 ? Duration.ofMillis((long) (seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}
