package dev.aiusage.pricing;

import dev.aiusage.AiusageException;
import dev.aiusage.IoErrors;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Prices by model name. Matching is explicit: the exact name, then an alias (a dated snapshot, a
 * deployment name), then the same name without case or a provider prefix ({@code openai/gpt-4o}); a
 * snapshot is priced only if the catalog lists it or an alias maps it.
 *
 * <pre>{@code
 * PriceCatalog catalog = PriceCatalog.bundled().overriddenBy(PriceCatalog.load(Path.of("my-prices.json")));
 * Cost cost = catalog.cost("gpt-4o-mini-2024-07-18", "gpt-4o-mini", tokens, CostSource.COMPUTED);
 * }</pre>
 */
public final class PriceCatalog {

    private static final String[] PROVIDER_PREFIXES = {"openai/", "anthropic/", "google/", "gemini/"};

    private final Map<String, ModelPrice> prices;
    private final Map<String, String> aliases;
    /** The bundled catalog or a file, then each file laid over it, in order. */
    private final List<String> layers;
    private final String asOf;
    /** Where each model's price came from: the file (or the bundled catalog) and its date. */
    private final Map<String, String> origins;

    PriceCatalog(Map<String, ModelPrice> prices, Map<String, String> aliases, String source, String asOf) {
        this(prices, aliases, List.of(label(source, asOf)), asOf, originsOf(prices.keySet(), label(source, asOf)));
    }

    private static String label(String source, String asOf) {
        return source + (asOf == null ? "" : ", as of " + asOf);
    }

    private PriceCatalog(Map<String, ModelPrice> prices, Map<String, String> aliases, List<String> layers, String asOf,
            Map<String, String> origins) {
        this.prices = Map.copyOf(prices);
        this.aliases = Map.copyOf(aliases);
        this.layers = List.copyOf(layers);
        this.asOf = asOf;
        this.origins = Map.copyOf(origins);
    }

    private static Map<String, String> originsOf(java.util.Set<String> keys, String origin) {
        Map<String, String> origins = new HashMap<>();
        keys.forEach(key -> origins.put(key, origin));
        return origins;
    }

    /** The catalog shipped with aiusage, generated from published prices (see {@link #source()}). */
    public static PriceCatalog bundled() {
        return BundledCatalog.INSTANCE;
    }

    public static PriceCatalog of(Collection<ModelPrice> prices) {
        return new PriceCatalog(prices.stream().collect(Collectors.toMap(ModelPrice::key, p -> p, (a, b) -> b)),
                Map.of(), "in-memory", null);
    }

    /**
     * Reads a price file, in aiusage's format or LiteLLM's; a malformed one fails with the file, the
     * entry and the reason.
     */
    public static PriceCatalog load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CatalogReader.read(in, file.toString());
        } catch (IOException e) {
            throw new AiusageException("cannot read price file " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** The bundled catalog with each file laid over it in turn: for each model, the last file wins. */
    public static PriceCatalog bundledWith(List<Path> overrides) {
        PriceCatalog catalog = bundled();
        for (Path file : overrides) {
            PriceCatalog override = load(file);
            catalog = catalog.overriddenBy(override);
            for (var alias : override.aliases.entrySet()) {
                if (!catalog.prices.containsKey(alias.getValue())) {
                    throw new AiusageException(file + ": alias \"" + alias.getKey() + "\" points at \""
                            + alias.getValue() + "\", which has no price in the bundled catalog or the files before it");
                }
            }
        }
        return catalog;
    }

    /** This catalog with {@code other}'s models and aliases taking precedence. */
    public PriceCatalog overriddenBy(PriceCatalog other) {
        Map<String, ModelPrice> merged = new HashMap<>(prices);
        other.aliases.keySet().forEach(merged::remove); // a later alias beats an earlier price of that name
        merged.putAll(other.prices);
        Map<String, String> mergedAliases = new HashMap<>(aliases);
        other.prices.keySet().forEach(mergedAliases::remove); // a priced name beats an older alias
        mergedAliases.putAll(other.aliases);
        Map<String, String> mergedOrigins = new HashMap<>(origins);
        other.aliases.keySet().forEach(mergedOrigins::remove);
        mergedOrigins.putAll(other.origins);
        List<String> mergedLayers = new java.util.ArrayList<>(layers);
        mergedLayers.addAll(other.layers);
        return new PriceCatalog(merged, mergedAliases, mergedLayers, asOf, mergedOrigins);
    }

    /** Where the price of {@code key} came from (the bundled catalog or a price file) and as of when. */
    public String origin(String key) {
        return origins.getOrDefault(key, source());
    }

    /** Every source of prices here, the bundled catalog first, then the files in the order laid over it. */
    public List<String> layers() {
        return layers;
    }

    public Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        Optional<ModelPrice> exact = lookup(model);
        if (exact.isPresent()) {
            return exact;
        }
        String plain = model.trim().toLowerCase(Locale.ROOT);
        for (String prefix : PROVIDER_PREFIXES) {
            if (plain.startsWith(prefix)) {
                plain = plain.substring(prefix.length());
                break;
            }
        }
        return lookup(plain);
    }

    private Optional<ModelPrice> lookup(String name) {
        ModelPrice price = prices.get(name);
        if (price == null && aliases.containsKey(name)) {
            price = prices.get(aliases.get(name));
        }
        return Optional.ofNullable(price);
    }

    /** How a name resolves: the key of the price it gets, or empty when it has none. */
    public Optional<String> resolve(String model) {
        return find(model).map(ModelPrice::key);
    }

    /**
     * Prices tokens on the model the provider reported, else the one requested; with neither in the
     * catalog the cost is unpriced (no amount), never zero.
     */
    public Cost cost(String responseModel, String requestModel, TokenBuckets tokens, CostSource source) {
        return cost(responseModel, requestModel, tokens, ServiceTier.STANDARD, source);
    }

    /**
     * As {@link #cost(String, String, TokenBuckets, CostSource)}, at a service tier; a model that
     * publishes no price for that tier leaves the attempt unpriced rather than guessing.
     */
    public Cost cost(String responseModel, String requestModel, TokenBuckets tokens, ServiceTier tier,
            CostSource source) {
        Optional<ModelPrice> price = find(responseModel).or(() -> find(requestModel));
        try {
            return price.flatMap(p -> p.cost(tokens, tier).map(amount -> new Cost(amount, source, p.key())))
                    .orElseGet(() -> Cost.unpriced(source));
        } catch (IllegalArgumentException tooLarge) {
            return Cost.unpriced(source); // a cost beyond what can be held is no price; the tokens still count
        }
    }

    /** Every priced model, by name. */
    public List<ModelPrice> models() {
        return prices.values().stream().sorted(Comparator.comparing(ModelPrice::key)).toList();
    }

    public Map<String, String> aliases() {
        return aliases;
    }

    public int size() {
        return prices.size();
    }

    /** Every layer's source, joined: {@code bundled catalog (...) + my-prices.json}. */
    public String source() {
        return String.join(" + ", layers);
    }

    public String asOf() {
        return asOf;
    }
}
