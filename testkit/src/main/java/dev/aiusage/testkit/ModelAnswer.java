package dev.aiusage.testkit;

import java.util.Objects;

/**
 * What the fake model answers to one request, and the usage it reports for it. Token counts follow
 * no provider's convention: each bucket is separate, and the wire formats add them up the way each
 * provider does (OpenAI's prompt tokens include cached ones; Anthropic's input tokens do not).
 */
public record ModelAnswer(
        String text,
        long input,
        long cacheRead,
        long cacheWrite5m,
        long cacheWrite1h,
        long output,
        long reasoning) {

    public ModelAnswer {
        Objects.requireNonNull(text, "text");
    }

    public static ModelAnswer of(String text, long input, long output) {
        return new ModelAnswer(text, input, 0, 0, 0, output, 0);
    }

    public ModelAnswer withCacheRead(long tokens) {
        return new ModelAnswer(text, input, tokens, cacheWrite5m, cacheWrite1h, output, reasoning);
    }

    public ModelAnswer withCacheWrites(long fiveMinutes, long oneHour) {
        return new ModelAnswer(text, input, cacheRead, fiveMinutes, oneHour, output, reasoning);
    }

    public ModelAnswer withReasoning(long tokens) {
        return new ModelAnswer(text, input, cacheRead, cacheWrite5m, cacheWrite1h, output, tokens);
    }
}
