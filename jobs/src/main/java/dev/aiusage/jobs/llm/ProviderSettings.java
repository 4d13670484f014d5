package dev.aiusage.jobs.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a model: which provider's SDK, where (null: the provider's own API), with which key,
 * and how many calls may be open at once. Validated here, so a bad value fails before any work.
 *
 * @param embedModel the embeddings model for {@code --embed}, or null for no embeddings
 * @param maxRequestsPerMinute across all receipts; 0 for no limit
 * @param maxTokensPerMinute   across all receipts, estimated before each call; 0 for no limit
 */
public record ProviderSettings(Kind kind, String baseUrl, String apiKey, String model, String embedModel,
        int concurrency, Duration timeout, int maxRequestsPerMinute, long maxTokensPerMinute) {

    public enum Kind { OPENAI, ANTHROPIC }

    public ProviderSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timeout, "timeout");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        if (baseUrl != null) {
            requireHttpUrl(baseUrl);
        }
        if (apiKey == null && baseUrl == null) {
            throw new IllegalArgumentException("no API key for " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + ": set " + (kind == Kind.OPENAI ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY") + ", or give --base-url");
        }
        if (embedModel != null && kind != Kind.OPENAI) {
            throw new IllegalArgumentException("--embed needs an OpenAI-compatible provider: Anthropic has no embeddings API");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxRequestsPerMinute < 0 || maxTokensPerMinute < 0) {
            throw new IllegalArgumentException("--max-rpm and --max-tpm must be 1 or more (or left out for no limit)");
        }
    }

    /** No rate limits of our own (the provider's 429s still slow the job down). */
    public ProviderSettings(Kind kind, String baseUrl, String apiKey, String model, String embedModel, int concurrency,
            Duration timeout) {
        this(kind, baseUrl, apiKey, model, embedModel, concurrency, timeout, 0, 0);
    }

    /** The key to send; a local server reached by base URL may need none, but the SDKs want one. */
    public String keyOrPlaceholder() {
        return apiKey != null ? apiKey : "unused";
    }

    private static void requireHttpUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--base-url '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("--base-url '" + url + "' must be an http:// or https:// URL with a host,"
                    + " e.g. http://localhost:8080/v1");
        }
        // URI takes any digits as a port; the SDK's HTTP client would fail every call instead.
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("--base-url '" + url + "' has port " + uri.getPort()
                    + "; a port is 1 to 65535, e.g. http://localhost:8080/v1");
        }
    }
}
