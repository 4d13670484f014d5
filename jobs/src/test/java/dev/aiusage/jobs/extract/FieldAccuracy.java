package dev.aiusage.jobs.extract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compares extracted fields with hand-labelled truth the way a person would, and tallies the result. */
final class FieldAccuracy {

    enum Field { MERCHANT, DATE, TOTAL, ADDRESS }

    // Printed date formats seen on receipts; two-digit years are 20xx.
    private static final List<DateTimeFormatter> PRINTED_DATES = List.of(
            "d/M/uuuu", "d-M-uuuu", "d.M.uuuu", "uuuu-M-d", "uuuu/M/d", "d/M/uu", "d-M-uu", "d.M.uu",
            "d MMM uuuu", "d MMM uu", "d-MMM-uuuu", "d-MMM-uu", "MMM d, uuuu", "MMM d uuuu", "d MMMM uuuu",
            "MMMM d, uuuu", "uuuuMMdd", "ddMMuuuu").stream().map(FieldAccuracy::formatter).toList();

    private final int receipts;
    private final Map<Field, Integer> correct = new EnumMap<>(Field.class);
    private final List<String> misses = new ArrayList<>();

    FieldAccuracy(int receipts) {
        this.receipts = receipts;
    }

    void record(String receipt, Field field, String expected, String actual) {
        if (matches(field, expected, actual)) {
            correct.merge(field, 1, Integer::sum);
        } else {
            misses.add("%s %-8s expected [%s] got [%s]".formatted(receipt, field, expected, actual));
        }
    }

    double rate(Field field) {
        return receipts == 0 ? 0 : (double) correct.getOrDefault(field, 0) / receipts;
    }

    String table(String title) {
        var out = new StringBuilder("%n%s (%d receipts)%n".formatted(title, receipts))
                .append("%-9s %9s %8s%n".formatted("field", "correct", "percent"));
        for (var field : Field.values()) {
            var name = field.name().toLowerCase(Locale.ROOT);
            out.append("%-9s %5d/%-3d %7.1f%%%n".formatted(name, correct.getOrDefault(field, 0), receipts, 100 * rate(field)));
        }
        return out.toString();
    }

    List<String> misses() {
        return List.copyOf(misses);
    }

    static boolean matches(Field field, String expected, String actual) {
        return switch (field) {
            case MERCHANT, ADDRESS -> same(text(expected), text(actual));
            case DATE -> same(isoDate(expected), actual);
            case TOTAL -> sameAmount(expected, actual);
        };
    }

    /** Upper case, punctuation dropped, whitespace collapsed: "SDN. BHD." and "SDN BHD" are the same name. */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        var plain = value.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return plain.isEmpty() ? null : plain;
    }

    /** The printed date as ISO-8601, or null when it is blank or in no known format. */
    static String isoDate(String printed) {
        if (printed == null || printed.isBlank()) {
            return null;
        }
        var value = printed.strip().replaceAll("\\s+", " ");
        for (var format : PRINTED_DATES) {
            try {
                return LocalDate.parse(value, format).toString();
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return null;
    }

    static BigDecimal amount(String printed) {
        if (printed == null) {
            return null;
        }
        var digits = printed.replaceAll("[^0-9.-]", "");
        return digits.isEmpty() || digits.equals(".") ? null : new BigDecimal(digits);
    }

    private static boolean sameAmount(String expected, String actual) {
        var want = amount(expected);
        var got = amount(actual);
        return want == null ? got == null : got != null && want.compareTo(got) == 0;
    }

    private static boolean same(String expected, String actual) {
        return expected == null ? actual == null : expected.equals(actual);
    }

    private static DateTimeFormatter formatter(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }
}
