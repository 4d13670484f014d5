package dev.aiusage.event;

import dev.aiusage.pricing.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * The cost of one attempt, where it came from, and the price key that produced it.
 *
 * <p>An attempt with no known price has no amount: it is {@linkplain #priced() unpriced}, never $0.
 */
public record Cost(Money amount, CostSource source, String priceKey) {

    public Cost {
        Objects.requireNonNull(source, "source");
        if ((amount == null) != (priceKey == null) && source != CostSource.PROVIDER) {
            throw new IllegalArgumentException("a computed cost needs both an amount and the price key it used");
        }
    }

    public static Cost unpriced(CostSource source) {
        return new Cost(null, source, null);
    }

    public boolean priced() {
        return amount != null;
    }

    public Optional<Money> amountIfPriced() {
        return Optional.ofNullable(amount);
    }
}
