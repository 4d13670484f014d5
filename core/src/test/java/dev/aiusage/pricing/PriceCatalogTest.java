package dev.aiusage.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceCatalogTest {

    private static ModelPrice price(String key, String in, String out) {
        return new ModelPrice(key, "openai", "chat", Rates.of(in, out), List.of());
    }

    @Test
    void pricesCachedInputAtTheCacheReadRate() {
        Rates rates = Rates.of("2.50", "10.00").withCacheRead("1.25");
        // OpenAI: prompt 2006 of which 1920 cached, completion 300 -> 86 uncached input
        TokenBuckets tokens = new TokenBuckets(86, 1920, 0, 0, 300, 0, 0, 0);

        assertThat(rates.cost(tokens)).isEqualTo(Money.ofUsd("0.005615"));
    }

    @Test
    void pricesReasoningAtTheOutputRateWhenItHasNoRateOfItsOwn() {
        TokenBuckets tokens = new TokenBuckets(17, 0, 0, 0, 34, 448, 0, 0);

        assertThat(Rates.of("0.05", "0.40").cost(tokens)).isEqualTo(Money.ofUsd("0.00019365"));
    }

    @Test
    void twoCallsSumToExactlyThirtyCents() {
        Rates rates = Rates.of("2.50", "10.00");

        Money total = rates.cost(TokenBuckets.of(40_000, 0)).plus(rates.cost(TokenBuckets.of(80_000, 0)));

        assertThat(total).isEqualTo(Money.ofUsd("0.30"));
    }

    @Test
    void oneTokenOnACheapModelIsNotRoundedToZero() {
        assertThat(Rates.of("0.02", "0").cost(TokenBuckets.of(1, 0)).nanos()).isEqualTo(20);
        assertThat(Rates.of("0.15", "0.60").cost(TokenBuckets.of(1_000, 0))).isEqualTo(Money.ofUsd("0.00015"));
    }

    @Test
    void unknownModelIsUnpricedNotFree() {
        PriceCatalog catalog = PriceCatalog.of(List.of(price("gpt-4o-mini", "0.15", "0.60")));

        Cost cost = catalog.cost(null, "my-local-llama", TokenBuckets.of(1_000, 500), CostSource.COMPUTED);

        assertThat(cost.priced()).isFalse();
        assertThat(cost.amount()).isNull();
        assertThat(cost.priceKey()).isNull();
    }

    @Test
    void pricesTheReportedModelBeforeTheRequestedOne() {
        PriceCatalog catalog = PriceCatalog.of(List.of(
                price("gpt-4o-2024-05-13", "5", "15"), price("gpt-4o-2024-08-06", "2.50", "10")));

        Cost cost = catalog.cost("gpt-4o-2024-08-06", "gpt-4o", TokenBuckets.of(1_000, 1_000), CostSource.COMPUTED);

        assertThat(cost.amount()).isEqualTo(Money.ofUsd("0.0125"));
        assertThat(cost.priceKey()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void matchesAProviderPrefixAndCaseButNotAnUnlistedSnapshot() {
        PriceCatalog catalog = PriceCatalog.of(List.of(price("gpt-4o", "2.50", "10")));

        assertThat(catalog.find("openai/GPT-4o")).map(ModelPrice::key).contains("gpt-4o");
        assertThat(catalog.find("gpt-4o-2099-01-01")).isEmpty();
    }

    @Test
    void longContextTierPricesTheWholeRequest() {
        Rates base = Rates.of("3", "15");
        Rates high = Rates.of("6", "22.5");
        ModelPrice price = new ModelPrice("claude", "anthropic", "chat", base,
                List.of(new ModelPrice.LongContextTier(200_000, high)));

        assertThat(price.cost(TokenBuckets.of(200_000, 1_000))).isEqualTo(Money.ofUsd("0.615"));
        assertThat(price.cost(TokenBuckets.of(200_001, 1_000))).isEqualTo(Money.ofUsd("1.222506"));
    }

    @Test
    void bundledCatalogHoldsPublishedPricesWithTheirSource() {
        PriceCatalog catalog = PriceCatalog.bundled();

        ModelPrice mini = catalog.find("gpt-4o-mini").orElseThrow();
        assertThat(mini.rates().input()).isEqualByComparingTo(new BigDecimal("0.15"));
        assertThat(mini.rates().output()).isEqualByComparingTo(new BigDecimal("0.60"));
        assertThat(mini.rates().cacheRead()).isEqualByComparingTo(new BigDecimal("0.075"));
        assertThat(catalog.find("claude-sonnet-4-5")).isPresent();
        assertThat(catalog.find("gemini-2.5-pro")).isPresent();
        assertThat(catalog.find("text-embedding-3-small")).isPresent();
        assertThat(catalog.asOf()).isEqualTo("2026-07-24");
        assertThat(catalog.source()).contains("LiteLLM");
    }
}
