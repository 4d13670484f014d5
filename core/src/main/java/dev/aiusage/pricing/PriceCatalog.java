package dev.aiusage.pricing;

import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices by model name. Matching is explicit: the exact name, then the same name without case or a
 * provider prefix ({@code openai/gpt-4o}); a dated snapshot is priced only if the catalog lists it.
 *
 * <pre>{@code
 * PriceCatalog catalog = PriceCatalog.bundled();
 * Cost cost = catalog.cost("gpt-4o-mini-2024-07-18", "gpt-4o-mini", tokens, CostSource.COMPUTED);
 * }</pre>
 */
public final class PriceCatalog {

    private static final String[] PROVIDER_PREFIXES = {"openai/", "anthropic/", "google/", "gemini/"};

    private final Map<String, ModelPrice> prices;
    private final String source;
    private final String asOf;

    PriceCatalog(Map<String, ModelPrice> prices, String source, String asOf) {
        this.prices = Map.copyOf(prices);
        this.source = source;
        this.asOf = asOf;
    }

    /** The catalog shipped with aiusage, generated from published prices (see {@link #source()}). */
    public static PriceCatalog bundled() {
        return BundledCatalog.INSTANCE;
    }

    public static PriceCatalog of(Collection<ModelPrice> prices) {
        return new PriceCatalog(
                prices.stream().collect(java.util.stream.Collectors.toMap(ModelPrice::key, p -> p, (a, b) -> b)),
                "in-memory", null);
    }

    public Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        ModelPrice exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        String plain = model.trim().toLowerCase(Locale.ROOT);
        for (String prefix : PROVIDER_PREFIXES) {
            if (plain.startsWith(prefix)) {
                plain = plain.substring(prefix.length());
                break;
            }
        }
        return Optional.ofNullable(prices.get(plain));
    }

    /**
     * Prices tokens on the model the provider reported, else the one requested; with neither in the
     * catalog the cost is unpriced (no amount), never zero.
     */
    public Cost cost(String responseModel, String requestModel, TokenBuckets tokens, CostSource source) {
        Optional<ModelPrice> price = find(responseModel).or(() -> find(requestModel));
        return price.map(p -> new Cost(p.cost(tokens), source, p.key()))
                .orElseGet(() -> Cost.unpriced(source));
    }

    public int size() {
        return prices.size();
    }

    public String source() {
        return source;
    }

    public String asOf() {
        return asOf;
    }
}
