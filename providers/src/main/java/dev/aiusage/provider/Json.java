package dev.aiusage.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Lenient JSON reading for provider answers: a body that is not JSON is "nothing known", not an error. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode read(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException notJson) {
            return null;
        }
    }

    static JsonNode read(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The error type both providers put in {@code error.type} (or {@code error.code}), else the fallback. */
    static String errorType(JsonNode body, String fallback) {
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || !error.isObject()) {
            return fallback;
        }
        String type = error.path("type").asText("");
        if (type.isBlank()) {
            type = error.path("code").asText("");
        }
        return type.isBlank() ? fallback : type;
    }
}
