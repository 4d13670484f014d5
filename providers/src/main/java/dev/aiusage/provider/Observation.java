package dev.aiusage.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one attempt's answer said, gathered as it is read (in one piece or event by event). */
final class Observation {

    /** How far the provider got, by its own account. */
    enum Finish { NONE, COMPLETED, INCOMPLETE, FAILED }

    /** Output text kept for estimating tokens when no usage comes; more is not needed. */
    private static final int MAX_TEXT = 1 << 20;

    private String responseModel;
    private ObjectNode usage;
    private String serviceTier;
    private final StringBuilder text = new StringBuilder();
    private Finish finish = Finish.NONE;
    private String errorType;

    void model(JsonNode model) {
        if (model != null && model.isTextual() && !model.asText().isBlank()) {
            responseModel = model.asText();
        }
    }

    void serviceTier(JsonNode tier) {
        if (tier != null && tier.isTextual()) {
            serviceTier = tier.asText();
        }
    }

    /** Takes usage fields, later ones overriding earlier ones (Anthropic sends usage in two parts). */
    void usage(JsonNode fields) {
        if (fields == null || !fields.isObject()) {
            return;
        }
        if (usage == null) {
            usage = fields.deepCopy();
        } else {
            fields.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    usage.set(field.getKey(), field.getValue());
                }
            });
        }
    }

    void text(JsonNode piece) {
        if (piece != null && piece.isTextual() && text.length() < MAX_TEXT) {
            text.append(piece.asText(), 0, Math.min(piece.asText().length(), MAX_TEXT - text.length()));
        }
    }

    /** A failure the provider reported stands: the tap may read events past it that the caller never saw. */
    void finish(Finish how) {
        if (finish != Finish.FAILED) {
            finish = how;
        }
    }

    void failed(String type) {
        finish = Finish.FAILED;
        errorType = type;
    }

    String responseModel() {
        return responseModel;
    }

    ObjectNode usage() {
        return usage;
    }

    String serviceTier() {
        return serviceTier;
    }

    String text() {
        return text.toString();
    }

    Finish finish() {
        return finish;
    }

    String errorType() {
        return errorType;
    }
}
