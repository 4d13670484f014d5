package dev.aiusage.event;

import java.time.Instant;
import java.util.UUID;

/** Builds a {@link UsageEvent}; ids and times default to "now", a fresh call and its first attempt. */
public final class UsageEventBuilder {

    private final String provider;
    private final ApiKind api;
    private UUID eventId;
    private UUID callId;
    private int attempt = 1;
    private Instant startedAt;
    private Instant endedAt;
    private ServiceTier serviceTier = ServiceTier.STANDARD;
    private String requestModel;
    private String responseModel;
    private TokenBuckets tokens = TokenBuckets.ZERO;
    private Cost cost = Cost.unpriced(CostSource.COMPUTED);
    private CallStatus status = CallStatus.OK;
    private Integer httpStatus;
    private String errorType;
    private String requestId;
    private String rawUsage;
    private Attribution attribution = Attribution.UNSCOPED;

    UsageEventBuilder(String provider, ApiKind api) {
        this.provider = provider;
        this.api = api;
    }

    public UsageEventBuilder eventId(UUID value) { this.eventId = value; return this; }
    public UsageEventBuilder callId(UUID value) { this.callId = value; return this; }
    public UsageEventBuilder attempt(int value) { this.attempt = value; return this; }
    public UsageEventBuilder startedAt(Instant value) { this.startedAt = value; return this; }
    public UsageEventBuilder endedAt(Instant value) { this.endedAt = value; return this; }
    public UsageEventBuilder serviceTier(ServiceTier value) { this.serviceTier = value; return this; }
    public UsageEventBuilder requestModel(String value) { this.requestModel = value; return this; }
    public UsageEventBuilder responseModel(String value) { this.responseModel = value; return this; }
    public UsageEventBuilder tokens(TokenBuckets value) { this.tokens = value; return this; }
    public UsageEventBuilder cost(Cost value) { this.cost = value; return this; }
    public UsageEventBuilder status(CallStatus value) { this.status = value; return this; }
    public UsageEventBuilder httpStatus(Integer value) { this.httpStatus = value; return this; }
    public UsageEventBuilder errorType(String value) { this.errorType = value; return this; }
    public UsageEventBuilder requestId(String value) { this.requestId = value; return this; }
    public UsageEventBuilder rawUsage(String value) { this.rawUsage = value; return this; }
    public UsageEventBuilder attribution(Attribution value) { this.attribution = value; return this; }

    public UsageEvent build() {
        Instant end = endedAt != null ? endedAt : (startedAt != null ? startedAt : Instant.now());
        Instant start = startedAt != null ? startedAt : end;
        UUID id = eventId != null ? eventId : EventIds.next(start.toEpochMilli());
        return new UsageEvent(id, callId != null ? callId : id, attempt, start, end, provider, api, serviceTier,
                requestModel, responseModel, tokens, cost, status, httpStatus, errorType, requestId, rawUsage,
                attribution);
    }
}
