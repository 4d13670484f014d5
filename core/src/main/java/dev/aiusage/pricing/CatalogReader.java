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
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FILE_FIELDS = Set.of("source", "asOf", "unit", "models", "aliases");

    private static final Set<String> RATE_FIELDS = Set.of("input", "cacheRead", "cacheWrite5m", "cacheWrite1h",
            "output", "reasoning", "audioInput", "audioOutput");
    private static final Set<String> MODEL_FIELDS = Set.of("provider", "mode", "perRequest", "tiers", "longContext");

    private CatalogReader() {}

    static PriceCatalog read(InputStream in, String origin) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String reason = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "")
                    .replaceAll("\\s*\\[Source:.*", "");
            throw new AiusageException(origin + ": not valid JSON"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr())
                    + ": " + reason);
        }
        if (root == null || !root.isObject()) {
            throw new AiusageException(origin + ": a price file must be a JSON object");
        }
        boolean ours = root.has("models") || root.has("aliases") || root.has("model") || root.has("source");
        return ours ? readOurs(root, origin) : LiteLlmPrices.read(root, origin);
    }

    private static PriceCatalog readOurs(JsonNode root, String origin) {
        root.fieldNames().forEachRemaining(field -> {
            if (!FILE_FIELDS.contains(field)) {
                throw new AiusageException(origin + ": unknown field \"" + field + "\"; a price file has "
                        + new java.util.TreeSet<>(FILE_FIELDS));
            }
        });
        if (!root.path("models").isObject()) {
            throw new AiusageException(origin + ": \"models\" must be an object of model prices");
        }
        if (root.has("aliases") && !root.path("aliases").isObject()) {
            throw new AiusageException(origin + ": \"aliases\" must be an object of NAME: MODEL");
        }
        Map<String, ModelPrice> prices = new HashMap<>();
        for (Map.Entry<String, JsonNode> model : root.path("models").properties()) {
            if (model.getKey().isBlank()) {
                throw new AiusageException(origin + ": a model has an empty name");
            }
            prices.put(model.getKey(), readModel(model.getKey(), model.getValue(), origin));
        }
        Map<String, String> aliases = new HashMap<>();
        for (Map.Entry<String, JsonNode> alias : root.path("aliases").properties()) {
            if (!alias.getValue().isTextual() || alias.getKey().isBlank()) {
                throw new AiusageException(origin + ": alias \"" + alias.getKey() + "\" must name a model");
            }
            if (prices.containsKey(alias.getKey())) {
                throw new AiusageException(origin + ": \"" + alias.getKey() + "\" is both a model and an alias; keep one");
            }
            aliases.put(alias.getKey(), alias.getValue().asText());
        }
        if (root.has("unit") && !"USD per million tokens".equals(root.path("unit").asText())) {
            throw new AiusageException(origin + ": \"unit\" must be \"USD per million tokens\" (the only unit of this "
                    + "format); for USD per token use LiteLLM's format");
        }
        String described = root.has("source") ? origin + " (" + root.path("source").asText() + ")" : origin;
        return new PriceCatalog(prices, aliases, described, root.path("asOf").asText(null));
    }

    private static ModelPrice readModel(String key, JsonNode node, String origin) {
        try {
            if (!node.isObject()) {
                throw new IllegalArgumentException("must be an object of rates");
            }
            node.fieldNames().forEachRemaining(field -> {
                if (!RATE_FIELDS.contains(field) && !MODEL_FIELDS.contains(field)) {
                    throw new IllegalArgumentException("unknown field \"" + field + "\"; a model has "
                            + new java.util.TreeSet<>(union(RATE_FIELDS, MODEL_FIELDS)));
                }
            });
            if (!node.has("input") || !node.has("output")) {
                throw new IllegalArgumentException("needs both \"input\" and \"output\" rates (USD per million tokens)");
            }
            Rates base = readRates(node, null);
            Map<ServiceTier, Rates> tiers = new EnumMap<>(ServiceTier.class);
            if (node.has("tiers") && !node.get("tiers").isObject()) {
                throw new IllegalArgumentException("\"tiers\" must be an object such as {\"batch\": {rates}}");
            }
            for (Map.Entry<String, JsonNode> tier : node.path("tiers").properties()) {
                requireOnly(tier.getValue(), RATE_FIELDS, "tier " + tier.getKey());
                tiers.put(serviceTier(tier.getKey()), readRates(tier.getValue(), base));
            }
            List<ModelPrice.LongContextTier> longContext = new ArrayList<>();
            if (node.has("longContext") && !node.get("longContext").isArray()) {
                throw new IllegalArgumentException("\"longContext\" must be an array of tiers");
            }
            for (JsonNode tier : node.path("longContext")) {
                requireOnly(tier, LONG_CONTEXT_FIELDS, "a longContext tier");
                JsonNode above = tier.get("aboveInputTokens");
                if (above == null || !above.isIntegralNumber() || !above.canConvertToLong() || above.longValue() < 0) {
                    throw new IllegalArgumentException("a longContext tier needs \"aboveInputTokens\", a whole number >= 0");
                }
                longContext.add(new ModelPrice.LongContextTier(above.longValue(), readRates(tier, base)));
            }
            return new ModelPrice(key, text(node, "provider"), text(node, "mode"), base, tiers, longContext,
                    decimal(node, "perRequest", null));
        } catch (RuntimeException e) {
            throw new AiusageException(origin + ": model \"" + key + "\": " + e.getMessage(), e);
        }
    }

    private static final Set<String> LONG_CONTEXT_FIELDS = union(RATE_FIELDS, Set.of("aboveInputTokens"));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be an object of rates");
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(what + ": unknown field \"" + field + "\"; allowed: "
                        + new java.util.TreeSet<>(allowed));
            }
        });
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asText();
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
        return Rates.read(name -> decimal(node, name, null), base);
    }

    static BigDecimal decimal(JsonNode node, String field, BigDecimal fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        String shown = abbreviate(value.toString());
        BigDecimal number;
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                number = new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + field + "\" is not a decimal number: " + shown);
            }
        } else {
            throw new IllegalArgumentException("\"" + field + "\" is not a decimal number: " + shown);
        }
        // Check the magnitude on the unscaled form first: rescaling 1e999999999 would never end.
        if (number.signum() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be 0 or more, got " + shown);
        }
        if (number.precision() - number.scale() > 12 || number.scale() > 1_000) {
            throw new IllegalArgumentException("\"" + field + "\" is out of range: " + shown);
        }
        number = number.stripTrailingZeros();
        if (number.scale() > 30) {
            throw new IllegalArgumentException("\"" + field + "\" has more than 30 decimals: " + shown);
        }
        return number;
    }
}
