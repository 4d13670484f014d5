package dev.aiusage.cli;

import picocli.CommandLine;

/** Entry point of the {@code aiusage} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute it against their own writers. */
    static CommandLine commandLine() {
        ErrorHandler errors = new ErrorHandler();
        return new CommandLine(new AiusageCommand())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
