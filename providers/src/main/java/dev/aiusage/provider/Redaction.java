package dev.aiusage.provider;

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
        String authorization = requestHeader.apply("Authorization");
        String secret = authorization != null ? authorization.substring(authorization.indexOf(' ') + 1).strip()
                : requestHeader.apply("x-api-key") != null ? requestHeader.apply("x-api-key")
                : requestHeader.apply("api-key");
        return secret == null || secret.strip().length() < MIN_SECRET ? NONE : new Redaction(secret.strip());
    }

    String apply(String text) {
        return secret == null || text == null ? text : text.replace(secret, MASK);
    }
}
