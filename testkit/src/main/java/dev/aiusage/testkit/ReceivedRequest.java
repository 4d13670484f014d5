package dev.aiusage.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One request the server received, as the client sent it. Its body is parsed when first asked for:
 * serving a request needs only its model and whether it streams, read in one streaming pass, so a
 * benchmark's server spends its CPU on answering, not on parsing receipts it never looks at.
 */
public final class ReceivedRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte[] bytes;
    private final String model;
    private final boolean streaming;
    private JsonNode body;
    private boolean parsed;

    ReceivedRequest(String method, String path, Map<String, List<String>> headers, byte[] bytes) {
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.bytes = bytes;
        String foundModel = null;
        boolean foundStream = false;
        try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "model" -> foundModel = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                        case "stream" -> foundStream = value == JsonToken.VALUE_TRUE;
                        default -> parser.skipChildren();
                    }
                }
            }
        } catch (IOException notJson) {
            // a body that is not JSON has no model and does not stream
        }
        this.model = foundModel;
        this.streaming = foundStream;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body as JSON, or null when it is empty or not JSON. */
    public synchronized JsonNode body() {
        if (!parsed) {
            parsed = true;
            try {
                body = bytes.length == 0 ? null : JSON.readTree(bytes);
            } catch (IOException notJson) {
                body = null;
            }
        }
        return body;
    }

    /** The first value of a header, matched without case, or null. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().getFirst())
                .findFirst()
                .orElse(null);
    }

    public boolean streaming() {
        return streaming;
    }

    public String model() {
        return model;
    }
}
