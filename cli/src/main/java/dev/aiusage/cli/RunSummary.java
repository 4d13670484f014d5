package dev.aiusage.cli;

import dev.aiusage.jobs.JobOutcome;
import dev.aiusage.ledger.UsageTotals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The few lines {@code aiusage run} prints when it ends: receipts, usage, time, where things are. */
record RunSummary(JobOutcome outcome, UsageTotals jobTotals, Path ledger) {

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "job %s: receipts %d ok, %d failed%s (%d %s, wall time %.2f s)%n",
                outcome.jobId(), outcome.ok(), outcome.failed(),
                outcome.alreadyDone() > 0 ? ", " + outcome.alreadyDone() + " already done" : "",
                outcome.batches(), outcome.batches() == 1 ? "batch" : "batches",
                outcome.wallTime().toNanos() / 1e9);
        out.printf(Locale.ROOT, "usage (all runs of this job): calls %s, tokens %s in / %s out, cost %s%s%n",
                Numbers.count(jobTotals.calls()), Numbers.count(jobTotals.tokens().totalInput()),
                Numbers.count(jobTotals.tokens().totalOutput()), jobTotals.cost().format(),
                costNote(jobTotals));
        out.println("results: " + outcome.resultsFile());
        out.println("ledger: " + ledger);
        out.flush();
    }

    private static String costNote(UsageTotals totals) {
        StringBuilder note = new StringBuilder();
        if (totals.estimatedAttempts() > 0) {
            note.append(totals.estimatedAttempts() == totals.attempts() - totals.unpricedAttempts()
                    ? " (estimated)"
                    : " (" + totals.estimatedCost().format() + " of it estimated)");
        }
        if (totals.unpricedAttempts() > 0) {
            note.append(", plus unpriced: calls ").append(Numbers.count(totals.unpricedAttempts()))
                    .append(", tokens ").append(Numbers.count(totals.unpricedTokens())).append(" (no known price)");
        }
        return note.toString();
    }
}
