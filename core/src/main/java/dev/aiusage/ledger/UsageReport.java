package dev.aiusage.ledger;

import java.util.List;

/**
 * A grouped report: one row per group (ordered by group), the total over all of them, and the models
 * whose usage has no price (so a report can name them rather than show $0).
 */
public record UsageReport(UsageQuery query, List<UsageTotals> rows, UsageTotals total, List<ModelUsage> unpriced) {

    public UsageReport {
        rows = List.copyOf(rows);
        unpriced = List.copyOf(unpriced);
    }

    /** Usage of one model: its attempts and all their tokens. */
    public record ModelUsage(String model, long attempts, long tokens) {}
}
