package dev.aiusage.pricing;

import dev.aiusage.event.ServiceTier;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiusage.AiusageException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LiteLLM's price map (USD per token) as prices per million tokens. Entries without both an input
 * and an output price per token (images, audio seconds, characters) are left out: they say nothing
 * certain about tokens. Embedding models that list no output price have no output to price.
 */
final class LiteLlmPrices {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final Map<String, String> RATES = Map.of(
            "input", "input_cost_per_token",
            "cacheRead", "cache_read_input_token_cost",
            "cacheWrite5m", "cache_creation_input_token_cost",
            "cacheWrite1h", "cache_creation_input_token_cost_above_1hr",
            "output", "output_cost_per_token",
            "reasoning", "output_cost_per_reasoning_token",
            "audioInput", "input_cost_per_audio_token",
            "audioOutput", "output_cost_per_audio_token");
    private static final Map<ServiceTier, String> TIER_SUFFIX = Map.of(
            ServiceTier.BATCH, "_batches", ServiceTier.FLEX, "_flex", ServiceTier.PRIORITY, "_priority");

    private static final Pattern LONG_CONTEXT = Pattern.compile("_above_(\\d{1,6})k_tokens$");

    private LiteLlmPrices() {}

    static PriceCatalog read(JsonNode root, String origin) {
        Map<String, ModelPrice> prices = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode node = entry.getValue();
            if (entry.getKey().equals("sample_spec") || !node.isObject() || !node.has("input_cost_per_token")
                    || !node.has("output_cost_per_token") && !"embedding".equals(node.path("mode").asText())) {
                continue;
            }
            try {
                prices.put(entry.getKey(), price(entry.getKey(), node));
            } catch (RuntimeException e) {
                throw new AiusageException(origin + ": model \"" + entry.getKey() + "\": " + e.getMessage(), e);
            }
        }
        if (prices.isEmpty()) {
            throw new AiusageException(origin + ": no token prices found; expected aiusage's format ({\"models\": ...}) "
                    + "or LiteLLM's ({MODEL: {\"input_cost_per_token\": ...}})");
        }
        return new PriceCatalog(prices, Map.of(), origin, null);
    }

    private static ModelPrice price(String key, JsonNode node) {
        Rates base = rates(node, "", null);
        Map<ServiceTier, Rates> tiers = new EnumMap<>(ServiceTier.class);
        TIER_SUFFIX.forEach((tier, suffix) -> {
            if (node.has("input_cost_per_token" + suffix) || node.has("output_cost_per_token" + suffix)) {
                tiers.put(tier, rates(node, suffix, base));
            }
        });
        List<ModelPrice.LongContextTier> longContext = new ArrayList<>();
        for (long thousands : longContextThresholds(node)) {
            longContext.add(new ModelPrice.LongContextTier(thousands * 1_000,
                    rates(node, "_above_" + thousands + "k_tokens", base)));
        }
        return new ModelPrice(key, node.path("litellm_provider").asText(null), node.path("mode").asText(null), base,
                tiers, longContext, null);
    }

    /** The thresholds of fields like {@code input_cost_per_token_above_200k_tokens}, in thousands. */
    private static SortedSet<Long> longContextThresholds(JsonNode node) {
        SortedSet<Long> thresholds = new TreeSet<>();
        node.fieldNames().forEachRemaining(field -> {
            Matcher m = LONG_CONTEXT.matcher(field);
            if (m.find()) {
                thresholds.add(Long.parseLong(m.group(1)));
            }
        });
        return thresholds;
    }

    private static Rates rates(JsonNode node, String suffix, Rates base) {
        return Rates.read(name -> {
            BigDecimal perToken = CatalogReader.decimal(node, RATES.get(name) + suffix, null);
            if (perToken == null && base == null && name.equals("output")) {
                return BigDecimal.ZERO; // an embedding model lists no output price: it has no output
            }
            return perToken == null ? null : perToken.multiply(MILLION).stripTrailingZeros();
        }, base);
    }
}
