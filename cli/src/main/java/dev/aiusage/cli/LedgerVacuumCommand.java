package dev.aiusage.cli;

import dev.aiusage.ledger.LedgerVacuum;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage ledger vacuum}: give the ledger's free space back to the file system. */
@Command(name = "vacuum", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {"Fold the write-ahead log into the ledger and rebuild it compactly (SQLite VACUUM), "
                + "then print its size on disk before and after. It needs the ledger to itself for a moment: while "
                + "another process keeps it busy longer than --wait, it changes nothing and exits with 3."},
        footer = """

                Exit codes:
                  0  done
                  2  usage error: bad option, or no ledger at the path (nothing is created)
                  3  the ledger is busy (nothing was changed) or could not be written""")
final class LedgerVacuumCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "3",
            description = "How long to wait for another process that holds the ledger. Default: ${DEFAULT-VALUE}.")
    int waitSeconds;

    @Override
    public Integer call() {
        if (waitSeconds < 0 || waitSeconds > 3600) {
            throw new UsageError("--wait must be between 0 and 3600 seconds, got " + waitSeconds);
        }
        LedgerVacuum.Result result = LedgerVacuum.run(ledgerOptions.resolve(), Duration.ofSeconds(waitSeconds));
        spec.commandLine().getOut().printf("vacuumed %s: %s bytes before, %s bytes after%n", result.path(),
                Numbers.count(result.bytesBefore()), Numbers.count(result.bytesAfter()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
