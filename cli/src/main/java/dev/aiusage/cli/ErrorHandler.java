package dev.aiusage.cli;

import dev.aiusage.AiusageException;
import dev.aiusage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The one place exceptions become a one-line message and an exit code. */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("aiusage: " + e.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        int code = switch (e) {
            case UsageError u -> ExitCode.USAGE;
            case StorageException s -> ExitCode.ERROR;
            case IllegalArgumentException i -> ExitCode.USAGE;
            case AiusageException a -> ExitCode.USAGE;
            default -> ExitCode.ERROR;
        };
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        cmd.getErr().println("aiusage: " + (code == ExitCode.ERROR ? "error: " : "") + message);
        return code;
    }
}
