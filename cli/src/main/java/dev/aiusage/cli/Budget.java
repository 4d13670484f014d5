package dev.aiusage.cli;

import dev.aiusage.cli.CheckVerdict.Line;
import dev.aiusage.ledger.UsageReport;
import dev.aiusage.ledger.UsageTotals;
import dev.aiusage.pricing.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What {@code check} holds usage to; a {@code null} limit is not checked. Every comparison is exact:
 * money in nano-dollars, rates and increases as {@link BigDecimal} cross-multiplied, never divided.
 */
record Budget(Money maxCost, Long maxTokens, Long maxCalls, BigDecimal maxErrorRate, BigDecimal maxIncrease,
        boolean allowUnpriced, boolean allowEmpty) {

    List<Line> check(UsageReport usage) {
        UsageTotals total = usage.total();
        List<Line> lines = new ArrayList<>();
        if (total.attempts() == 0) {
            lines.add(allowEmpty ? Line.ok("usage", "none matched", "--allow-empty")
                    : Line.failed("usage", "none matched", "some", "no usage matches the filters (--allow-empty to pass)"));
        }
        if (maxCost != null) {
            String value = total.allUnpriced() ? "unknown" : total.cost().format() + (total.unpricedAttempts() > 0 ? "*" : "");
            lines.add(total.cost().compareTo(maxCost) > 0
                    ? Line.failed("cost", value, maxCost.format(), "cost " + value + " is over " + maxCost.format())
                    : Line.ok("cost", value, maxCost.format()));
        }
        if (maxTokens != null) {
            lines.add(count("tokens", total.totalTokens(), maxTokens));
        }
        if (maxCalls != null) {
            lines.add(count("calls", total.calls(), maxCalls));
        }
        if (maxErrorRate != null) {
            BigDecimal errors = BigDecimal.valueOf(total.errors());
            BigDecimal allowed = maxErrorRate.multiply(BigDecimal.valueOf(total.attempts()));
            String value = rate(total.errors(), total.attempts()) + " (" + Numbers.count(total.errors()) + " of "
                    + Numbers.count(total.attempts()) + " attempts)";
            String limit = Limits.percent(maxErrorRate);
            lines.add(errors.compareTo(allowed) > 0
                    ? Line.failed("error rate", value, limit, "error rate " + rate(total.errors(), total.attempts())
                            + " is over " + limit)
                    : Line.ok("error rate", value, limit));
        }
        if (total.unpricedAttempts() > 0) {
            String value = Numbers.count(total.unpricedAttempts()) + " attempts, " + Numbers.count(total.unpricedTokens())
                    + " tokens: " + ReportNotes.unpricedModels(usage);
            lines.add(allowUnpriced ? Line.ok("unpriced", value, "--allow-unpriced")
                    : Line.failed("unpriced", value, "none", "usage with no known price, so its cost is unknown: "
                            + ReportNotes.unpricedModels(usage) + " (price it with --prices, or --allow-unpriced)"));
        }
        return lines;
    }

    /** Each operation of the job against the same operation of the baseline: cost, tokens and calls. */
    List<Line> compare(UsageReport job, UsageReport baseline, String baselineJob) {
        if (baseline.total().attempts() == 0) {
            return List.of(Line.failed("baseline", "none", "job " + baselineJob,
                    "baseline job " + baselineJob + " has no usage matching the filters"));
        }
        Map<String, UsageTotals> jobOps = byOperation(job);
        Map<String, UsageTotals> baseOps = byOperation(baseline);
        List<Line> lines = new ArrayList<>();
        for (String operation : new TreeSet<>(jobOps.keySet())) {
            UsageTotals now = jobOps.get(operation);
            UsageTotals before = baseOps.get(operation);
            if (before == null) {
                lines.add(Line.failed(operation, "new", "not in " + baselineJob,
                        "operation " + operation + " is new (not in baseline " + baselineJob + ")"));
                continue;
            }
            lines.add(grew(operation + " cost", now, before, t -> BigDecimal.valueOf(t.cost().nanos()),
                    t -> t.cost().format()));
            lines.add(grew(operation + " tokens", now, before, t -> BigDecimal.valueOf(t.totalTokens()),
                    t -> Numbers.count(t.totalTokens())));
            lines.add(grew(operation + " calls", now, before, t -> BigDecimal.valueOf(t.calls()),
                    t -> Numbers.count(t.calls())));
        }
        return lines;
    }

    private Line grew(String check, UsageTotals now, UsageTotals before, Function<UsageTotals, BigDecimal> measure,
            Function<UsageTotals, String> shown) {
        BigDecimal value = measure.apply(now);
        BigDecimal base = measure.apply(before);
        BigDecimal allowed = base.multiply(BigDecimal.ONE.add(maxIncrease));
        String change = base.signum() == 0
                ? (value.signum() == 0 ? "±0%" : "from 0")
                : (value.compareTo(base) >= 0 ? "+" : "") + value.subtract(base).movePointRight(2)
                        .divide(base, 1, RoundingMode.HALF_UP).toPlainString() + "%";
        String shownValue = shown.apply(now) + " (" + change + ")";
        String limit = "+" + Limits.percent(maxIncrease) + " of " + shown.apply(before);
        return value.compareTo(allowed) > 0
                ? Line.failed(check, shownValue, limit, check + " grew " + change + " over the baseline (max +"
                        + Limits.percent(maxIncrease) + ")")
                : Line.ok(check, shownValue, limit);
    }

    private static Map<String, UsageTotals> byOperation(UsageReport report) {
        Map<String, UsageTotals> operations = new TreeMap<>();
        report.rows().forEach(row -> operations.put(row.group().getFirst(), row));
        return operations;
    }

    private static Line count(String check, long value, long limit) {
        return value > limit
                ? Line.failed(check, Numbers.count(value), Numbers.count(limit),
                        check + " " + Numbers.count(value) + " is over " + Numbers.count(limit))
                : Line.ok(check, Numbers.count(value), Numbers.count(limit));
    }

    /** {@code 2.5%}, rounded for reading only: the comparison above is exact. */
    private static String rate(long errors, long attempts) {
        if (attempts == 0) {
            return "0%";
        }
        return BigDecimal.valueOf(errors).movePointRight(2).divide(BigDecimal.valueOf(attempts), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + "%";
    }
}
