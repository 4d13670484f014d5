package dev.aiusage.jobs.llm;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Paces model calls across every receipt's thread: at most {@code rpm} requests and {@code tpm}
 * tokens a minute, spread evenly rather than in bursts, and a pause for everyone after the provider
 * says 429. Each call reserves its start time under a lock and sleeps outside it.
 */
public final class Throttle {

    /** Sleeps, for a while; tests record instead. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();
    /** No call is bigger; the cap keeps the arithmetic far from overflow. */
    private static final long MAX_TOKENS_PER_CALL = 10_000_000;

    private final long nanosPerRequest;
    private final long nanosPerToken;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private long nextRequestAt;
    private long tokensFreeAt;
    private long pausedUntil;

    Throttle(int requestsPerMinute, long tokensPerMinute, LongSupplier nanoTime, Sleeper sleeper) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("rate limits must be 0 (none) or more");
        }
        this.nanosPerRequest = requestsPerMinute == 0 ? 0 : NANOS_PER_MINUTE / requestsPerMinute;
        this.nanosPerToken = tokensPerMinute == 0 ? 0 : Math.max(1, NANOS_PER_MINUTE / tokensPerMinute);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        long now = nanoTime.getAsLong();
        this.nextRequestAt = now;
        this.tokensFreeAt = now;
        this.pausedUntil = now;
    }

    /** {@code 0} means no limit. */
    public static Throttle of(int requestsPerMinute, long tokensPerMinute) {
        return new Throttle(requestsPerMinute, tokensPerMinute, System::nanoTime, Thread::sleep);
    }

    public static Throttle none() {
        return of(0, 0);
    }

    /** Whether calls' tokens matter here; counting them costs CPU, so callers skip it when they do not. */
    boolean limitsTokens() {
        return nanosPerToken > 0;
    }

    /** Waits until a call of about this many tokens may start. */
    void acquire(long tokens) throws InterruptedException {
        long start;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            start = Math.max(now, Math.max(pausedUntil, Math.max(nextRequestAt, tokensFreeAt)));
            nextRequestAt = start + nanosPerRequest;
            tokensFreeAt = start + Math.min(tokens, MAX_TOKENS_PER_CALL) * nanosPerToken;
        } finally {
            lock.unlock();
        }
        long wait = start - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    /** After a 429: nobody starts a call for this long. */
    void pause(Duration duration) {
        lock.lock();
        try {
            pausedUntil = Math.max(pausedUntil, nanoTime.getAsLong() + duration.toNanos());
        } finally {
            lock.unlock();
        }
    }
}
