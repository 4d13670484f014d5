package dev.aiusage.provider;

import dev.aiusage.event.ApiKind;
import java.time.Instant;

/** One HTTP attempt of a logical call: what was asked, and what the transport saw of the answer. */
final class Attempt {

    final CallContext call;
    final int number;
    final ApiKind api;
    final Instant startedAt;
    /** For elapsed time, which the tracker's clock (perhaps a test's fixed one) cannot give. */
    final long startedNanos = System.nanoTime();
    final RequestJson request;
    final Redaction redaction;
    Integer httpStatus;
    String requestId;

    Attempt(CallContext call, ApiKind api, Instant startedAt, RequestJson request, Redaction redaction) {
        this.call = call;
        this.number = call.nextAttempt();
        this.api = api;
        this.startedAt = startedAt;
        this.request = request;
        this.redaction = redaction;
    }

    String requestModel() {
        return request.model();
    }

    boolean streamRequested() {
        return request.stream();
    }

    String requestedTier() {
        return request.serviceTier();
    }
}
