package dev.aiusage.jobs.receipt;

import dev.aiusage.AiusageException;

/** A receipt file that cannot be used: empty, binary, too large, malformed or unreadable. */
public final class UnreadableReceiptException extends AiusageException {

    private final String contentHash;

    public UnreadableReceiptException(String message) {
        this(message, null, null);
    }

    public UnreadableReceiptException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private UnreadableReceiptException(String message, String contentHash, Throwable cause) {
        super(message, cause);
        this.contentHash = contentHash;
    }

    /** The same failure, knowing which content failed: unchanged content fails the same way again. */
    UnreadableReceiptException withContentHash(String hash) {
        return new UnreadableReceiptException(getMessage(), hash, getCause());
    }

    /** SHA-256 of the content that could not be used, or {@code null} when it could not be read at all. */
    public String contentHash() {
        return contentHash;
    }
}
