package dev.aiusage.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.event.ApiKind;
import dev.aiusage.usage.OpenAiUsage;
import dev.aiusage.usage.ProviderUsage;

/**
 * OpenAI's API, also spoken by compatible servers. A streamed chat completion reports usage only when
 * the request sets {@code stream_options.include_usage}, in a last chunk with no choices: this asks for
 * it and hides that chunk from callers that did not ask, since they may index {@code choices().get(0)}.
 */
final class OpenAiProtocol implements WireProtocol {

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    public ApiKind api(String path) {
        if (path.endsWith("/chat/completions")) {
            return ApiKind.CHAT;
        } else if (path.endsWith("/embeddings")) {
            return ApiKind.EMBEDDINGS;
        } else if (path.endsWith("/responses")) {
            return ApiKind.RESPONSES;
        }
        return null;
    }

    @Override
    public boolean prepare(ObjectNode body, ApiKind api) {
        if (api != ApiKind.CHAT || !body.path("stream").asBoolean(false)) {
            return false;
        }
        JsonNode options = body.path("stream_options");
        if (options.path("include_usage").asBoolean(false)) {
            return false;
        }
        ObjectNode streamOptions = options.isObject() ? (ObjectNode) options : body.putObject("stream_options");
        streamOptions.put("include_usage", true);
        return true;
    }

    @Override
    public void read(JsonNode answer, ApiKind api, Observation seen) {
        seen.model(answer.get("model"));
        seen.serviceTier(answer.get("service_tier"));
        seen.usage(answer.get("usage"));
        switch (api) {
            case CHAT -> answer.path("choices").forEach(choice -> seen.text(choice.path("message").get("content")));
            case RESPONSES -> readResponse(answer, seen);
            case EMBEDDINGS, MESSAGES -> { }
        }
        seen.finish(Observation.Finish.COMPLETED);
    }

    @Override
    public boolean onEvent(String name, String data, ApiKind api, Observation seen, boolean hideUsageOnly) {
        if (data.equals("[DONE]")) {
            seen.finish(Observation.Finish.COMPLETED);
            return true;
        }
        JsonNode event = Json.read(data);
        if (event == null) {
            return true;
        }
        if (api == ApiKind.RESPONSES) {
            onResponseEvent(event, seen);
            return true;
        }
        if (event.has("error")) {
            seen.failed(Json.errorType(event, "stream_error"));
            return true;
        }
        seen.model(event.get("model"));
        seen.serviceTier(event.get("service_tier"));
        seen.usage(event.get("usage"));
        JsonNode choices = event.path("choices");
        choices.forEach(choice -> seen.text(choice.path("delta").get("content")));
        boolean usageOnly = choices.isArray() && choices.isEmpty() && event.path("usage").isObject();
        return !(hideUsageOnly && usageOnly);
    }

    @Override
    public ProviderUsage usage(JsonNode usage) {
        return OpenAiUsage.read(usage);
    }

    @Override
    public String requestIdHeader() {
        return "x-request-id";
    }

    private static void onResponseEvent(JsonNode event, Observation seen) {
        String type = event.path("type").asText("");
        switch (type) {
            case "response.output_text.delta" -> seen.text(event.get("delta"));
            case "response.completed" -> {
                readResponse(event.path("response"), seen);
                seen.finish(Observation.Finish.COMPLETED);
            }
            case "response.incomplete" -> {
                readResponse(event.path("response"), seen);
                seen.finish(Observation.Finish.INCOMPLETE);
            }
            case "response.failed" -> {
                readResponse(event.path("response"), seen);
                seen.failed(event.path("response").path("error").path("code").asText("response_failed"));
            }
            case "error" -> seen.failed(event.path("code").asText("stream_error"));
            default -> seen.model(event.path("response").get("model"));
        }
    }

    private static void readResponse(JsonNode response, Observation seen) {
        seen.model(response.get("model"));
        seen.serviceTier(response.get("service_tier"));
        seen.usage(response.get("usage"));
        if (seen.text().isEmpty()) {
            response.path("output").forEach(item -> item.path("content").forEach(part -> seen.text(part.get("text"))));
        }
    }
}
