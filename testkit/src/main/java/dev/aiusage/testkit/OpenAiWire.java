package dev.aiusage.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** OpenAI's wire format for chat completions, embeddings and the Responses API, as the API sends it. */
final class OpenAiWire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CREATED = 1_735_689_600L;

    private OpenAiWire() {}

    static ObjectNode chatCompletion(String id, String model, ModelAnswer answer, boolean withUsage) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", id).put("object", "chat.completion").put("created", CREATED).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer.text()).putNull("refusal");
        choice.putNull("logprobs");
        if (withUsage) {
            body.set("usage", chatUsage(answer));
        }
        return body;
    }

    /** A streamed chat completion: one chunk per word, then (when asked for) the usage-only chunk. */
    static List<SseEvent> chatStream(String id, String model, ModelAnswer answer, boolean includeUsage) {
        List<SseEvent> events = new ArrayList<>();
        events.add(SseEvent.data(chunk(id, model, includeUsage).set("choices", choices("", null, true)).toString()));
        for (String piece : pieces(answer.text())) {
            events.add(SseEvent.data(chunk(id, model, includeUsage).set("choices", choices(piece, null, false)).toString()));
        }
        events.add(SseEvent.data(chunk(id, model, includeUsage).set("choices", choices(null, "stop", false)).toString()));
        if (includeUsage) {
            ObjectNode last = chunk(id, model, false);
            last.putArray("choices");
            last.set("usage", chatUsage(answer));
            events.add(SseEvent.data(last.toString()));
        }
        events.add(SseEvent.data("[DONE]"));
        return events;
    }

    static ObjectNode embeddings(String model, int inputs, long tokens) {
        ObjectNode body = JSON.createObjectNode().put("object", "list").put("model", model);
        ArrayNode data = body.putArray("data");
        for (int index = 0; index < inputs; index++) {
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", index).putArray("embedding");
            for (int dimension = 0; dimension < 8; dimension++) {
                vector.add((index + 1) * 0.125 - dimension * 0.01);
            }
        }
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }

    static ObjectNode response(String id, String model, ModelAnswer answer, String status, boolean withUsage) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", id).put("object", "response").put("created_at", CREATED).put("status", status)
                .put("model", model).put("parallel_tool_calls", true).put("temperature", 1.0).put("top_p", 1.0)
                .put("tool_choice", "auto");
        body.putNull("error");
        body.putNull("incomplete_details");
        body.putNull("instructions");
        body.putObject("metadata");
        body.putArray("tools");
        ObjectNode message = body.putArray("output").addObject()
                .put("type", "message").put("id", "msg_" + id).put("status", "completed").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", answer.text()).putArray("annotations");
        if (withUsage) {
            body.set("usage", responsesUsage(answer));
        }
        return body;
    }

    /** A streamed response: created, one text delta per word, then completed (carrying usage). */
    static List<SseEvent> responseStream(String id, String model, ModelAnswer answer, boolean withUsage) {
        return responseStream(id, model, answer, withUsage, "completed");
    }

    /** The same, ending as {@code status}: completed, incomplete or failed. */
    static List<SseEvent> responseStream(String id, String model, ModelAnswer answer, boolean withUsage, String status) {
        List<SseEvent> events = new ArrayList<>();
        int sequence = 0;
        ObjectNode created = JSON.createObjectNode().put("type", "response.created").put("sequence_number", sequence++);
        created.set("response", response(id, model, ModelAnswer.of("", 0, 0), "in_progress", false));
        events.add(new SseEvent("response.created", created.toString()));
        for (String piece : pieces(answer.text())) {
            ObjectNode delta = JSON.createObjectNode().put("type", "response.output_text.delta")
                    .put("item_id", "msg_" + id).put("output_index", 0).put("content_index", 0)
                    .put("delta", piece).put("sequence_number", sequence++);
            delta.putArray("logprobs");
            events.add(new SseEvent("response.output_text.delta", delta.toString()));
        }
        ObjectNode last = JSON.createObjectNode().put("type", "response." + status).put("sequence_number", sequence);
        ObjectNode response = response(id, model, answer, status, withUsage && !status.equals("failed"));
        if (status.equals("failed")) {
            response.putObject("error").put("code", "server_error").put("message", "The model failed to answer");
        } else if (status.equals("incomplete")) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        last.set("response", response);
        events.add(new SseEvent("response." + status, last.toString()));
        return events;
    }

    static ObjectNode error(int status) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", status == 429 ? "Rate limit reached, try again later" : "The server had an error")
                .put("type", status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error")
                .putNull("param")
                .put("code", status == 429 ? "rate_limit_exceeded" : null);
        return body;
    }

    private static ObjectNode chunk(String id, String model, boolean nullUsage) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", id).put("object", "chat.completion.chunk").put("created", CREATED).put("model", model);
        if (nullUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ArrayNode choices(String content, String finishReason, boolean first) {
        ArrayNode choices = JSON.createArrayNode();
        ObjectNode choice = choices.addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (first) {
            delta.put("role", "assistant");
        }
        if (content != null) {
            delta.put("content", content);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return choices;
    }

    private static ObjectNode chatUsage(ModelAnswer answer) {
        long prompt = answer.input() + answer.cacheRead();
        long completion = answer.output() + answer.reasoning();
        ObjectNode usage = JSON.createObjectNode()
                .put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", answer.cacheRead()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", answer.reasoning()).put("audio_tokens", 0);
        return usage;
    }

    private static ObjectNode responsesUsage(ModelAnswer answer) {
        long input = answer.input() + answer.cacheRead();
        long output = answer.output() + answer.reasoning();
        ObjectNode usage = JSON.createObjectNode().put("input_tokens", input).put("output_tokens", output)
                .put("total_tokens", input + output);
        usage.putObject("input_tokens_details").put("cached_tokens", answer.cacheRead());
        usage.putObject("output_tokens_details").put("reasoning_tokens", answer.reasoning());
        return usage;
    }

    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int index = 1; index <= text.length(); index++) {
            if (index == text.length() || text.charAt(index) == ' ') {
                pieces.add(text.substring(start, index));
                start = index;
            }
        }
        return pieces;
    }
}
