package dev.aiusage.cli;

import dev.aiusage.ledger.UsageTotals;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The figures a human-readable report shows per group, in order. A column that would be empty or
 * repeat another (no retries, no cache use) is left out; when a terminal is too narrow, the columns with
 * the lowest {@code keep} go first.
 */
final class ReportColumns {

    /** @param keep higher stays longer when the table must narrow; {@link Integer#MAX_VALUE}: never left out */
    record Column(String header, int keep, Predicate<UsageTotals> shownFor, Function<UsageTotals, String> cell) {}

    private static final int ALWAYS = Integer.MAX_VALUE;

    static final List<Column> ALL = List.of(
            new Column("CALLS", ALWAYS, total -> true, t -> Numbers.count(t.calls())),
            new Column("ATTEMPTS", 4, total -> total.attempts() != total.calls(), t -> Numbers.count(t.attempts())),
            new Column("ERRORS", 7, total -> total.errors() > 0, t -> Numbers.count(t.errors())),
            new Column("INPUT", ALWAYS, total -> true, t -> Numbers.compact(t.tokens().input() + t.tokens().audioInput())),
            new Column("CACHE-R", 5, total -> total.tokens().cacheRead() > 0, t -> Numbers.compact(t.tokens().cacheRead())),
            new Column("CACHE-W", 2, total -> cacheWrite(total) > 0, t -> Numbers.compact(cacheWrite(t))),
            new Column("OUTPUT", ALWAYS, total -> true,
                    t -> Numbers.compact(t.tokens().output() + t.tokens().audioOutput())),
            new Column("REASON", 3, total -> total.tokens().reasoning() > 0, t -> Numbers.compact(t.tokens().reasoning())),
            new Column("COST", ALWAYS, total -> true, Numbers::cost),
            // Shown apart unless it is all of the cost (then a note says so): an estimate is not a bill.
            new Column("ESTIMATED", 6, total -> total.estimatedAttempts() > 0 && !allEstimated(total),
                    t -> Numbers.usd(t.estimatedCost())),
            new Column("UNPRICED", ALWAYS, total -> total.unpricedAttempts() > 0, t -> Numbers.count(t.unpricedAttempts())),
            new Column("P50", 1, total -> total.attempts() > 0, t -> Numbers.millis(t.latency().p50Millis())),
            new Column("P95", 8, total -> total.attempts() > 0, t -> Numbers.millis(t.latency().p95Millis())));

    private ReportColumns() {}

    /** The columns worth showing for a report with this total. */
    static List<Column> shownFor(UsageTotals total) {
        return ALL.stream().filter(c -> c.shownFor().test(total)).toList();
    }

    static boolean allEstimated(UsageTotals total) {
        return total.estimatedAttempts() == total.attempts() - total.unpricedAttempts();
    }

    private static long cacheWrite(UsageTotals t) {
        return t.tokens().cacheWrite5m() + t.tokens().cacheWrite1h();
    }
}
