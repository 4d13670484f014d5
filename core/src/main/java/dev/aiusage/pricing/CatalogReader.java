package dev.aiusage.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.AiusageException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads aiusage's catalog format: {@code {"source", "asOf", "models": {NAME: {"provider", "mode",
 * "input", "cacheRead", ..., "longContext": [{"aboveInputTokens", ...rates}]}}}}, rates in USD per
 * million tokens as decimal strings (numbers are accepted too, read from their exact text).
 */
final class CatalogReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private CatalogReader() {}

    static PriceCatalog read(InputStream in, String origin) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !root.path("models").isObject()) {
            throw new AiusageException(origin + ": not a price catalog (no \"models\" object)");
        }
        Map<String, ModelPrice> prices = new HashMap<>();
        for (Map.Entry<String, JsonNode> model : root.path("models").properties()) {
            prices.put(model.getKey(), readModel(model.getKey(), model.getValue(), origin));
        }
        return new PriceCatalog(prices, root.path("source").asText(origin), root.path("asOf").asText(null));
    }

    private static ModelPrice readModel(String key, JsonNode node, String origin) {
        try {
            Rates base = readRates(node, null);
            List<ModelPrice.LongContextTier> tiers = new ArrayList<>();
            for (JsonNode tier : node.path("longContext")) {
                tiers.add(new ModelPrice.LongContextTier(tier.path("aboveInputTokens").asLong(), readRates(tier, base)));
            }
            return new ModelPrice(key, node.path("provider").asText(null), node.path("mode").asText(null), base, tiers);
        } catch (RuntimeException e) {
            throw new AiusageException(origin + ": model \"" + key + "\": " + e.getMessage(), e);
        }
    }

    /** Rates from a node; a tier's missing rates fall back to the base model's. */
    private static Rates readRates(JsonNode node, Rates base) {
        return new Rates(
                rate(node, "input", base == null ? null : base.input()),
                rate(node, "cacheRead", base == null ? null : base.cacheRead()),
                rate(node, "cacheWrite5m", base == null ? null : base.cacheWrite5m()),
                rate(node, "cacheWrite1h", base == null ? null : base.cacheWrite1h()),
                rate(node, "output", base == null ? null : base.output()),
                rate(node, "reasoning", base == null ? null : base.reasoning()),
                rate(node, "audioInput", base == null ? null : base.audioInput()),
                rate(node, "audioOutput", base == null ? null : base.audioOutput()));
    }

    private static BigDecimal rate(JsonNode node, String field, BigDecimal fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate \"" + field + "\" is not a decimal number: " + value);
        }
    }
}
