package dev.aiusage.pricing;

import dev.aiusage.event.TokenBuckets;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.Function;

/**
 * USD per million tokens for each token bucket. A bucket without its own rate is billed at the rate it
 * is a kind of: cache reads and writes at the input rate, reasoning at the output rate, audio at the
 * text rate.
 */
public record Rates(
        BigDecimal input,
        BigDecimal cacheRead,
        BigDecimal cacheWrite5m,
        BigDecimal cacheWrite1h,
        BigDecimal output,
        BigDecimal reasoning,
        BigDecimal audioInput,
        BigDecimal audioOutput) {

    /** Ten dollars a token: far above any published rate (the highest seen is $0.54), so a bigger one is a typo. */
    public static final BigDecimal MAX_RATE = BigDecimal.valueOf(10_000_000);

    /** Nano-dollars per (token x USD-per-million): 10^9 / 10^6. */
    private static final BigDecimal NANOS_PER_MILLION_RATE_UNIT = BigDecimal.valueOf(1_000);

    public Rates {
        Objects.requireNonNull(input, "input rate");
        Objects.requireNonNull(output, "output rate");
        requireNonNegative("input", input);
        requireNonNegative("cacheRead", cacheRead);
        requireNonNegative("cacheWrite5m", cacheWrite5m);
        requireNonNegative("cacheWrite1h", cacheWrite1h);
        requireNonNegative("output", output);
        requireNonNegative("reasoning", reasoning);
        requireNonNegative("audioInput", audioInput);
        requireNonNegative("audioOutput", audioOutput);
    }

    /**
     * Rates read by name ({@code input}, {@code cacheRead}, {@code cacheWrite5m}, {@code cacheWrite1h},
     * {@code output}, {@code reasoning}, {@code audioInput}, {@code audioOutput}); a name the source
     * does not give ({@code null}) takes {@code base}'s rate, when there is a base.
     */
    static Rates read(Function<String, BigDecimal> rate, Rates base) {
        return new Rates(
                or(rate.apply("input"), base == null ? null : base.input),
                or(rate.apply("cacheRead"), base == null ? null : base.cacheRead),
                or(rate.apply("cacheWrite5m"), base == null ? null : base.cacheWrite5m),
                or(rate.apply("cacheWrite1h"), base == null ? null : base.cacheWrite1h),
                or(rate.apply("output"), base == null ? null : base.output),
                or(rate.apply("reasoning"), base == null ? null : base.reasoning),
                or(rate.apply("audioInput"), base == null ? null : base.audioInput),
                or(rate.apply("audioOutput"), base == null ? null : base.audioOutput));
    }

    public static Rates of(String inputPerMillion, String outputPerMillion) {
        return new Rates(new BigDecimal(inputPerMillion), null, null, null, new BigDecimal(outputPerMillion),
                null, null, null);
    }

    public Rates withCacheRead(String perMillion) {
        return new Rates(input, new BigDecimal(perMillion), cacheWrite5m, cacheWrite1h, output, reasoning,
                audioInput, audioOutput);
    }

    /** The exact cost of these tokens, rounded once (half-even) to whole nano-dollars. */
    public Money cost(TokenBuckets tokens) {
        BigDecimal nanos = term(tokens.input(), input)
                .add(term(tokens.cacheRead(), or(cacheRead, input)))
                .add(term(tokens.cacheWrite5m(), or(cacheWrite5m, input)))
                .add(term(tokens.cacheWrite1h(), or(cacheWrite1h, or(cacheWrite5m, input))))
                .add(term(tokens.output(), output))
                .add(term(tokens.reasoning(), or(reasoning, output)))
                .add(term(tokens.audioInput(), or(audioInput, input)))
                .add(term(tokens.audioOutput(), or(audioOutput, output)))
                .multiply(NANOS_PER_MILLION_RATE_UNIT);
        return Money.roundedFromNanos(nanos);
    }

    private static BigDecimal term(long tokens, BigDecimal perMillion) {
        return tokens == 0 ? BigDecimal.ZERO : perMillion.multiply(BigDecimal.valueOf(tokens));
    }

    private static BigDecimal or(BigDecimal rate, BigDecimal fallback) {
        return rate != null ? rate : fallback;
    }

    private static void requireNonNegative(String name, BigDecimal rate) {
        if (rate != null && (rate.signum() < 0 || rate.compareTo(MAX_RATE) > 0)) {
            throw new IllegalArgumentException(name + " rate must be between 0 and " + MAX_RATE
                    + " USD per million tokens, got " + rate.toEngineeringString());
        }
    }
}
