package dev.aiusage.pricing;

import dev.aiusage.event.ServiceTier;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.AiusageException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a price file in either format it may come in:
 * <ul>
 *   <li>aiusage's: {@code {"source", "asOf", "models": {NAME: {"provider", "mode", "input", "cacheRead",
 *       "cacheWrite5m", "cacheWrite1h", "output", "reasoning", "audioInput", "audioOutput", "perRequest",
 *       "tiers": {"batch"|"flex"|"priority": {rates}}, "longContext": [{"aboveInputTokens", rates}]}},
 *       "aliases": {NAME: MODEL}}}, rates in USD per million tokens (decimal strings or numbers), read
 *       strictly: an unknown field is an error, so a typo cannot silently price at zero;</li>
 *   <li>LiteLLM's price map: {@code {NAME: {"input_cost_per_token", ...}}} in USD per token.</li>
 * </ul>
 * Numbers are read from their exact text, never through {@code double}.
 */
final class CatalogReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> RATE_FIELDS = Set.of("input", "cacheRead", "cacheWrite5m", "cacheWrite1h",
            "output", "reasoning", "audioInput", "audioOutput");
    private static final Set<String> MODEL_FIELDS = Set.of("provider", "mode", "perRequest", "tiers", "longContext");

    private CatalogReader() {}

    static PriceCatalog read(InputStream in, String origin) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AiusageException(origin + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new AiusageException(origin + ": a price file must be a JSON object");
        }
        return root.has("models") ? readOurs(root, origin) : LiteLlmPrices.read(root, origin);
    }

    private static PriceCatalog readOurs(JsonNode root, String origin) {
        if (!root.path("models").isObject()) {
            throw new AiusageException(origin + ": \"models\" must be an object of model prices");
        }
        Map<String, ModelPrice> prices = new HashMap<>();
        for (Map.Entry<String, JsonNode> model : root.path("models").properties()) {
            prices.put(model.getKey(), readModel(model.getKey(), model.getValue(), origin));
        }
        Map<String, String> aliases = new HashMap<>();
        for (Map.Entry<String, JsonNode> alias : root.path("aliases").properties()) {
            if (!alias.getValue().isTextual()) {
                throw new AiusageException(origin + ": alias \"" + alias.getKey() + "\" must name a model");
            }
            aliases.put(alias.getKey(), alias.getValue().asText());
        }
        return new PriceCatalog(prices, aliases, root.path("source").asText(origin), root.path("asOf").asText(null));
    }

    private static ModelPrice readModel(String key, JsonNode node, String origin) {
        try {
            if (!node.isObject()) {
                throw new IllegalArgumentException("must be an object of rates");
            }
            node.fieldNames().forEachRemaining(field -> {
                if (!RATE_FIELDS.contains(field) && !MODEL_FIELDS.contains(field)) {
                    throw new IllegalArgumentException("unknown field \"" + field + "\"; rates are " + RATE_FIELDS);
                }
            });
            Rates base = readRates(node, null);
            Map<ServiceTier, Rates> tiers = new EnumMap<>(ServiceTier.class);
            for (Map.Entry<String, JsonNode> tier : node.path("tiers").properties()) {
                tiers.put(serviceTier(tier.getKey()), readRates(tier.getValue(), base));
            }
            List<ModelPrice.LongContextTier> longContext = new ArrayList<>();
            for (JsonNode tier : node.path("longContext")) {
                long above = tier.path("aboveInputTokens").asLong(-1);
                if (above < 0) {
                    throw new IllegalArgumentException("a longContext tier needs \"aboveInputTokens\" >= 0");
                }
                longContext.add(new ModelPrice.LongContextTier(above, readRates(tier, base)));
            }
            return new ModelPrice(key, node.path("provider").asText(null), node.path("mode").asText(null), base,
                    tiers, longContext, decimal(node, "perRequest", null));
        } catch (RuntimeException e) {
            throw new AiusageException(origin + ": model \"" + key + "\": " + e.getMessage(), e);
        }
    }

    private static ServiceTier serviceTier(String name) {
        try {
            ServiceTier tier = ServiceTier.valueOf(name.toUpperCase(Locale.ROOT));
            if (tier != ServiceTier.STANDARD) {
                return tier;
            }
        } catch (IllegalArgumentException unknown) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("unknown tier \"" + name + "\"; tiers are batch, flex, priority");
    }

    /** Rates from a node; a tier's missing rates fall back to the base model's. */
    private static Rates readRates(JsonNode node, Rates base) {
        return new Rates(
                decimal(node, "input", base == null ? null : base.input()),
                decimal(node, "cacheRead", base == null ? null : base.cacheRead()),
                decimal(node, "cacheWrite5m", base == null ? null : base.cacheWrite5m()),
                decimal(node, "cacheWrite1h", base == null ? null : base.cacheWrite1h()),
                decimal(node, "output", base == null ? null : base.output()),
                decimal(node, "reasoning", base == null ? null : base.reasoning()),
                decimal(node, "audioInput", base == null ? null : base.audioInput()),
                decimal(node, "audioOutput", base == null ? null : base.audioOutput()));
    }

    static BigDecimal decimal(JsonNode node, String field, BigDecimal fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        BigDecimal number;
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                number = new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + field + "\" is not a decimal number: " + value);
            }
        } else {
            throw new IllegalArgumentException("\"" + field + "\" is not a decimal number: " + value);
        }
        if (number.signum() < 0 || number.scale() > 30 || number.precision() - number.scale() > 12) {
            throw new IllegalArgumentException("\"" + field + "\" is out of range: " + number.toPlainString());
        }
        return number;
    }
}
