package dev.aiusage.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.scope.Tracker;
import dev.aiusage.tokens.TokenCounter;
import dev.aiusage.usage.ProviderUsage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * Turns what an attempt saw into one usage event. Tokens the provider reported are facts; an answer
 * that reported none (a compatible server that ignores {@code include_usage}, a stream cut before its
 * usage) gets tokens counted from the text, priced and marked {@code estimated}, never a silent zero.
 * So does usage with no readable count (all zero, negative, fractional, text, absurdly large): some
 * compatible servers send zeros when they do not count, and no answered call costs nothing.
 */
final class AttemptRecorder {

    private final WireProtocol protocol;
    private final Tracker tracker;
    private final PriceCatalog prices;

    AttemptRecorder(WireProtocol protocol, Tracker tracker, PriceCatalog prices) {
        this.protocol = protocol;
        this.tracker = tracker;
        this.prices = prices;
    }

    /** The request never got an answer: a timeout, a refused or reset connection. */
    void transportFailed(Attempt attempt, Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof IOException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String type = cause instanceof InterruptedIOException ? "timeout"
                : cause instanceof IOException ? "connection_error" : "client_error";
        record(attempt, new Observation(), CallStatus.ERROR, type, false);
    }

    /** The provider refused the request (4xx, 5xx): nothing billable. */
    void refused(Attempt attempt, JsonNode errorBody) {
        record(attempt, new Observation(), CallStatus.ERROR, Json.errorType(errorBody, "http_" + attempt.httpStatus), false);
    }

    /** The provider answered, wholly or in part. */
    void answered(Attempt attempt, Observation seen, CallStatus status, String errorType) {
        record(attempt, seen, status, errorType, true);
    }

    private void record(Attempt attempt, Observation seen, CallStatus status, String errorType, boolean billable) {
        TokenBuckets tokens = TokenBuckets.ZERO;
        CostSource source = CostSource.COMPUTED;
        String raw = null;
        ProviderUsage usage = seen.usage() == null ? null : protocol.usage(seen.usage());
        if (usage != null) {
            raw = attempt.redaction.apply(usage.raw());
        }
        if (usage != null && usage.tokens().total() > 0) {
            tokens = usage.tokens();
        } else if (billable) {
            tokens = estimate(attempt, seen);
            source = CostSource.ESTIMATED;
        }
        ServiceTier tier = tier(seen.serviceTier() != null ? seen.serviceTier() : attempt.requestedTier());
        String responseModel = attempt.redaction.apply(seen.responseModel());
        tracker.record(UsageEvent.builder(protocol.provider(), attempt.api)
                .callId(attempt.call.callId())
                .attempt(attempt.number)
                .startedAt(attempt.startedAt)
                .endedAt(tracker.clock().instant())
                .serviceTier(tier)
                .requestModel(attempt.requestModel())
                .responseModel(responseModel)
                .tokens(tokens)
                .cost(prices.cost(responseModel, attempt.requestModel(), tokens, tier, source))
                .status(status)
                .httpStatus(attempt.httpStatus)
                .errorType(attempt.redaction.apply(errorType))
                .requestId(attempt.redaction.apply(attempt.requestId))
                .rawUsage(raw)
                .attribution(attempt.call.attribution())
                .build());
    }

    private static TokenBuckets estimate(Attempt attempt, Observation seen) {
        String model = seen.responseModel() != null ? seen.responseModel() : attempt.requestModel();
        TokenCounter counter = TokenCounter.forModel(model);
        return TokenBuckets.of(counter.count(RequestText.of(attempt.request.tree())), counter.count(seen.text()));
    }

    private static ServiceTier tier(String reported) {
        if (reported == null) {
            return ServiceTier.STANDARD;
        }
        return switch (reported) {
            case "flex" -> ServiceTier.FLEX;
            case "priority" -> ServiceTier.PRIORITY;
            case "batch" -> ServiceTier.BATCH;
            default -> ServiceTier.STANDARD;
        };
    }

    /** The text a request sends to the model, for counting its tokens when the provider did not. */
    static final class RequestText {

        private static final List<String> PROMPT_FIELDS = List.of("messages", "input", "system", "instructions", "prompt");

        private RequestText() {}

        static String of(JsonNode request) {
            StringBuilder text = new StringBuilder();
            if (request != null) {
                PROMPT_FIELDS.forEach(field -> collect(request.get(field), text));
            }
            return text.toString();
        }

        private static void collect(JsonNode node, StringBuilder text) {
            if (node == null) {
                return;
            }
            if (node.isTextual()) {
                text.append(node.asText()).append('\n');
            } else if (node.isArray()) {
                node.forEach(element -> collect(element, text));
            } else if (node.isObject()) {
                collect(node.get("content"), text);
                collect(node.get("text"), text);
            }
        }
    }
}
