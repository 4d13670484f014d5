package dev.aiusage.cli;

import dev.aiusage.jobs.JobOutcome;
import dev.aiusage.ledger.UsageTotals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The few lines {@code aiusage run} prints when it ends: receipts, usage, time, where things are. */
record RunSummary(JobOutcome outcome, UsageTotals jobTotals, Path ledger) {

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "job %s: receipts %d ok, %d failed%s%s (%d %s, wall time %.2f s)%n",
                outcome.jobId(), outcome.ok(), outcome.failed(),
                outcome.alreadyDone() == 0 ? ""
                        : ", " + outcome.alreadyDone() + " already done"
                                + (outcome.recovered() > 0 ? " (" + outcome.recovered()
                                        + " of them found in the ledger, saved there by an earlier run)" : "")
                                + (outcome.failedEarlier() > 0
                                        ? " (" + outcome.failedEarlier() + " of them failed; --retry-failed redoes them)" : ""),
                redone(outcome), outcome.batches(), outcome.batches() == 1 ? "batch" : "batches",
                outcome.wallTime().toNanos() / 1e9);
        out.printf(Locale.ROOT, "usage (all runs of this job): calls %s, tokens %s in / %s out, %s%n",
                Numbers.count(jobTotals.calls()), Numbers.count(jobTotals.tokens().totalInput()),
                Numbers.count(jobTotals.tokens().totalOutput()), cost(jobTotals));
        out.println("results: " + outcome.resultsFile());
        out.println("ledger: " + ledger);
        out.flush();
    }

    /** What this run did again, and what it left for the next one. */
    private static String redone(JobOutcome outcome) {
        StringBuilder text = new StringBuilder();
        if (outcome.changed() > 0) {
            text.append(", ").append(outcome.changed()).append(" changed since, done again");
        }
        if (outcome.retried() > 0) {
            text.append(", ").append(outcome.retried()).append(" failed before, retried");
        }
        if (outcome.cancelled() > 0) {
            text.append(", ").append(outcome.cancelled()).append(" cancelled");
        }
        if (outcome.notStarted() > 0) {
            text.append(", ").append(outcome.notStarted()).append(" not started");
        }
        return text.toString();
    }

    private static String cost(UsageTotals totals) {
        if (totals.allUnpriced()) {
            return "cost unknown (no known price for its model: unpriced calls " + Numbers.count(totals.unpricedAttempts())
                    + ", tokens " + Numbers.count(totals.unpricedTokens()) + ")";
        }
        return "cost " + totals.cost().format() + costNote(totals);
    }

    private static String costNote(UsageTotals totals) {
        StringBuilder note = new StringBuilder();
        if (totals.estimatedAttempts() > 0) {
            note.append(totals.estimatedAttempts() == totals.attempts() - totals.unpricedAttempts()
                    ? " (estimated)"
                    : " (" + totals.estimatedCost().format() + " of it estimated)");
        }
        if (totals.unpricedAttempts() > 0) {
            note.append(", plus unpriced calls ").append(Numbers.count(totals.unpricedAttempts()))
                    .append(", tokens ").append(Numbers.count(totals.unpricedTokens())).append(" (no known price)");
        }
        return note.toString();
    }
}
