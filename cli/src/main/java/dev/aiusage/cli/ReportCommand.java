package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.ledger.UsageTotals;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage report}: totals of calls, tokens and cost from the ledger, grouped as asked. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Totals of calls, tokens by bucket and cost from the ledger, computed in SQL, grouped as asked.",
            "Estimated cost (from counted tokens) and unpriced calls (models with no known price) are shown apart."},
        footer = """

                Exit codes:
                  0  the report was printed
                  2  usage error: bad option, or no ledger at the path (nothing is created)
                  3  the ledger could not be read""")
final class ReportCommand implements Callable<Integer> {

    enum Format { TABLE, JSON }

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Option(names = "--job", paramLabel = "ID", description = "Only this job.")
    String jobId;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only usage from then on: " + Since.FORMS + ".")
    String since;

    @Option(names = "--by", paramLabel = "KEY", split = ",",
            description = "Group by these, in order: day (UTC), model, job, operation. E.g. --by day,model.")
    List<String> by = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Shorten long names so the table fits COLUMNS. Default: $COLUMNS or 80 on a terminal; "
                    + "nothing is shortened when the output is piped.")
    Integer width;

    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() {
        List<GroupKey> keys = parseGroups();
        Instant from = since == null ? null : Since.parse(since, clock);
        UsageQuery query = UsageQuery.all().forJob(jobId).between(from, null).groupedBy(keys);
        try (Ledger ledger = Ledger.openExisting(ledgerOptions.resolve())) {
            List<UsageTotals> rows = ledger.report(query);
            UsageTotals total = ledger.totals(query);
            var out = spec.commandLine().getOut();
            switch (format) {
                case TABLE -> new ReportTable(keys, rows, total, tableWidth()).print(out);
                case JSON -> out.println(ReportJson.render(ledger.path(), query, rows, total));
            }
            out.flush();
        }
        return ExitCode.OK;
    }

    private int tableWidth() {
        if (width != null) {
            if (width < 40) {
                throw new UsageError("--width must be at least 40 columns, got " + width);
            }
            return width;
        }
        if (System.console() == null || !System.console().isTerminal()) {
            return Integer.MAX_VALUE;
        }
        String columns = System.getenv("COLUMNS");
        return columns != null && columns.matches("\\d{2,4}") ? Integer.parseInt(columns) : 80;
    }

    private List<GroupKey> parseGroups() {
        List<GroupKey> keys = new ArrayList<>();
        for (String label : by) {
            try {
                GroupKey key = GroupKey.parse(label);
                if (keys.contains(key)) {
                    throw new UsageError("--by names '" + label + "' twice");
                }
                keys.add(key);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--by: " + e.getMessage());
            }
        }
        return keys;
    }
}
