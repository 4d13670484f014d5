package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.ledger.UsageReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage check}: a CI gate; exit 1 when usage is over budget or regressed against a baseline job. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Checks the usage that matches the filters against budgets (--max-cost, --max-tokens, --max-calls, "
                    + "--max-error-rate) and, with --baseline-job, against a baseline job per operation.",
            "Prints one verdict line, then the figures. Money is compared exactly. Usage with no known price fails "
                    + "the check unless --allow-unpriced; filters that match nothing fail it unless --allow-empty."},
        footer = """

                Exit codes:
                  0  every check held
                  1  over budget, a regression against the baseline, unpriced usage, or nothing matched
                  2  usage error: bad option or limit, or no ledger at the path (nothing is created)
                  3  the ledger could not be read""")
final class CheckCommand implements Callable<Integer> {

    enum Format { TEXT, MD }

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Mixin
    FilterOptions filters;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Fail when the cost is over USD, e.g. 2.50.")
    String maxCost;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Fail when the tokens (every bucket) are over N.")
    String maxTokens;

    @Option(names = "--max-calls", paramLabel = "N", description = "Fail when the calls are over N.")
    String maxCalls;

    @Option(names = "--max-error-rate", paramLabel = "P",
            description = "Fail when the share of attempts that failed is over P: 5%% or 0.05.")
    String maxErrorRate;

    @Option(names = "--baseline-job", paramLabel = "JOB",
            description = "Compare --job with this job, per operation (cost, tokens, calls); needs --max-increase.")
    String baselineJob;

    @Option(names = "--max-increase", paramLabel = "P",
            description = "With --baseline-job: fail when an operation's cost, tokens or calls grew by more than P: "
                    + "10%% or 0.1.")
    String maxIncrease;

    @Option(names = "--allow-unpriced", description = "Pass even when some usage has no known price (it is still named).")
    boolean allowUnpriced;

    @Option(names = "--allow-empty", description = "Pass when the filters match no usage.")
    boolean allowEmpty;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or md (a Markdown table for a pull-request comment). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--summary-file", paramLabel = "FILE", defaultValue = "${env:GITHUB_STEP_SUMMARY}",
            description = "Also append the Markdown table to FILE (never overwritten). Default: $GITHUB_STEP_SUMMARY, "
                    + "when set. A file that cannot be written is a warning; the exit code stays the verdict's.")
    String summaryFile;

    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() {
        Budget budget = budget();
        UsageQuery query = filters.query(clock);
        CheckVerdict verdict;
        try (Ledger ledger = Ledger.openExisting(ledgerOptions.resolve())) {
            UsageReport usage = ledger.usageReport(query);
            List<CheckVerdict.Line> lines = budget.check(usage);
            if (baselineJob != null) {
                UsageQuery byOperation = query.groupedBy(List.of(GroupKey.OPERATION));
                lines = new ArrayList<>(lines);
                lines.addAll(budget.compare(ledger.usageReport(byOperation),
                        ledger.usageReport(byOperation.forJob(baselineJob).forBatch(null)), baselineJob));
            }
            verdict = new CheckVerdict(filters.describe(), lines);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case TEXT -> verdict.printText(out);
            case MD -> out.print(verdict.markdown());
        }
        out.flush();
        appendSummary(verdict);
        return verdict.passed() ? ExitCode.OK : ExitCode.FAILURES;
    }

    private Budget budget() {
        if (maxCost == null && maxTokens == null && maxCalls == null && maxErrorRate == null && baselineJob == null) {
            throw new UsageError("nothing to check: give --max-cost, --max-tokens, --max-calls, --max-error-rate "
                    + "or --baseline-job");
        }
        if ((baselineJob == null) != (maxIncrease == null)) {
            throw new UsageError("--baseline-job and --max-increase go together, e.g. --baseline-job main-42 "
                    + "--max-increase 10%");
        }
        if (baselineJob != null && filters.job == null) {
            throw new UsageError("--baseline-job compares a job with it: give the job with --job");
        }
        return new Budget(
                maxCost == null ? null : Limits.usd("--max-cost", maxCost),
                maxTokens == null ? null : Limits.count("--max-tokens", maxTokens),
                maxCalls == null ? null : Limits.count("--max-calls", maxCalls),
                maxErrorRate == null ? null : Limits.fraction("--max-error-rate", maxErrorRate, BigDecimal.ONE),
                maxIncrease == null ? null : Limits.fraction("--max-increase", maxIncrease, null),
                allowUnpriced, allowEmpty);
    }

    private void appendSummary(CheckVerdict verdict) {
        if (summaryFile == null || summaryFile.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(summaryFile), verdict.markdown() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException io ? dev.aiusage.IoErrors.reason(io) : e.getMessage();
            spec.commandLine().getErr().println("aiusage: warning: cannot append the check to " + summaryFile + " ("
                    + reason + "); the verdict above stands");
        }
    }
}
