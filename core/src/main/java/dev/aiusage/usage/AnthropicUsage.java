package dev.aiusage.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiusage.event.TokenBuckets;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's usage from the Messages API. Its input tokens <em>exclude</em> cache reads and cache
 * writes, which it reports apart; a cache write is split into 5-minute and 1-hour writes when the
 * response says which (otherwise it is a 5-minute write, the default).
 */
public final class AnthropicUsage {

    private AnthropicUsage() {}

    public static ProviderUsage read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return new ProviderUsage(TokenBuckets.ZERO, null, List.of("no usage reported"));
        }
        List<String> corrections = new ArrayList<>();
        long written = UsageFields.count(usage, "cache_creation_input_tokens");
        long fiveMinutes = UsageFields.count(usage, "cache_creation", "ephemeral_5m_input_tokens");
        long oneHour = UsageFields.count(usage, "cache_creation", "ephemeral_1h_input_tokens");
        if (fiveMinutes + oneHour == 0) {
            fiveMinutes = written;
        } else if (written > 0 && fiveMinutes + oneHour != written) {
            corrections.add("cache_creation breakdown " + (fiveMinutes + oneHour) + " differs from cache_creation_input_tokens "
                    + written + "; the breakdown is billed");
        }
        TokenBuckets tokens = new TokenBuckets(UsageFields.count(usage, "input_tokens"),
                UsageFields.count(usage, "cache_read_input_tokens"), fiveMinutes, oneHour,
                UsageFields.count(usage, "output_tokens"), 0, 0, 0);
        return new ProviderUsage(tokens, usage.toString(), corrections);
    }
}
