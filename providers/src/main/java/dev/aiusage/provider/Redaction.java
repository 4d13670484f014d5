package dev.aiusage.provider;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The credential an attempt sent, kept out of what is recorded of its answer: a hostile or careless
 * server may echo the key in an error type, a model name, a request id or its usage.
 */
final class Redaction {

    static final Redaction NONE = new Redaction(null);

    private static final String MASK = "[redacted]";
    /** Shorter values (a local server's placeholder) are too likely to occur in honest text to mask. */
    private static final int MIN_SECRET = 8;

    private final String secret;

    private Redaction(String secret) {
        this.secret = secret;
    }

    /** The key in the request's {@code Authorization} (after its scheme), {@code x-api-key} or {@code api-key} header. */
    static Redaction of(UnaryOperator<String> requestHeader) {
        for (String header : List.of("Authorization", "x-api-key", "api-key")) {
            String value = requestHeader.apply(header);
            if (value != null) {
                String secret = value.substring(header.equals("Authorization") ? value.indexOf(' ') + 1 : 0).strip();
                return secret.length() < MIN_SECRET ? NONE : new Redaction(secret);
            }
        }
        return NONE;
    }

    String apply(String text) {
        return secret == null || text == null ? text : text.replace(secret, MASK);
    }
}
