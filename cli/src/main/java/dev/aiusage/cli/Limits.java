package dev.aiusage.cli;

import dev.aiusage.pricing.Money;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Parses the limits of {@code check}: strict forms only (no exponents, no signs), so a typo is a usage
 * error rather than a limit nobody meant.
 */
final class Limits {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,12}(\\.\\d{1,12})?");
    private static final Pattern COUNT = Pattern.compile("\\d{1,18}");

    private Limits() {}

    /** {@code 2.50} or {@code $2.50}. */
    static Money usd(String option, String text) {
        String value = text.strip();
        value = value.startsWith("$") ? value.substring(1) : value;
        if (!DECIMAL.matcher(value).matches()) {
            throw new UsageError(option + " '" + text + "' is not an amount of US dollars 0 or more, such as 2.50");
        }
        try {
            return Money.ofUsd(value);
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + " '" + text + "': " + e.getMessage());
        }
    }

    static long count(String option, String text) {
        String value = text.strip();
        if (!COUNT.matcher(value).matches()) {
            throw new UsageError(option + " '" + text + "' is not a whole number 0 or more, such as 100000");
        }
        return Long.parseLong(value);
    }

    /** {@code 5%} or {@code 0.05}, as the fraction 0.05; at most {@code max} (a fraction), when given. */
    static BigDecimal fraction(String option, String text, BigDecimal max) {
        String value = text.strip();
        boolean percent = value.endsWith("%");
        String number = percent ? value.substring(0, value.length() - 1).strip() : value;
        String forms = "a percentage such as 5% or a fraction such as 0.05";
        if (!DECIMAL.matcher(number).matches()) {
            throw new UsageError(option + " '" + text + "' is not " + forms);
        }
        BigDecimal fraction = percent ? new BigDecimal(number).movePointLeft(2) : new BigDecimal(number);
        if (max != null && fraction.compareTo(max) > 0) {
            throw new UsageError(option + " '" + text + "' is over " + percent(max) + "; give " + forms);
        }
        return fraction;
    }

    /** {@code 0.05} as {@code 5%}, {@code 0.125} as {@code 12.5%}. */
    static String percent(BigDecimal fraction) {
        BigDecimal percent = fraction.movePointRight(2).stripTrailingZeros();
        return (percent.scale() < 0 ? percent.setScale(0) : percent).toPlainString() + "%";
    }
}
