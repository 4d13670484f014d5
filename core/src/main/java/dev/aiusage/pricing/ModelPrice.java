package dev.aiusage.pricing;

import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The published price of one model: standard rates, rates for other service tiers, long-context tiers
 * (which price the whole request, every bucket, once its input passes the threshold) and a fee per
 * request where there is one.
 *
 * <pre>{@code
 * Money cost = price.cost(TokenBuckets.of(1_000, 200));
 * }</pre>
 */
public record ModelPrice(
        String key,
        String provider,
        String mode,
        Rates rates,
        Map<ServiceTier, Rates> serviceTiers,
        List<LongContextTier> longContext,
        BigDecimal perRequest) {

    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);
    /** A fee per request above this (USD) is a typo. */
    public static final BigDecimal MAX_PER_REQUEST = BigDecimal.valueOf(1_000);

    public ModelPrice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rates, "rates");
        serviceTiers = Map.copyOf(serviceTiers);
        longContext = longContext.stream()
                .sorted(Comparator.comparingLong(LongContextTier::aboveInputTokens))
                .toList();
        if (perRequest != null && (perRequest.signum() < 0 || perRequest.compareTo(MAX_PER_REQUEST) > 0)) {
            throw new IllegalArgumentException("perRequest fee must be between 0 and " + MAX_PER_REQUEST + " USD, got "
                    + perRequest.toEngineeringString());
        }
    }

    /** Standard rates only: the common case. */
    public ModelPrice(String key, String provider, String mode, Rates rates, List<LongContextTier> longContext) {
        this(key, provider, mode, rates, Map.of(), longContext, null);
    }

    /** A long-context tier: above this many input tokens, these rates price the whole request. */
    public record LongContextTier(long aboveInputTokens, Rates rates) {}

    public Money cost(TokenBuckets tokens) {
        return withFee(ratesFor(tokens).cost(tokens));
    }

    /** The cost under a service tier; empty when the model publishes no price for that tier. */
    public Optional<Money> cost(TokenBuckets tokens, ServiceTier tier) {
        if (tier == ServiceTier.STANDARD) {
            return Optional.of(cost(tokens));
        }
        return Optional.ofNullable(serviceTiers.get(tier)).map(tierRates -> withFee(tierRates.cost(tokens)));
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

    private Money withFee(Money tokensCost) {
        return perRequest == null ? tokensCost : tokensCost.plus(Money.roundedFromNanos(perRequest.multiply(NANOS_PER_USD)));
    }
}
