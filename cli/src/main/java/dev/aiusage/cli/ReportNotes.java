package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.UsageReport;
import dev.aiusage.ledger.UsageTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The lines under a human-readable report: what is estimated, what has no price, which zone days are in. */
final class ReportNotes {

    private ReportNotes() {}

    static List<String> of(UsageReport report) {
        UsageTotals total = report.total();
        List<String> notes = new ArrayList<>();
        if (total.attempts() == 0) {
            notes.add("(no usage matches)");
        }
        if (total.estimatedAttempts() > 0) {
            notes.add(ReportColumns.allEstimated(total)
                    ? "estimated: all of the cost, from token counts (no provider reported usage)"
                    : "estimated: " + Numbers.usd(total.estimatedCost()) + " of the cost, from token counts (ESTIMATED)");
        }
        if (total.unpricedAttempts() > 0) {
            notes.add("unpriced calls: " + Numbers.count(total.unpricedAttempts()) + ", tokens: "
                    + Numbers.count(total.unpricedTokens()) + ", models with no known price: " + unpricedModels(report)
                    + " (COST leaves them out, marked *)");
        }
        report.query().groupBy().stream().filter(GroupKey::isTime).findFirst().ifPresent(key ->
                notes.add(key.label() + "s in " + report.query().zone().getId() + " (--tz)"));
        return notes;
    }

    /** {@code my-llama (3 calls), other (1 call)}. */
    static String unpricedModels(UsageReport report) {
        return report.unpriced().stream()
                .map(m -> m.model() + " (" + Numbers.count(m.attempts()) + (m.attempts() == 1 ? " call)" : " calls)"))
                .collect(Collectors.joining(", "));
    }
}
