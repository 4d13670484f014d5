package dev.aiusage.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Anthropic's wire format for messages, plain and streamed, as the API sends it. */
final class AnthropicWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicWire() {}

    /** A message; when the request forces a tool, the answer (JSON) is that tool's input, as Claude sends it. */
    static ObjectNode message(String id, String model, ModelAnswer answer, boolean withUsage, String forcedTool) {
        JsonNode toolInput = forcedTool == null ? null : json(answer.text());
        ObjectNode body = header(id, model).put("stop_reason", toolInput != null ? "tool_use" : "end_turn");
        body.putNull("stop_sequence");
        if (toolInput != null) {
            body.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_" + id)
                    .put("name", forcedTool).set("input", toolInput);
        } else {
            body.putArray("content").addObject().put("type", "text").put("text", answer.text());
        }
        if (withUsage) {
            body.set("usage", usage(answer, answer.output()));
        }
        return body;
    }

    /** message_start (input usage), one text delta per word, message_delta (output usage), message_stop. */
    static List<SseEvent> stream(String id, String model, ModelAnswer answer, boolean withUsage) {
        List<SseEvent> events = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = header(id, model);
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putArray("content");
        if (withUsage) {
            message.set("usage", usage(answer, 1));
        }
        start.set("message", message);
        events.add(new SseEvent("message_start", start.toString()));
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        events.add(new SseEvent("content_block_start", blockStart.toString()));
        for (String piece : OpenAiWire.pieces(answer.text())) {
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", piece);
            events.add(new SseEvent("content_block_delta", delta.toString()));
        }
        events.add(new SseEvent("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0).toString()));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        if (withUsage) {
            messageDelta.putObject("usage").put("output_tokens", answer.output());
        }
        events.add(new SseEvent("message_delta", messageDelta.toString()));
        events.add(new SseEvent("message_stop", JSON.createObjectNode().put("type", "message_stop").toString()));
        return events;
    }

    private static JsonNode json(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    static ObjectNode error(int status) {
        String type = switch (status) {
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", "fake " + type);
        return body;
    }

    private static ObjectNode header(String id, String model) {
        return JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    }

    private static ObjectNode usage(ModelAnswer answer, long outputTokens) {
        ObjectNode usage = JSON.createObjectNode()
                .put("input_tokens", answer.input())
                .put("cache_creation_input_tokens", answer.cacheWrite5m() + answer.cacheWrite1h())
                .put("cache_read_input_tokens", answer.cacheRead())
                .put("output_tokens", outputTokens);
        usage.putObject("cache_creation")
                .put("ephemeral_5m_input_tokens", answer.cacheWrite5m())
                .put("ephemeral_1h_input_tokens", answer.cacheWrite1h());
        return usage;
    }
}
