package dev.aiusage.cli;

import dev.aiusage.ledger.UsageTotals;
import dev.aiusage.pricing.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Figures as people read them in a table: {@code 12,345}, {@code 1.23M}, {@code $0.30}, {@code 412ms}. */
final class Numbers {

    private static final String[] UNITS = {"k", "M", "B", "T", "P", "E"};
    private static final MathContext THREE = new MathContext(3, RoundingMode.HALF_UP);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);

    private Numbers() {}

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Exact below 10,000, else three significant digits and a unit: {@code 12.3k}, {@code 456k}, {@code 1.23M}. */
    static String compact(long value) {
        if (Math.abs(value) < 10_000) {
            return count(value);
        }
        BigDecimal scaled = BigDecimal.valueOf(value).movePointLeft(3);
        int unit = 0;
        while (scaled.round(THREE).abs().compareTo(THOUSAND) >= 0 && unit < UNITS.length - 1) {
            scaled = scaled.movePointLeft(3);
            unit++;
        }
        return scaled.round(THREE).stripTrailingZeros().toPlainString() + UNITS[unit];
    }

    /**
     * Money for a table: cents from $1 up, three significant digits below (at least two decimals), so
     * {@code $0.30}, {@code $0.000543}, {@code $12.35}; JSON and CSV carry the exact amount.
     */
    static String usd(Money money) {
        BigDecimal usd = money.toUsd();
        BigDecimal shown = usd.abs().compareTo(BigDecimal.ONE) >= 0
                ? usd.setScale(2, RoundingMode.HALF_UP)
                : usd.round(THREE).stripTrailingZeros();
        if (shown.scale() < 2) {
            shown = shown.setScale(2, RoundingMode.UNNECESSARY);
        }
        String plain = shown.toPlainString();
        return plain.startsWith("-") ? "-$" + plain.substring(1) : "$" + plain;
    }

    /** A group's cost: {@code unpriced} when nothing in it has a price, marked {@code *} when part has none. */
    static String cost(UsageTotals totals) {
        if (totals.allUnpriced()) {
            return "unpriced";
        }
        return usd(totals.cost()) + (totals.unpricedAttempts() > 0 ? "*" : "");
    }

    /** {@code 412ms}, {@code 1.23s}, {@code 2.5m}; {@code -} when unknown. */
    static String millis(long millis) {
        if (millis < 0) {
            return "-";
        }
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).round(THREE).stripTrailingZeros()
                    .toPlainString() + "s";
        }
        return BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(60_000), 1, RoundingMode.HALF_UP).toPlainString() + "m";
    }

    /** A short duration for people: {@code 45s}, {@code 2m 12s}, {@code 1h 05m}. */
    static String duration(java.time.Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        } else if (seconds < 3_600) {
            return seconds / 60 + "m " + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return seconds / 3_600 + "h " + String.format(Locale.ROOT, "%02d", seconds / 60 % 60) + "m";
    }
}
