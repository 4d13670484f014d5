package dev.aiusage.pricing;

import dev.aiusage.event.TokenBuckets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The published price of one model: its standard rates and any long-context tiers, which apply to the
 * whole request (every bucket) once its input passes the tier's threshold.
 */
public record ModelPrice(String key, String provider, String mode, Rates rates, List<LongContextTier> longContext) {

    public ModelPrice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rates, "rates");
        longContext = longContext.stream()
                .sorted(Comparator.comparingLong(LongContextTier::aboveInputTokens))
                .toList();
    }

    /** A long-context tier: above this many input tokens, these rates price the whole request. */
    public record LongContextTier(long aboveInputTokens, Rates rates) {}

    public Money cost(TokenBuckets tokens) {
        return ratesFor(tokens).cost(tokens);
    }

    Rates ratesFor(TokenBuckets tokens) {
        Rates chosen = rates;
        for (LongContextTier tier : longContext) {
            if (tokens.totalInput() > tier.aboveInputTokens()) {
                chosen = tier.rates();
            }
        }
        return chosen;
    }
}
