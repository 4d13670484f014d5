package dev.aiusage.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One billable provider attempt: what was called, the tokens it used, what it cost, how it ended, and
 * who it is attributed to. Retries of one logical call share a {@code callId}.
 *
 * <pre>{@code
 * UsageEvent event = UsageEvent.builder("openai", ApiKind.CHAT)
 *         .requestModel("gpt-4o-mini")
 *         .tokens(TokenBuckets.of(1_000, 200))
 *         .build();
 * }</pre>
 */
public record UsageEvent(
        UUID eventId,
        UUID callId,
        int attempt,
        Instant startedAt,
        Instant endedAt,
        String provider,
        ApiKind api,
        ServiceTier serviceTier,
        String requestModel,
        String responseModel,
        TokenBuckets tokens,
        Cost cost,
        CallStatus status,
        Integer httpStatus,
        String errorType,
        String requestId,
        String rawUsage,
        Attribution attribution) implements LedgerEntry {

    public UsageEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(serviceTier, "serviceTier");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(attribution, "attribution");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("provider must not be blank");
        }
        Instants.requireStorable("startedAt", startedAt);
        Instants.requireStorable("endedAt", endedAt);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
        }
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("event ends (" + endedAt + ") before it starts (" + startedAt + ")");
        }
    }

    public static UsageEventBuilder builder(String provider, ApiKind api) {
        return new UsageEventBuilder(provider, api);
    }

    public Duration latency() {
        return Duration.between(startedAt, endedAt);
    }

    /** The model the price and reports go by: the one the provider reports, else the one requested. */
    public String model() {
        return responseModel != null ? responseModel : requestModel;
    }

    public UsageEvent withAttribution(Attribution newAttribution) {
        return new UsageEvent(eventId, callId, attempt, startedAt, endedAt, provider, api, serviceTier, requestModel,
                responseModel, tokens, cost, status, httpStatus, errorType, requestId, rawUsage, newAttribution);
    }
}
