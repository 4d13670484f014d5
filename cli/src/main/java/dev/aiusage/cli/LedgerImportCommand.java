package dev.aiusage.cli;

import dev.aiusage.ledger.LedgerImport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiusage ledger import}: entries exported from another ledger, added once each. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {"Add the entries of files written by 'aiusage ledger export' (JSON lines) to the ledger, "
                + "creating it when missing. An entry whose id the ledger already holds is skipped, so importing a "
                + "file twice changes nothing.",
            "All or nothing: every line of every file is checked before anything is written (a bad line is named "
                    + "as FILE:LINE with the reason), and the entries are written in one transaction."},
        footer = """

                Exit codes:
                  0  done (also when the files hold no entries: then no ledger is created)
                  2  usage error: a missing file, a malformed line, a ledger of a newer
                     aiusage; nothing was imported
                  3  the ledger could not be written; nothing was imported""")
final class LedgerImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files written by 'aiusage ledger export'.")
    List<Path> files;

    @Override
    public Integer call() {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new UsageError(file + (Files.exists(file) ? " is not a regular file" : " does not exist")
                        + "; name files written by 'aiusage ledger export'");
            }
        }
        Path ledger = ledgerOptions.resolve();
        LedgerImport.Summary summary = LedgerImport.importFiles(ledger, files);
        PrintWriter out = spec.commandLine().getOut();
        if (summary.entries() == 0) {
            out.println("no entries in " + String.join(", ", files.stream().map(Path::toString).toList())
                    + "; nothing imported");
        } else {
            out.printf("imported %s usage events and %s scope records into %s; skipped %s events and %s scope records "
                            + "already present%n",
                    Numbers.count(summary.eventsAdded()), Numbers.count(summary.scopesAdded()),
                    ledger.toAbsolutePath().normalize(), Numbers.count(summary.eventsPresent()),
                    Numbers.count(summary.scopesPresent()));
        }
        out.flush();
        return ExitCode.OK;
    }
}
