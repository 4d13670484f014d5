package dev.aiusage.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.event.ApiKind;
import dev.aiusage.usage.ProviderUsage;

/** How one provider's API looks on the wire: which calls are billable, and where their usage is. */
interface WireProtocol {

    String provider();

    /** The API a request path calls, or null when the call is not billable (listing models, ...). */
    ApiKind api(String path);

    /**
     * Adjusts a request body before it is sent; returns true when it asked for usage the caller did
     * not (so that the answer's usage-only event is hidden from the caller).
     */
    boolean prepare(ObjectNode body, ApiKind api);

    /** Reads an answer sent in one piece. */
    void read(JsonNode answer, ApiKind api, Observation seen);

    /** Reads one streamed event; returns false to hide it from the caller. */
    boolean onEvent(String name, String data, ApiKind api, Observation seen, boolean hideUsageOnly);

    /** Maps the provider's usage report into token buckets. */
    ProviderUsage usage(JsonNode usage);

    /** The response header carrying the provider's request id. */
    String requestIdHeader();
}
