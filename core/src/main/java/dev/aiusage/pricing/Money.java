package dev.aiusage.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, held as a whole number of nano-dollars (10^-9 USD).
 *
 * <p>Never a {@code double}: $0.10 + $0.20 is exactly $0.30 here.
 *
 * <pre>{@code
 * Money total = Money.ofUsd("0.10").plus(Money.ofUsd("0.20"));   // total.toUsd() is 0.300000000
 * }</pre>
 */
public record Money(long nanos) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);
    private static final int SCALE = 9;

    /** Parses a dollar amount such as {@code "2.50"}; more than nine decimals is rejected, not rounded. */
    public static Money ofUsd(String usd) {
        return ofUsd(new BigDecimal(usd.trim()));
    }

    public static Money ofUsd(BigDecimal usd) {
        // Check the magnitude first: rescaling 1e999999999 would take minutes and gigabytes.
        if (usd.signum() != 0 && (usd.precision() - usd.scale() > 11 || usd.stripTrailingZeros().scale() > SCALE)) {
            throw new IllegalArgumentException("amount " + usd.toEngineeringString()
                    + " USD has more than 9 decimals or is too large");
        }
        try {
            return new Money(usd.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "amount " + usd.toPlainString() + " USD has more than 9 decimals or is too large", e);
        }
    }

    /** Rounds an exact amount of nano-dollars (possibly fractional) half-even to whole nanos. */
    static Money roundedFromNanos(BigDecimal nanos) {
        try {
            return new Money(nanos.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a cost of " + nanos.toPlainString() + " nano-dollars is too large to hold", e);
        }
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(nanos, other.nanos));
    }

    public BigDecimal toUsd() {
        return BigDecimal.valueOf(nanos, SCALE);
    }

    /** The plain decimal without trailing zeros beyond cents: {@code 0.30}, {@code 0.000543}. */
    public String toPlainUsd() {
        BigDecimal usd = toUsd().stripTrailingZeros();
        return usd.scale() < 2 ? usd.setScale(2, RoundingMode.UNNECESSARY).toPlainString() : usd.toPlainString();
    }

    /** For people: {@code $0.30}, {@code $0.000543}. */
    public String format() {
        String plain = toPlainUsd();
        return plain.startsWith("-") ? "-$" + plain.substring(1) : "$" + plain;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(nanos, other.nanos);
    }

    @Override
    public String toString() {
        return format();
    }
}
