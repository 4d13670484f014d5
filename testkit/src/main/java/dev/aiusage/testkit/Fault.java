package dev.aiusage.testkit;

import java.time.Duration;

/** A failure the server plays instead of (or in the middle of) a normal answer, once. */
public sealed interface Fault {

    /** An error status with the provider's JSON error body; {@code retryAfter} may be null. */
    record Status(int code, String retryAfter) implements Fault {}

    /** A 200 whose body is not JSON. */
    record MalformedJson() implements Fault {}

    /** A streamed answer whose connection is cut after this many events (no terminating chunk). */
    record CutMidStream(int afterEvents) implements Fault {}

    /** A streamed answer that stops after this many events, cleanly, without its final events. */
    record EndStreamEarly(int afterEvents) implements Fault {}

    /** A 401 whose error message quotes the request's credentials back, as a careless proxy might. */
    record EchoCredentials() implements Fault {}

    /**
     * A streamed Responses API answer that ends with {@code response.incomplete} (usage included, as
     * OpenAI sends it) or {@code response.failed} instead of {@code response.completed}.
     */
    record ResponseEndsAs(String status) implements Fault {}

    /** Answers nothing for this long (for client timeouts), then drops the connection. */
    record Stall(Duration duration) implements Fault {}

    static Fault status(int code) {
        return new Status(code, null);
    }

    static Fault rateLimited(String retryAfter) {
        return new Status(429, retryAfter);
    }
}
