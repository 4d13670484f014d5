package dev.aiusage.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.pricing.Money;
import dev.aiusage.pricing.Rates;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The cases of issue 4, with rates as fixtures (per million tokens), independent of the catalog. */
class ProviderUsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Rates rates(String in, String cacheRead, String cacheWrite, String out) {
        return new Rates(new BigDecimal(in), cacheRead == null ? null : new BigDecimal(cacheRead),
                cacheWrite == null ? null : new BigDecimal(cacheWrite), null, new BigDecimal(out), null, null, null);
    }

    @Test
    void openAiCachedTokensAreBilledOnceAtTheCacheRate() throws Exception {
        ProviderUsage usage = OpenAiUsage.read(json("""
                {"prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
                 "prompt_tokens_details": {"cached_tokens": 1920}}"""));

        assertThat(usage.tokens().input()).isEqualTo(86);
        assertThat(rates("2.50", "1.25", null, "10.00").cost(usage.tokens())).isEqualTo(Money.ofUsd("0.005615"));
        assertThat(usage.raw()).contains("\"cached_tokens\":1920");
    }

    @Test
    void openAiTotalsCountEachTokenOnce() throws Exception {
        TokenBuckets tokens = OpenAiUsage.read(json("""
                {"prompt_tokens": 17903, "completion_tokens": 100,
                 "prompt_tokens_details": {"cached_tokens": 17817}}""")).tokens();

        assertThat(tokens.input()).isEqualTo(86);
        assertThat(tokens.cacheRead()).isEqualTo(17_817);
        assertThat(tokens.totalInput()).isEqualTo(17_903);
        assertThat(tokens.total()).isEqualTo(18_003);
    }

    @Test
    void anthropicInputExcludesCacheReadsAndWrites() throws Exception {
        ProviderUsage usage = AnthropicUsage.read(json("""
                {"input_tokens": 1200, "cache_read_input_tokens": 500, "cache_creation_input_tokens": 300,
                 "output_tokens": 100}"""));

        assertThat(usage.tokens().totalInput()).isEqualTo(2_000);
        assertThat(usage.tokens().cacheWrite5m()).isEqualTo(300);
        assertThat(rates("3.00", "0.30", "3.75", "15.00").cost(usage.tokens())).isEqualTo(Money.ofUsd("0.006375"));
    }

    @Test
    void anthropicSplitsCacheWritesByLifetimeWhenItSaysWhich() throws Exception {
        TokenBuckets tokens = AnthropicUsage.read(json("""
                {"input_tokens": 10, "cache_creation_input_tokens": 300, "output_tokens": 1,
                 "cache_creation": {"ephemeral_5m_input_tokens": 100, "ephemeral_1h_input_tokens": 200}}""")).tokens();

        assertThat(tokens.cacheWrite5m()).isEqualTo(100);
        assertThat(tokens.cacheWrite1h()).isEqualTo(200);
    }

    @Test
    void reasoningTokensAreTakenOutOfTextOutput() throws Exception {
        TokenBuckets tokens = OpenAiUsage.read(json("""
                {"prompt_tokens": 17, "completion_tokens": 482,
                 "completion_tokens_details": {"reasoning_tokens": 448}}""")).tokens();

        assertThat(tokens.output()).isEqualTo(34);
        assertThat(tokens.reasoning()).isEqualTo(448);
        assertThat(Rates.of("0.05", "0.40").cost(tokens)).isEqualTo(Money.ofUsd("0.00019365"));
    }

    @Test
    void embeddingsCountPromptTokens() throws Exception {
        TokenBuckets tokens = OpenAiUsage.read(json("{\"prompt_tokens\": 15, \"total_tokens\": 15}")).tokens();

        assertThat(tokens.input()).isEqualTo(15);
        assertThat(Rates.of("0.02", "0").cost(tokens)).isEqualTo(Money.ofUsd("0.0000003"));
    }

    @Test
    void theResponsesApiUsesInputAndOutputNames() throws Exception {
        TokenBuckets tokens = OpenAiUsage.read(json("""
                {"input_tokens": 100, "input_tokens_details": {"cached_tokens": 40},
                 "output_tokens": 50, "output_tokens_details": {"reasoning_tokens": 20}}""")).tokens();

        assertThat(tokens).isEqualTo(new TokenBuckets(60, 40, 0, 0, 30, 20, 0, 0));
    }

    @Test
    void detailsThatAddUpPastTheirTotalAreCutBackAndNoted() throws Exception {
        ProviderUsage usage = OpenAiUsage.read(json("""
                {"prompt_tokens": 1000, "completion_tokens": 10,
                 "prompt_tokens_details": {"cached_tokens": 900, "audio_tokens": 300}}"""));

        assertThat(usage.tokens().totalInput()).isEqualTo(1_000);
        assertThat(usage.tokens().audioInput()).isEqualTo(100);
        assertThat(usage.corrections()).singleElement().asString().contains("audio_tokens 300");
    }

    @Test
    void aServerThatOmitsOrManglesFieldsDoesNotBreakReading() throws Exception {
        ProviderUsage usage = OpenAiUsage.read(json("""
                {"prompt_tokens": "12", "completion_tokens": null, "prompt_tokens_details": null}"""));

        assertThat(usage.tokens()).isEqualTo(TokenBuckets.of(12, 0));
        assertThat(OpenAiUsage.read(null).corrections()).containsExactly("no usage reported");
        assertThat(AnthropicUsage.read(json("[]")).tokens()).isEqualTo(TokenBuckets.ZERO);
    }
}
