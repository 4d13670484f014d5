package dev.aiusage.usage;

import dev.aiusage.event.TokenBuckets;
import java.util.List;

/**
 * A provider's usage report turned into non-overlapping token buckets, with the raw report kept beside
 * them and a note for every figure that had to be corrected (details that added up past their total).
 *
 * <pre>{@code
 * ProviderUsage usage = OpenAiUsage.read(responseJson.get("usage"));
 * usage.tokens().cacheRead();   // billed at the cache-read rate, and not again as input
 * }</pre>
 */
public record ProviderUsage(TokenBuckets tokens, String raw, List<String> corrections) {

    public ProviderUsage {
        corrections = List.copyOf(corrections);
    }
}
