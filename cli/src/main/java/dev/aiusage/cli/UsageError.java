package dev.aiusage.cli;

/** A mistake in what the user asked for: reported in one line, exit code 2, nothing done. */
final class UsageError extends RuntimeException {

    UsageError(String message) {
        super(message);
    }
}
