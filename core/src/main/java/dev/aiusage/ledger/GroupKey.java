package dev.aiusage.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A dimension a usage report can be grouped by, with the SQL that computes it. */
public enum GroupKey {
    DAY("day", "strftime('%Y-%m-%d', started_at / 1000, 'unixepoch')"),
    MODEL("model", "COALESCE(response_model, request_model, '(none)')"),
    JOB("job", "COALESCE(job_id, '(none)')"),
    OPERATION("operation", "operation");

    private final String label;
    private final String sql;

    GroupKey(String label, String sql) {
        this.label = label;
        this.sql = sql;
    }

    public String label() {
        return label;
    }

    String sql() {
        return sql;
    }

    /** Parses a label such as {@code model}; the error names every valid one. */
    public static GroupKey parse(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (GroupKey key : values()) {
            if (key.label.equals(wanted)) {
                return key;
            }
        }
        throw new IllegalArgumentException("unknown group '" + label + "'; valid: " + choices());
    }

    public static String choices() {
        return Arrays.stream(values()).map(GroupKey::label).collect(Collectors.joining(", "));
    }
}
