package dev.aiusage.jobs.llm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.jobs.extract.ExtractionPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The JSON schema of the extraction answer (the same one the offline path counts), as each SDK takes it. */
public final class ReceiptSchema {

    public static final String NAME = "receipt_fields";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA = read().path("json_schema").path("schema");

    private ReceiptSchema() {}

    /** The schema's top-level keywords (type, properties, required, ...). */
    public static Map<String, Object> keywords() {
        return JSON.convertValue(SCHEMA, new TypeReference<>() {});
    }

    public static Map<String, Object> properties() {
        return JSON.convertValue(SCHEMA.path("properties"), new TypeReference<>() {});
    }

    public static List<String> required() {
        return JSON.convertValue(SCHEMA.path("required"), new TypeReference<>() {});
    }

    private static JsonNode read() {
        try {
            return JSON.readTree(ExtractionPrompt.SCHEMA);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled schema is JSON", e);
        }
    }
}
