package dev.aiusage.ledger;

import dev.aiusage.pricing.Money;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a re-pricing changed (or, in a dry run, would change).
 *
 * @param examined    computed and estimated events that matched the filter
 * @param changed     events whose cost or price key changed
 * @param before      the priced total of the examined events before
 * @param after       their priced total after
 * @param newlyPriced events that had no price and now have one
 * @param kept        events that had a price the catalog no longer has: their cost is kept, not dropped
 * @param keptModels  the models of those events, so the user can add their prices
 * @param byModel     per model whose cost changed: the total before and after
 */
public record RepriceSummary(long examined, long changed, Money before, Money after, long newlyPriced, long kept,
        Set<String> keptModels, Map<String, Change> byModel) {

    public RepriceSummary {
        keptModels = Set.copyOf(keptModels);
        byModel = Map.copyOf(byModel);
    }

    /** One model's total before and after, over its events that changed. */
    public record Change(Money before, Money after, long events) {}

    /** The models whose cost changed, in name order. */
    public List<String> changedModels() {
        return byModel.keySet().stream().sorted().toList();
    }

    static final class Builder {
        private long examined;
        private long changed;
        private Money before = Money.ZERO;
        private Money after = Money.ZERO;
        private long newlyPriced;
        private long kept;
        private final Set<String> keptModels = new TreeSet<>();
        private final Map<String, Change> byModel = new TreeMap<>();

        /** Whether the catalog's price replaces the stored one: never a price with no price. */
        boolean replaces(Money was, Money now) {
            return now != null || was == null;
        }

        /** Counts one event, given what it will hold afterwards. */
        void count(String model, Money was, Money now, boolean keyChanged) {
            examined++;
            before = was == null ? before : before.plus(was);
            after = now == null ? after : after.plus(now);
            boolean costChanged = !Objects.equals(was, now);
            if (costChanged || keyChanged) {
                changed++;
            }
            if (costChanged) {
                newlyPriced += was == null ? 1 : 0;
                Change so = byModel.getOrDefault(model, new Change(Money.ZERO, Money.ZERO, 0));
                byModel.put(model, new Change(so.before().plus(was == null ? Money.ZERO : was),
                        so.after().plus(now == null ? Money.ZERO : now), so.events() + 1));
            }
        }

        void keep(String model) {
            kept++;
            keptModels.add(model);
        }

        RepriceSummary build() {
            return new RepriceSummary(examined, changed, before, after, newlyPriced, kept, keptModels, byModel);
        }
    }
}
