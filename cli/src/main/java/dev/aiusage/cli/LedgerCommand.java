package dev.aiusage.cli;

import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.RepriceSummary;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage ledger}: work on the ledger itself. */
@Command(name = "ledger",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Work on the ledger itself.",
        footer = {"", "Exit codes: each command's --help lists its own (2 for a usage error, 3 when the ledger "
                + "cannot be read or written)."},
        subcommands = {LedgerInfoCommand.class, LedgerExportCommand.class, LedgerImportCommand.class,
            LedgerVacuumCommand.class, LedgerCommand.Reprice.class})
final class LedgerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: info, export, import, vacuum, reprice");
    }

    @Command(name = "reprice", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            usageHelpAutoWidth = true,
            description = {"Recompute the cost of computed and estimated usage with the current catalog (and --prices "
                    + "files); costs the provider reported are never changed. Prints what changed."},
            footer = """

                    Exit codes:
                      0  done
                      2  usage error: bad option, bad price file, or no ledger at the path (nothing is created)
                      3  the ledger could not be read or written""")
    static final class Reprice implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        LedgerOptions ledgerOptions;

        @Mixin
        PriceOptions priceOptions;

        @Option(names = "--since", paramLabel = "WHEN", description = "Only usage from then on: " + Since.FORMS + ".")
        String since;

        @Option(names = "--model", paramLabel = "NAME", description = "Only usage of this model (as reported).")
        String model;

        @Option(names = "--dry-run", description = "Say what would change, and change nothing.")
        boolean dryRun;

        Clock clock = Clock.systemDefaultZone();

        @Override
        public Integer call() {
            var catalog = priceOptions.catalog();
            Instant from = since == null ? null : Since.parse(since, clock);
            RepriceSummary summary;
            try (Ledger ledger = Ledger.openExisting(ledgerOptions.resolve())) {
                summary = ledger.reprice(catalog, from, model, dryRun);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: %s events examined, %s changed (%s newly priced)%n", dryRun ? "dry run, nothing changed" : "repriced",
                    Numbers.count(summary.examined()), Numbers.count(summary.changed()),
                    Numbers.count(summary.newlyPriced()));
            for (String changed : summary.changedModels()) {
                var change = summary.byModel().get(changed);
                out.printf("  %s: %s -> %s (%s events)%n", changed, change.before().format(), change.after().format(),
                        Numbers.count(change.events()));
            }
            out.printf("cost of the examined events: %s before, %s after%n", summary.before().format(),
                    summary.after().format());
            if (summary.kept() > 0) {
                out.printf("kept the cost of %s events: no price now for %s (give one with --prices)%n",
                        Numbers.count(summary.kept()), String.join(", ", summary.keptModels()));
            }
            if (summary.examined() == 0 && model != null) {
                spec.commandLine().getErr().println("aiusage: no computed or estimated usage of model '" + model
                        + "' in the ledger" + (since == null ? "" : " since " + since) + "; see 'aiusage report --by model'");
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
