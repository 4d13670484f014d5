package dev.aiusage.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.event.ApiKind;
import dev.aiusage.usage.AnthropicUsage;
import dev.aiusage.usage.ProviderUsage;

/**
 * Anthropic's Messages API. A streamed message reports input and cache usage in {@code message_start}
 * and the output count in {@code message_delta}; the two are merged.
 */
final class AnthropicProtocol implements WireProtocol {

    @Override
    public String provider() {
        return "anthropic";
    }

    @Override
    public ApiKind api(String path) {
        return path.endsWith("/messages") ? ApiKind.MESSAGES : null;
    }

    @Override
    public boolean prepare(ObjectNode body, ApiKind api) {
        return false;
    }

    @Override
    public void read(JsonNode answer, ApiKind api, Observation seen) {
        readMessage(answer, seen);
        answer.path("content").forEach(block -> seen.text(block.get("text")));
        seen.finish(Observation.Finish.COMPLETED);
    }

    @Override
    public boolean onEvent(String name, String data, ApiKind api, Observation seen, boolean hideUsageOnly) {
        JsonNode event = Json.read(data);
        // The SDK fails on an event named error whatever its data, JSON or not.
        if ("error".equals(name) || event != null && "error".equals(event.path("type").asText())) {
            seen.failed(Json.errorType(event, "stream_error"));
            return true;
        }
        if (event == null) {
            return true;
        }
        switch (event.path("type").asText(name == null ? "" : name)) {
            case "message_start" -> readMessage(event.path("message"), seen);
            case "content_block_delta" -> seen.text(event.path("delta").get("text"));
            case "message_delta" -> seen.usage(event.get("usage"));
            case "message_stop" -> seen.finish(Observation.Finish.COMPLETED);
            default -> { }
        }
        return true;
    }

    @Override
    public ProviderUsage usage(JsonNode usage) {
        return AnthropicUsage.read(usage);
    }

    @Override
    public String requestIdHeader() {
        return "request-id";
    }

    private static void readMessage(JsonNode message, Observation seen) {
        seen.model(message.get("model"));
        seen.usage(message.get("usage"));
        seen.serviceTier(message.path("usage").get("service_tier"));
    }
}
