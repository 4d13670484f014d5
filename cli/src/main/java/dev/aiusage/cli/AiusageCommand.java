package dev.aiusage.cli;

import picocli.CommandLine.Command;

/** The top-level {@code aiusage} command: only its subcommands do work. */
@Command(name = "aiusage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Makes every AI call in a batch job accountable: tokens, cost and errors per job, "
                + "batch and operation, in a local ledger.",
        subcommands = {RunCommand.class, ReportCommand.class, CheckCommand.class, PricesCommand.class,
            LedgerCommand.class, CompletionCommand.class, picocli.CommandLine.HelpCommand.class},
        footer = ExitCode.HELP_FOOTER)
final class AiusageCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a command is required: run, report, check, prices, ledger, completion (see 'aiusage --help')");
    }
}
