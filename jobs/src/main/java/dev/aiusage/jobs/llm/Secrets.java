package dev.aiusage.jobs.llm;

import java.util.function.Supplier;

/**
 * Keeps the API key out of everything a failure writes (results, the ledger's error samples, the
 * terminal): a provider or proxy may echo the key in an error body, which the SDK puts in its message.
 */
final class Secrets {

    private static final String MASK = "[redacted]";

    private final String key;

    Secrets(String key) {
        this.key = key == null || key.isBlank() ? null : key;
    }

    String redact(String text) {
        return key == null || text == null ? text : text.replace(key, MASK);
    }

    /** Runs work; a failure whose message holds the key is replaced by one that does not, keeping its type's name. */
    <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException failure) {
            if (key == null || !mentionsKey(failure)) {
                throw failure;
            }
            throw new ProviderCallException(failure.getClass().getSimpleName() + ": " + redact(failure.getMessage()));
        }
    }

    private boolean mentionsKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(key)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** A provider call failed; the message is the SDK's, with the key taken out. */
    static final class ProviderCallException extends RuntimeException {
        ProviderCallException(String message) {
            super(message);
        }
    }
}
