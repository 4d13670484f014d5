package dev.aiusage.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A dimension a usage report can be grouped by: a calendar period in the query's time zone, a column,
 * or a scope attribute ({@code attr:KEY}).
 *
 * <pre>{@code
 * List<GroupKey> keys = List.of(GroupKey.DAY, GroupKey.attribute("team"));
 * }</pre>
 *
 * @param attribute the attribute's key for {@link Kind#ATTRIBUTE}, else {@code null}
 */
public record GroupKey(Kind kind, String attribute) {

    /** The dimensions; the time ones are calendar periods in the query's zone. */
    public enum Kind {
        HOUR, DAY, WEEK, MONTH, PROVIDER, MODEL, OPERATION, JOB, BATCH, STATUS, ATTRIBUTE;

        public String label() {
            return this == ATTRIBUTE ? "attr:KEY" : name().toLowerCase(Locale.ROOT);
        }

        public boolean isTime() {
            return this == HOUR || this == DAY || this == WEEK || this == MONTH;
        }
    }

    public static final GroupKey HOUR = new GroupKey(Kind.HOUR, null);
    public static final GroupKey DAY = new GroupKey(Kind.DAY, null);
    public static final GroupKey WEEK = new GroupKey(Kind.WEEK, null);
    public static final GroupKey MONTH = new GroupKey(Kind.MONTH, null);
    public static final GroupKey PROVIDER = new GroupKey(Kind.PROVIDER, null);
    public static final GroupKey MODEL = new GroupKey(Kind.MODEL, null);
    public static final GroupKey OPERATION = new GroupKey(Kind.OPERATION, null);
    public static final GroupKey JOB = new GroupKey(Kind.JOB, null);
    public static final GroupKey BATCH = new GroupKey(Kind.BATCH, null);
    public static final GroupKey STATUS = new GroupKey(Kind.STATUS, null);

    private static final int MAX_ATTRIBUTE_LENGTH = 200;
    private static final String PREFIX = "attr:";

    public GroupKey {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ATTRIBUTE) != (attribute != null)) {
            throw new IllegalArgumentException("an attribute key goes with attr:KEY and nothing else");
        }
        if (attribute != null) {
            // The key ends up in a JSON path inside the SQL: keep it to characters that cannot escape it.
            if (attribute.isEmpty() || attribute.length() > MAX_ATTRIBUTE_LENGTH
                    || attribute.chars().anyMatch(c -> c == '"' || c == '\\' || Character.isISOControl(c))) {
                throw new IllegalArgumentException("attr:" + attribute + " is not an attribute key: give 1 to "
                        + MAX_ATTRIBUTE_LENGTH + " characters without quotes, backslashes or control characters");
            }
        }
    }

    /** Groups by the value of a scope attribute; usage without it falls in {@code (none)}. */
    public static GroupKey attribute(String key) {
        return new GroupKey(Kind.ATTRIBUTE, key);
    }

    public boolean isTime() {
        return kind.isTime();
    }

    /** How the key is written on the command line and in JSON: {@code day}, {@code attr:team}. */
    public String label() {
        return kind == Kind.ATTRIBUTE ? PREFIX + attribute : kind.label();
    }

    /** Parses a label such as {@code model} or {@code attr:team}; the error names every valid one. */
    public static GroupKey parse(String label) {
        String wanted = label.strip();
        if (wanted.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return attribute(wanted.substring(PREFIX.length()));
        }
        for (Kind kind : Kind.values()) {
            if (kind != Kind.ATTRIBUTE && kind.label().equalsIgnoreCase(wanted)) {
                return new GroupKey(kind, null);
            }
        }
        throw new IllegalArgumentException("unknown group '" + label + "'; valid: " + choices());
    }

    public static String choices() {
        return Arrays.stream(Kind.values()).map(Kind::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label();
    }
}
