package dev.aiusage.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiusage.event.TokenBuckets;
import java.util.List;

/** Reads token counts defensively: a compatible server may omit a field, or send null or a string. */
final class UsageFields {

    private UsageFields() {}

    /**
     * The count at {@code path} (field names, nested): a whole number, or a string of digits as some
     * compatible servers send; 0 when absent or anything else.
     */
    static long count(JsonNode node, String... path) {
        JsonNode value = node;
        for (String field : path) {
            if (value == null) {
                return 0;
            }
            value = value.get(field);
        }
        if (value != null && value.isTextual() && value.asText().matches("\\d{1,15}")) {
            return Long.parseLong(value.asText());
        }
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0
                || value.longValue() > TokenBuckets.MAX_PER_BUCKET) {
            return 0;
        }
        return value.longValue();
    }

    /**
     * Parts of a total, in order of precedence; any part that would take the sum past the total is cut
     * back (and noted), so no token is ever billed twice.
     */
    static long[] split(long total, long[] parts, String[] names, String totalName, List<String> corrections) {
        long[] fitted = new long[parts.length];
        long left = total;
        for (int i = 0; i < parts.length; i++) {
            fitted[i] = Math.min(parts[i], left);
            if (fitted[i] < parts[i]) {
                corrections.add(names[i] + " " + parts[i] + " exceeds what is left of " + totalName + " " + total
                        + "; counted as " + fitted[i]);
            }
            left -= fitted[i];
        }
        return fitted;
    }
}
