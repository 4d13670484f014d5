package dev.aiusage;

/**
 * Storage failed under a correct request: a file could not be written or read (disk full, permissions,
 * a vanished folder). Distinct from a wrong request, so a command line can say which it was.
 */
public class StorageException extends AiusageException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
