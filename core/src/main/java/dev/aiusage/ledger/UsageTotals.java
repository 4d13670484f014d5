package dev.aiusage.ledger;

import dev.aiusage.event.TokenBuckets;
import dev.aiusage.pricing.Money;
import java.util.List;

/**
 * Totals for one group of a report (or for everything, with an empty group).
 *
 * @param calls            logical calls (retries of one call count once)
 * @param attempts         provider attempts, each one usage event
 * @param errors           provider attempts that did not end {@code ok} (a failed operation that made no
 *                         failing call is in its scope record, not here)
 * @param cost             the exact sum of every priced attempt, estimated ones included; zero when
 *                         nothing is priced, so check {@code unpricedAttempts}
 * @param estimatedAttempts priced attempts whose cost was estimated
 * @param estimatedCost    the part of {@code cost} computed from tokens we counted, not the provider
 * @param unpricedAttempts attempts on models with no known price: their tokens are here, their cost is not
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
        long unpricedTokens) {

    public UsageTotals {
        group = List.copyOf(group);
    }

    /** Usage that exists but has no price at all: its cost is unknown, not $0. */
    public boolean allUnpriced() {
        return attempts > 0 && unpricedAttempts == attempts;
    }
}
