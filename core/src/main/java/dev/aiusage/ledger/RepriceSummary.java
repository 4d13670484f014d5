package dev.aiusage.ledger;

import dev.aiusage.pricing.Money;
import java.util.Objects;

/**
 * What a re-pricing changed.
 *
 * @param examined      computed and estimated events that matched the filter
 * @param changed       events whose cost changed (including newly priced and newly unpriced ones)
 * @param before        their priced total before
 * @param after         their priced total after
 * @param newlyPriced   events that had no price and now have one
 * @param newlyUnpriced events that had a price and now have none
 */
public record RepriceSummary(long examined, long changed, Money before, Money after, long newlyPriced,
        long newlyUnpriced) {

    static final class Builder {
        private long examined;
        private long changed;
        private Money before = Money.ZERO;
        private Money after = Money.ZERO;
        private long newlyPriced;
        private long newlyUnpriced;

        /** Counts one event; returns whether its cost changes. */
        boolean count(Money was, Money now) {
            examined++;
            before = was == null ? before : before.plus(was);
            after = now == null ? after : after.plus(now);
            if (Objects.equals(was, now)) {
                return false;
            }
            changed++;
            newlyPriced += was == null ? 1 : 0;
            newlyUnpriced += now == null ? 1 : 0;
            return true;
        }

        RepriceSummary build() {
            return new RepriceSummary(examined, changed, before, after, newlyPriced, newlyUnpriced);
        }
    }
}
