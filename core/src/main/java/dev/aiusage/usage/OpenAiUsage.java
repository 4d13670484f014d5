package dev.aiusage.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiusage.event.TokenBuckets;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's usage, from chat completions, embeddings or the Responses API. Its prompt (input) tokens
 * <em>include</em> cached and audio tokens, and its completion (output) tokens <em>include</em>
 * reasoning and audio tokens: the buckets subtract them, so each token is billed once.
 */
public final class OpenAiUsage {

    private OpenAiUsage() {}

    public static ProviderUsage read(JsonNode usage) {
        List<String> corrections = new ArrayList<>();
        if (usage == null || !usage.isObject()) {
            return new ProviderUsage(TokenBuckets.ZERO, null, List.of("no usage reported"));
        }
        boolean responses = usage.has("input_tokens");
        long prompt = UsageFields.count(usage, responses ? "input_tokens" : "prompt_tokens");
        String inDetails = responses ? "input_tokens_details" : "prompt_tokens_details";
        long completion = UsageFields.count(usage, responses ? "output_tokens" : "completion_tokens");
        String outDetails = responses ? "output_tokens_details" : "completion_tokens_details";

        long[] in = UsageFields.split(prompt,
                new long[] {UsageFields.count(usage, inDetails, "cached_tokens"), UsageFields.count(usage, inDetails, "audio_tokens")},
                new String[] {"cached_tokens", "audio_tokens"}, "prompt tokens", corrections);
        long[] out = UsageFields.split(completion,
                new long[] {UsageFields.count(usage, outDetails, "reasoning_tokens"), UsageFields.count(usage, outDetails, "audio_tokens")},
                new String[] {"reasoning_tokens", "audio_tokens"}, "completion tokens", corrections);
        TokenBuckets tokens = new TokenBuckets(prompt - in[0] - in[1], in[0], 0, 0,
                completion - out[0] - out[1], out[0], in[1], out[1]);
        return new ProviderUsage(tokens, usage.toString(), corrections);
    }
}
