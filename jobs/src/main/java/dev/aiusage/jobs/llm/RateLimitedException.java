package dev.aiusage.jobs.llm;

import java.time.Duration;

/** The provider said 429 past the SDK's own retries; {@code retryAfter} is its hint, or null. */
final class RateLimitedException extends RuntimeException {

    private final transient Duration retryAfter;

    RateLimitedException(Duration retryAfter, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    /** A {@code retry-after} header in seconds (the form providers send), or null. */
    static Duration parse(String header) {
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
