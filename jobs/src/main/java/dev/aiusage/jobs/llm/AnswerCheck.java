package dev.aiusage.jobs.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.jobs.receipt.ReceiptFields;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a model's answer against what the schema cannot say: JSON with the five fields, an ISO date
 * that exists, a plain decimal total. What is wrong is said in words the model can act on when asked
 * again.
 */
public final class AnswerCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(\\.\\d{1,4})?");
    private static final List<String> FIELDS = ReceiptSchema.required();

    private AnswerCheck() {}

    /** The fields of a valid answer; otherwise throws saying everything that is wrong with it. */
    public static ReceiptFields fields(String answer) {
        JsonNode node;
        try {
            node = answer == null ? null : JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new InvalidAnswerException("the answer is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidAnswerException("the answer is not a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (String field : FIELDS) {
            JsonNode value = node.get(field);
            if (value == null) {
                problems.add(field + " is missing (use null when the receipt does not show it)");
            } else if (!value.isNull() && !value.isTextual()) {
                problems.add(field + " must be a string or null");
            }
        }
        String date = text(node, "date");
        if (date != null && !isIsoDate(date)) {
            problems.add("date '" + date + "' is not a date as YYYY-MM-DD");
        }
        String total = text(node, "total");
        if (total != null && !DECIMAL.matcher(total).matches()) {
            problems.add("total '" + total + "' is not a plain decimal number such as 26.60");
        }
        if (!problems.isEmpty()) {
            throw new InvalidAnswerException(String.join("; ", problems));
        }
        return new ReceiptFields(text(node, "merchant"), date, total, text(node, "currency"), text(node, "address"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static boolean isIsoDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The model's answer does not follow the schema or its rules. */
    public static final class InvalidAnswerException extends RuntimeException {
        public InvalidAnswerException(String message) {
            super(message);
        }
    }
}
