package dev.aiusage.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the bounds of a time window ({@code --since}, {@code --until}): a look-back ({@code 7d},
 * {@code 24h}, {@code 30m}), a calendar period ({@code today}, {@code yesterday}, {@code this-week},
 * {@code this-month}, {@code YYYY-MM-DD}) in the clock's zone, or an ISO timestamp.
 *
 * <p>A period as the start means its first instant; as the end, the instant after its last, so
 * {@code --until 2025-01-24} includes that whole day. Days are calendar days: {@code 7d} is the same
 * time of day seven dates ago, even across a clock change.
 */
final class Since {

    static final String FORMS = "7d, 24h, 30m, today, yesterday, this-week, this-month, YYYY-MM-DD or an ISO "
            + "timestamp such as 2025-01-24T10:00:00Z (without a zone: local time)";
    private static final Pattern LOOK_BACK = Pattern.compile("(\\d{1,6})([dhm])");

    private Since() {}

    /** {@code --since}: the window's first instant. */
    static Instant parse(String text, Clock clock) {
        return start("--since", text, clock);
    }

    static Instant start(String option, String text, Clock clock) {
        return checked(option, text, bound(option, text, clock, false));
    }

    /** The instant just after the window: the end of a named period, else the instant named. */
    static Instant end(String option, String text, Clock clock) {
        return checked(option, text, bound(option, text, clock, true));
    }

    private static Instant checked(String option, String text, Instant instant) {
        try {
            instant.toEpochMilli(); // the ledger counts milliseconds since 1970
            return instant;
        } catch (ArithmeticException e) {
            throw new UsageError(option + " '" + text + "' is too far from today; use " + FORMS);
        }
    }

    private static Instant bound(String option, String text, Clock clock, boolean end) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = LOOK_BACK.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> ZonedDateTime.now(clock).minusDays(amount).toInstant();
                case "h" -> clock.instant().minus(Duration.ofHours(amount));
                default -> clock.instant().minus(Duration.ofMinutes(amount));
            };
        }
        LocalDate today = LocalDate.now(clock);
        return switch (value) {
            case "today" -> day(today, end, clock);
            case "yesterday" -> day(today.minusDays(1), end, clock);
            case "this-week" -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield (end ? monday.plusWeeks(1) : monday).atStartOfDay(clock.getZone()).toInstant();
            }
            case "this-month" -> {
                LocalDate first = today.withDayOfMonth(1);
                yield (end ? first.plusMonths(1) : first).atStartOfDay(clock.getZone()).toInstant();
            }
            default -> timestamp(option, text, clock, end);
        };
    }

    private static Instant day(LocalDate date, boolean end, Clock clock) {
        return (end ? date.plusDays(1) : date).atStartOfDay(clock.getZone()).toInstant();
    }

    private static Instant timestamp(String option, String text, Clock clock, boolean end) {
        String value = text.strip();
        try {
            if (value.length() == 10) {
                return day(LocalDate.parse(value), end, clock);
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException withoutZone) {
                return LocalDateTime.parse(value).atZone(clock.getZone()).toInstant();
            }
        } catch (DateTimeException e) {
            throw new UsageError(option + " '" + text + "' is not a time; use " + FORMS);
        }
    }
}
