package dev.aiusage.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** One request the server received, as the client sent it. */
public record ReceivedRequest(String method, String path, Map<String, List<String>> headers, JsonNode body) {

    /** The first value of a header, matched without case, or null. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().getFirst())
                .findFirst()
                .orElse(null);
    }

    public boolean streaming() {
        return body != null && body.path("stream").asBoolean(false);
    }

    public String model() {
        return body == null ? null : body.path("model").asText(null);
    }
}
