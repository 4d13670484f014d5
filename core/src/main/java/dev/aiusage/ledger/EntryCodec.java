package dev.aiusage.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.ScopeRecord;
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
import java.util.UUID;

/**
 * One ledger entry as one line of JSON, with every field, so it can be stored again exactly: the spool
 * uses it, and so can export and import between machines. Times are ISO-8601 instants; costs are
 * integer nano-dollars.
 */
public final class EntryCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryCodec() {}

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
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            return switch (node.path("kind").asText()) {
                case "usage" -> readEvent(node);
                case "scope" -> readScope(node);
                default -> throw new IllegalArgumentException("unknown kind '" + node.path("kind").asText()
                        + "'; expected usage or scope");
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
        n.set("attributes", JSON.valueToTree(a.attributes()));
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
        JsonNode t = n.path("tokens");
        TokenBuckets tokens = new TokenBuckets(t.path("input").asLong(), t.path("cacheRead").asLong(),
                t.path("cacheWrite5m").asLong(), t.path("cacheWrite1h").asLong(), t.path("output").asLong(),
                t.path("reasoning").asLong(), t.path("audioInput").asLong(), t.path("audioOutput").asLong());
        JsonNode cost = n.path("costNanos");
        Cost priced = new Cost(cost.isNumber() ? new Money(cost.asLong()) : null,
                CostSource.fromCode(required(n, "costSource")), text(n, "priceKey"));
        Attribution attribution = new Attribution(text(n, "scopeId"), required(n, "operation"), text(n, "jobId"),
                text(n, "batchId"), attributes(n));
        return new UsageEvent(UUID.fromString(required(n, "eventId")), UUID.fromString(required(n, "callId")),
                n.path("attempt").asInt(1), Instant.parse(required(n, "startedAt")),
                Instant.parse(required(n, "endedAt")), required(n, "provider"), ApiKind.fromCode(required(n, "api")),
                text(n, "requestModel"), text(n, "responseModel"), tokens, priced,
                CallStatus.fromCode(required(n, "status")),
                n.path("httpStatus").isNumber() ? n.path("httpStatus").asInt() : null, text(n, "errorType"),
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
        n.set("attributes", JSON.valueToTree(r.attributes()));
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
            batch = new BatchSummary(b.path("succeeded").asInt(), b.path("failed").asInt(), samples);
        }
        return new ScopeRecord(required(n, "scopeId"), text(n, "parentId"), text(n, "parentOperation"),
                required(n, "operation"), text(n, "jobId"), text(n, "batchId"), attributes(n),
                Instant.parse(required(n, "startedAt")), Instant.parse(required(n, "endedAt")),
                ScopeRecord.Outcome.valueOf(required(n, "outcome").toUpperCase(java.util.Locale.ROOT)),
                text(n, "errorType"), text(n, "errorMessage"), batch);
    }

    private static Map<String, String> attributes(JsonNode n) {
        Map<String, String> attributes = new LinkedHashMap<>();
        n.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return attributes;
    }

    private static String required(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value.asText();
    }

    private static String text(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
