package dev.aiusage;

/** The root of every exception aiusage itself throws; messages say what failed and what to do. */
public class AiusageException extends RuntimeException {

    public AiusageException(String message) {
        super(message);
    }

    public AiusageException(String message, Throwable cause) {
        super(message, cause);
    }
}
