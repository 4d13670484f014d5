package dev.aiusage.ledger;

import dev.aiusage.event.TokenBuckets;
import dev.aiusage.pricing.Money;
import java.util.List;

/**
 * Totals for one group of a report (or for everything, with an empty group).
 *
 * @param calls            logical calls, each counted by its first attempt (retries, attempt 2 and on,
 *                         count in {@code attempts} only)
 * @param attempts         provider attempts, each one usage event
 * @param errors           provider attempts that did not end {@code ok} (a failed operation that made no
 *                         failing call is in its scope record, not here)
 * @param cost             the exact sum of every priced attempt, estimated ones included; zero when
 *                         nothing is priced, so check {@code unpricedAttempts}
 * @param estimatedAttempts priced attempts whose cost was estimated
 * @param estimatedCost    the part of {@code cost} computed from tokens we counted, not the provider
 * @param unpricedAttempts attempts on models with no known price: their tokens are here, their cost is not
 * @param latency          the attempts' latency percentiles
 */
public record UsageTotals(
        List<String> group,
        long calls,
        long attempts,
        long errors,
        TokenBuckets tokens,
        Money cost,
        Money estimatedCost,
        long estimatedAttempts,
        long unpricedAttempts,
        long unpricedTokens,
        Latency latency) {

    public UsageTotals {
        group = List.copyOf(group);
    }

    /** Usage that exists but has no price at all: its cost is unknown, not $0. */
    public boolean allUnpriced() {
        return attempts > 0 && unpricedAttempts == attempts;
    }

    /** Every token of every bucket. */
    public long totalTokens() {
        return tokens.totalInput() + tokens.totalOutput();
    }

    /** The sum of two groups, without a group or latency (percentiles do not add up). */
    UsageTotals plus(UsageTotals other) {
        TokenBuckets a = tokens;
        TokenBuckets b = other.tokens;
        return new UsageTotals(List.of(), calls + other.calls, attempts + other.attempts, errors + other.errors,
                new TokenBuckets(a.input() + b.input(), a.cacheRead() + b.cacheRead(), a.cacheWrite5m() + b.cacheWrite5m(),
                        a.cacheWrite1h() + b.cacheWrite1h(), a.output() + b.output(), a.reasoning() + b.reasoning(),
                        a.audioInput() + b.audioInput(), a.audioOutput() + b.audioOutput()),
                cost.plus(other.cost), estimatedCost.plus(other.estimatedCost), estimatedAttempts + other.estimatedAttempts,
                unpricedAttempts + other.unpricedAttempts, unpricedTokens + other.unpricedTokens, Latency.UNKNOWN);
    }

    UsageTotals withLatency(Latency value) {
        return new UsageTotals(group, calls, attempts, errors, tokens, cost, estimatedCost, estimatedAttempts,
                unpricedAttempts, unpricedTokens, value);
    }

    /**
     * Median and 95th percentile of the attempts' latency ({@code endedAt - startedAt}), in milliseconds:
     * values that occurred, not interpolated; {@link #UNKNOWN} when there are no attempts.
     */
    public record Latency(long p50Millis, long p95Millis) {

        public static final Latency UNKNOWN = new Latency(-1, -1);

        public boolean known() {
            return p50Millis >= 0;
        }
    }
}
