package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage report}: totals of calls, tokens, cost and latency from the ledger, grouped as asked. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Totals of calls, attempts, errors, tokens by bucket, cost and latency (p50, p95) from the ledger, "
                    + "computed in SQL, grouped as asked.",
            "Estimated cost (from counted tokens) and unpriced calls (models with no known price) are shown apart.",
            "'aiusage report jobs' lists jobs; 'aiusage report job ID' shows one."},
        subcommands = {ReportJobsCommand.class, ReportJobCommand.class},
        footer = ReportCommand.EXIT_CODES)
final class ReportCommand implements Callable<Integer> {

    static final String EXIT_CODES = """

            Exit codes:
              0  the report was printed
              2  usage error: bad option, or no ledger at the path (nothing is created)
              3  the ledger could not be read""";

    enum Format { TABLE, JSON, CSV, MD }

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Mixin
    FilterOptions filters;

    // Split here, not by picocli: its quote handling warns on an attribute key holding a quote.
    @Option(names = "--by", paramLabel = "KEY[,KEY...]",
            description = "Group by these, in order: " + "day, week (from Monday), month, hour (in --tz), provider, model, "
                    + "operation, job, batch, status, attr:KEY (a scope attribute). E.g. --by day,model.")
    List<String> by = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json, csv or md (a Markdown table). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Mixin
    WidthOptions widthOptions;

    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() {
        var query = filters.query(clock).groupedBy(parseGroups());
        try (Ledger ledger = Ledger.openExisting(ledgerOptions.resolve())) {
            UsageReport report;
            try {
                report = ledger.usageReport(query);
            } catch (IllegalArgumentException tooManyClockChanges) {
                throw new UsageError(tooManyClockChanges.getMessage() + " (--since/--until, or --tz UTC)");
            }
            PrintWriter out = spec.commandLine().getOut();
            switch (format) {
                case TABLE -> new ReportTable(report, widthOptions.width()).print(out);
                case JSON -> out.println(ReportJson.render(ledger.path(), report));
                case CSV -> ReportCsv.print(report, out);
                case MD -> ReportMarkdown.print(report, out);
            }
            out.flush();
        }
        return ExitCode.OK;
    }

    private List<GroupKey> parseGroups() {
        List<GroupKey> keys = new ArrayList<>();
        for (String label : by.stream().flatMap(value -> java.util.Arrays.stream(value.split(","))).toList()) {
            GroupKey key;
            try {
                key = GroupKey.parse(label);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--by: " + e.getMessage());
            }
            if (keys.contains(key)) {
                throw new UsageError("--by names '" + label + "' twice");
            }
            keys.add(key);
        }
        return keys;
    }
}
