package dev.aiusage.jobs.llm;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Paces model calls across every receipt's thread: at most {@code rpm} requests and {@code tpm}
 * tokens a minute, spread evenly rather than in bursts. When the provider says 429 anyway, everyone
 * pauses, and the number of calls let out at once is halved, then grows back by one with each call
 * that gets through (additive increase, multiplicative decrease), so a rate limit slows the job down.
 */
public final class Throttle {

    /** Sleeps, for a while; tests record instead. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A call let out by {@link #acquire}; say how it went. */
    interface Permit {
        void release(boolean rateLimited);
    }

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();
    /** No call is bigger; the cap keeps the arithmetic far from overflow. */
    private static final long MAX_TOKENS_PER_CALL = 10_000_000;
    /** The cap on calls at once is halved at most this often, so one burst of 429s does not collapse it. */
    private static final long DECREASE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final long nanosPerRequest;
    private final long nanosPerToken;
    private final int maxCalls;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition callEnded = lock.newCondition();
    private long nextRequestAt;
    private long tokensFreeAt;
    private long pausedUntil;
    private int allowedCalls;
    private int calls;
    private long lastDecreaseAt;

    Throttle(int requestsPerMinute, long tokensPerMinute, int maxCalls, LongSupplier nanoTime, Sleeper sleeper) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxCalls < 1) {
            throw new IllegalArgumentException("rate limits must be 0 (none) or more, and calls at once 1 or more");
        }
        this.nanosPerRequest = requestsPerMinute == 0 ? 0 : NANOS_PER_MINUTE / requestsPerMinute;
        this.nanosPerToken = tokensPerMinute == 0 ? 0 : Math.max(1, NANOS_PER_MINUTE / tokensPerMinute);
        this.maxCalls = maxCalls;
        this.allowedCalls = maxCalls;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        long now = nanoTime.getAsLong();
        this.nextRequestAt = now;
        this.tokensFreeAt = now;
        this.pausedUntil = now;
        this.lastDecreaseAt = now - DECREASE_EVERY_NANOS;
    }

    /** {@code 0} means no limit; {@code maxCalls} is the most calls at once (the job's concurrency). */
    public static Throttle of(int requestsPerMinute, long tokensPerMinute, int maxCalls) {
        return new Throttle(requestsPerMinute, tokensPerMinute, maxCalls, System::nanoTime, Thread::sleep);
    }

    /** Whether calls' tokens matter here; counting them costs CPU, so callers skip it when they do not. */
    boolean limitsTokens() {
        return nanosPerToken > 0;
    }

    /** Waits until a call of about this many tokens may start. */
    Permit acquire(long tokens) throws InterruptedException {
        long start;
        lock.lock();
        try {
            while (calls >= allowedCalls) {
                callEnded.await();
            }
            calls++;
            long now = nanoTime.getAsLong();
            start = Math.max(now, Math.max(pausedUntil, Math.max(nextRequestAt, tokensFreeAt)));
            nextRequestAt = start + nanosPerRequest;
            tokensFreeAt = start + Math.min(tokens, MAX_TOKENS_PER_CALL) * nanosPerToken;
        } finally {
            lock.unlock();
        }
        long wait = start - nanoTime.getAsLong();
        if (wait > 0) {
            try {
                sleeper.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                release(false);
                throw e;
            }
        }
        return this::release;
    }

    private void release(boolean rateLimited) {
        lock.lock();
        try {
            calls--;
            long now = nanoTime.getAsLong();
            if (!rateLimited) {
                allowedCalls = Math.min(maxCalls, allowedCalls + 1);
            } else if (now - lastDecreaseAt >= DECREASE_EVERY_NANOS) {
                allowedCalls = Math.max(1, allowedCalls / 2);
                lastDecreaseAt = now;
            }
            callEnded.signalAll();
        } finally {
            lock.unlock();
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

    /** How many calls may be out at once now (less than the job's concurrency after 429s). */
    int allowedCalls() {
        lock.lock();
        try {
            return allowedCalls;
        } finally {
            lock.unlock();
        }
    }
}
