package dev.aiusage.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --since}: a look-back ({@code 7d}, {@code 24h}, {@code 30m}), a date (its start, in
 * the clock's zone) or an ISO timestamp with offset.
 */
final class Since {

    static final String FORMS = "7d, 24h, 30m, YYYY-MM-DD or an ISO timestamp such as 2025-01-24T10:00:00Z "
            + "(without a zone: local time)";
    private static final Pattern LOOK_BACK = Pattern.compile("(\\d{1,6})([dhm])");

    private Since() {}

    static Instant parse(String text, Clock clock) {
        Instant instant = parseUnchecked(text, clock);
        try {
            instant.toEpochMilli(); // the ledger counts milliseconds since 1970
            return instant;
        } catch (ArithmeticException e) {
            throw new UsageError("--since '" + text + "' is too far from today; use " + FORMS);
        }
    }

    private static Instant parseUnchecked(String text, Clock clock) {
        String value = text.trim();
        Matcher m = LOOK_BACK.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            Duration back = switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
            return clock.instant().minus(back);
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(clock.getZone()).toInstant();
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException withoutZone) {
                return LocalDateTime.parse(value).atZone(clock.getZone()).toInstant();
            }
        } catch (DateTimeException e) {
            throw new UsageError("--since '" + text + "' is not a time; use " + FORMS);
        }
    }
}
