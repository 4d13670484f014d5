package dev.aiusage.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One ledger entry as one line of JSON, with every field, so it can be stored again exactly: the spool
 * uses it, and so can export and import between machines. Times are ISO-8601 instants; costs are
 * integer nano-dollars.
 */
public final class EntryCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EntryCodec() {}

    /** One line of JSON; attributes in name order, so the same entry always reads the same. */
    public static String encode(LedgerEntry entry) {
        ObjectNode node = switch (entry) {
            case UsageEvent event -> event(event);
            case ScopeRecord scope -> scope(scope);
        };
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a line written by {@link #encode}; a malformed line fails with the reason. */
    public static LedgerEntry decode(String line) {
        JsonNode node;
        try {
            node = STRICT.readValue(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage()); // one line, without the source
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            return switch (node.path("kind").asText()) {
                case "usage" -> readEvent(node);
                case "scope" -> readScope(node);
                default -> throw new IllegalArgumentException(node.hasNonNull("kind")
                        ? "unknown kind '" + node.path("kind").asText() + "'; expected usage or scope"
                        : "no \"kind\" field; each line is a usage or a scope entry, as ledger export writes them");
            };
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ObjectNode event(UsageEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "usage");
        n.put("eventId", e.eventId().toString());
        n.put("callId", e.callId().toString());
        n.put("attempt", e.attempt());
        n.put("startedAt", e.startedAt().toString());
        n.put("endedAt", e.endedAt().toString());
        n.put("provider", e.provider());
        n.put("api", e.api().code());
        n.put("serviceTier", e.serviceTier().code());
        n.put("requestModel", e.requestModel());
        n.put("responseModel", e.responseModel());
        writeTokens(n.putObject("tokens"), e.tokens());
        if (e.cost().priced()) {
            n.put("costNanos", e.cost().amount().nanos());
        } else {
            n.putNull("costNanos");
        }
        n.put("costSource", e.cost().source().code());
        n.put("priceKey", e.cost().priceKey());
        n.put("status", e.status().code());
        if (e.httpStatus() != null) {
            n.put("httpStatus", e.httpStatus());
        }
        n.put("errorType", e.errorType());
        n.put("requestId", e.requestId());
        n.put("rawUsage", e.rawUsage());
        Attribution a = e.attribution();
        n.put("scopeId", a.scopeId());
        n.put("operation", a.operation());
        n.put("jobId", a.jobId());
        n.put("batchId", a.batchId());
        n.set("attributes", JSON.valueToTree(new TreeMap<>(a.attributes())));
        return n;
    }

    /** Every token bucket under its name: the one JSON shape for tokens, here and in reports. */
    public static void writeTokens(ObjectNode node, TokenBuckets t) {
        node.put("input", t.input());
        node.put("cacheRead", t.cacheRead());
        node.put("cacheWrite5m", t.cacheWrite5m());
        node.put("cacheWrite1h", t.cacheWrite1h());
        node.put("output", t.output());
        node.put("reasoning", t.reasoning());
        node.put("audioInput", t.audioInput());
        node.put("audioOutput", t.audioOutput());
    }

    private static UsageEvent readEvent(JsonNode n) {
        JsonNode t = n.get("tokens");
        if (t == null || !t.isObject()) {
            throw new IllegalArgumentException("field 'tokens' must be an object");
        }
        TokenBuckets tokens = new TokenBuckets(count(t, "input"), count(t, "cacheRead"), count(t, "cacheWrite5m"),
                count(t, "cacheWrite1h"), count(t, "output"), count(t, "reasoning"), count(t, "audioInput"),
                count(t, "audioOutput"));
        Long nanos = optionalLong(n, "costNanos");
        Cost priced = new Cost(nanos == null ? null : new Money(nanos),
                CostSource.fromCode(required(n, "costSource")), text(n, "priceKey"));
        Attribution attribution = new Attribution(text(n, "scopeId"), required(n, "operation"), text(n, "jobId"),
                text(n, "batchId"), attributes(n));
        return new UsageEvent(UUID.fromString(required(n, "eventId")), UUID.fromString(required(n, "callId")),
                smallCount(n, "attempt"), Instant.parse(required(n, "startedAt")),
                Instant.parse(required(n, "endedAt")), required(n, "provider"), ApiKind.fromCode(required(n, "api")),
                n.hasNonNull("serviceTier") ? ServiceTier.fromCode(required(n, "serviceTier")) : ServiceTier.STANDARD,
                text(n, "requestModel"), text(n, "responseModel"), tokens, priced,
                CallStatus.fromCode(required(n, "status")),
                httpStatus(n), text(n, "errorType"),
                text(n, "requestId"), text(n, "rawUsage"), attribution);
    }

    private static ObjectNode scope(ScopeRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "scope");
        n.put("scopeId", r.scopeId());
        n.put("parentId", r.parentId());
        n.put("parentOperation", r.parentOperation());
        n.put("operation", r.operation());
        n.put("jobId", r.jobId());
        n.put("batchId", r.batchId());
        n.set("attributes", JSON.valueToTree(new TreeMap<>(r.attributes())));
        n.put("startedAt", r.startedAt().toString());
        n.put("endedAt", r.endedAt().toString());
        n.put("outcome", r.outcome().code());
        n.put("errorType", r.errorType());
        n.put("errorMessage", r.errorMessage());
        if (r.batch() != null) {
            n.set("batch", JSON.valueToTree(r.batch()));
        }
        return n;
    }

    private static ScopeRecord readScope(JsonNode n) {
        BatchSummary batch = null;
        JsonNode b = n.path("batch");
        if (b.isObject()) {
            List<BatchSummary.ErrorSample> samples = new ArrayList<>();
            for (JsonNode s : b.path("samples")) {
                samples.add(new BatchSummary.ErrorSample(text(s, "itemKey"), text(s, "errorType"), text(s, "message")));
            }
            batch = new BatchSummary(smallCount(b, "succeeded"), smallCount(b, "failed"), samples);
        }
        return new ScopeRecord(required(n, "scopeId"), text(n, "parentId"), text(n, "parentOperation"),
                required(n, "operation"), text(n, "jobId"), text(n, "batchId"), attributes(n),
                Instant.parse(required(n, "startedAt")), Instant.parse(required(n, "endedAt")),
                ScopeRecord.Outcome.valueOf(required(n, "outcome").toUpperCase(java.util.Locale.ROOT)),
                text(n, "errorType"), text(n, "errorMessage"), batch);
    }

    private static Map<String, String> attributes(JsonNode n) {
        JsonNode node = n.get("attributes");
        Map<String, String> attributes = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("field 'attributes' must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("attribute '" + e.getKey() + "' must be a string");
            }
            attributes.put(e.getKey(), e.getValue().asText());
        }
        return attributes;
    }

    /** A whole number that fits the column; never a coerced string, boolean or fraction. */
    private static Long optionalLong(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be a whole number, got " + value);
        }
        return value.longValue();
    }

    private static long count(JsonNode n, String field) {
        Long value = optionalLong(n, field);
        if (value == null || value < 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a whole number >= 0");
        }
        return value;
    }

    private static int smallCount(JsonNode n, String field) {
        long value = count(n, field);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + field + "' is too large: " + value);
        }
        return (int) value;
    }

    private static Integer httpStatus(JsonNode n) {
        Long status = optionalLong(n, "httpStatus");
        if (status != null && (status < 100 || status > 999)) {
            throw new IllegalArgumentException("field 'httpStatus' must be an HTTP status, got " + status);
        }
        return status == null ? null : status.intValue();
    }

    private static String required(JsonNode n, String field) {
        String value = text(n, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string, got " + value);
        }
        return value.asText();
    }
}
