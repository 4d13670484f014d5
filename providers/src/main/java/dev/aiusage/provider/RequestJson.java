package dev.aiusage.provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * A request body as the tracking needs it: the few top-level fields every attempt records (model,
 * stream, service tier), read by one streaming pass that skips the rest (a receipt's text, a schema),
 * and the whole tree only when it is needed (to ask a stream for its usage, or to count tokens when no
 * usage comes back), parsed then.
 */
final class RequestJson {

    static final RequestJson NONE = new RequestJson(null, null, null, false);

    private final byte[] bytes;
    private final String model;
    private final String serviceTier;
    private final boolean stream;
    private JsonNode tree;

    private RequestJson(byte[] bytes, String model, String serviceTier, boolean stream) {
        this.bytes = bytes;
        this.model = model;
        this.serviceTier = serviceTier;
        this.stream = stream;
    }

    /** Reads the fields; a body that is not a JSON object is a request with none of them. */
    static RequestJson of(byte[] bytes) {
        String model = null;
        String serviceTier = null;
        boolean stream = false;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new RequestJson(bytes, null, null, false);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "service_tier" -> serviceTier = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException notJson) {
            return new RequestJson(bytes, null, null, false);
        }
        return new RequestJson(bytes, model, serviceTier, stream);
    }

    String model() {
        return model;
    }

    String serviceTier() {
        return serviceTier;
    }

    boolean stream() {
        return stream;
    }

    /** The whole body as a tree, or null when there is none or it is not JSON. */
    synchronized JsonNode tree() {
        if (tree == null && bytes != null) {
            tree = Json.read(bytes);
        }
        return tree;
    }
}
