package dev.aiusage.pricing;

import dev.aiusage.event.ServiceTier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.AiusageException;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceOverridesTest {

    @TempDir
    Path dir;

    private Path file(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void ourFormatPricesAUsersOwnModelAndMapsADeploymentName() throws Exception {
        Path prices = file("ours.json", """
                {"source": "team prices", "models": {
                   "local-llama": {"provider": "self-hosted", "input": "0.01", "output": "0.02"}},
                 "aliases": {"my-azure-gpt4o-mini": "gpt-4o-mini"}}""");

        PriceCatalog catalog = PriceCatalog.bundledWith(List.of(prices));

        assertThat(catalog.find("local-llama").orElseThrow().cost(TokenBuckets.of(1_000_000, 1_000_000)))
                .isEqualTo(Money.ofUsd("0.03"));
        assertThat(catalog.cost("my-azure-gpt4o-mini", null, TokenBuckets.of(1_000, 0), CostSource.COMPUTED).priceKey())
                .isEqualTo("gpt-4o-mini");
    }

    @Test
    void anAliasCanPointAtACheaperSnapshot() throws Exception {
        Path prices = file("alias.json", """
                {"models": {"gpt-4o-2024-05-13": {"input": "5", "output": "15"},
                            "gpt-4o-2024-08-06": {"input": "2.50", "output": "10"}},
                 "aliases": {"gpt-4o": "gpt-4o-2024-08-06"}}""");

        PriceCatalog catalog = PriceCatalog.load(prices);

        assertThat(catalog.cost(null, "gpt-4o", TokenBuckets.of(1_000, 1_000), CostSource.COMPUTED).amount())
                .isEqualTo(Money.ofUsd("0.0125"));
    }

    @Test
    void aLiteLlmPriceMapLoadsExactlyInPerMillionRates() throws Exception {
        Path litellm = file("litellm.json", """
                {"sample_spec": {"input_cost_per_token": 0},
                 "my-model": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
                              "cache_read_input_token_cost": 1.25e-06, "input_cost_per_token_batches": 1.25e-06,
                              "output_cost_per_token_batches": 5e-06, "litellm_provider": "openai", "mode": "chat"},
                 "an-image-model": {"output_cost_per_image": 0.04}}""");

        ModelPrice price = PriceCatalog.load(litellm).find("my-model").orElseThrow();

        assertThat(price.rates().input()).isEqualByComparingTo(new BigDecimal("2.5"));
        assertThat(price.rates().cacheRead()).isEqualByComparingTo(new BigDecimal("1.25"));
        assertThat(price.cost(TokenBuckets.of(1_000, 1_000), ServiceTier.BATCH)).contains(Money.ofUsd("0.00625"));
        assertThat(price.cost(TokenBuckets.of(1_000, 1_000), ServiceTier.PRIORITY)).isEmpty();
    }

    @Test
    void thePublishedLiteLlmMapLoadsAsAnOverrideAndAgreesWithTheBundledCatalog() {
        Path published = Path.of("../../shared/pricing/litellm-model-prices-2026-07-24.json");
        if (!Files.exists(published)) {
            System.err.println("SKIPPED: the published price map is not at " + published.toAbsolutePath().normalize());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(published),
                "the published price map is not at " + published.toAbsolutePath().normalize() + "; skipping");

        PriceCatalog litellm = PriceCatalog.load(published);

        assertThat(litellm.size()).isGreaterThan(1_000);
        for (String model : List.of("gpt-4o-mini", "o3", "claude-sonnet-4-5", "text-embedding-3-small")) {
            ModelPrice theirs = litellm.find(model).orElseThrow();
            ModelPrice ours = PriceCatalog.bundled().find(model).orElseThrow();
            assertThat(theirs.rates().input()).as(model).isEqualByComparingTo(ours.rates().input());
            assertThat(theirs.rates().output()).as(model).isEqualByComparingTo(ours.rates().output());
            assertThat(theirs.longContext()).as(model).hasSameSizeAs(ours.longContext());
        }
        assertThat(litellm.find("claude-sonnet-4-5").orElseThrow().cost(TokenBuckets.of(500_000, 0)))
                .isEqualTo(PriceCatalog.bundled().find("claude-sonnet-4-5").orElseThrow().cost(TokenBuckets.of(500_000, 0)));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"tiers\": {\"batch\": {\"inptu\": \"0.5\"}}}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"longContext\": [{\"aboveInputTokens\": 9, \"inptu\": \"2\"}]}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"longContext\": [{\"aboveInputTokens\": 1.9}]}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"longContext\": [{\"aboveInputTokens\": true}]}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"tiers\": \"batch\"}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\"}}, \"alias\": {\"a\": \"m\"}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\"}}, \"aliases\": [\"a\"]}",
        "{\"models\": {\"m\": {\"input\": \"100\", \"input\": \"1\", \"output\": \"1\"}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\"}}} garbage",
        "{\"models\": {\"\": {\"input\": \"1\", \"output\": \"1\"}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\"}}, \"aliases\": {\"m\": \"m\"}}",
        "{\"models\": {\"m\": {\"input\": \"1e-2147483647\", \"output\": \"1\"}}}",
        "{\"models\": {\"m\": {\"input\": \"1e999999999\", \"output\": \"1\"}}}",
        "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"perRequest\": \"999999999999\"}}}",
    })
    void aMalformedFileIsRejectedQuicklyInOneShortLine(String json) throws Exception {
        Path prices = file("bad.json", json);

        assertThatThrownBy(() -> PriceCatalog.bundledWith(List.of(prices)))
                .isInstanceOf(AiusageException.class)
                .hasMessageStartingWith(prices.toString())
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void aLaterAliasReplacesAnEarlierPriceOfThatName() throws Exception {
        Path prices = file("alias.json", "{\"models\": {}, \"aliases\": {\"gpt-4o\": \"gpt-4o-mini\"}}");

        assertThat(PriceCatalog.bundledWith(List.of(prices)).resolve("gpt-4o")).contains("gpt-4o-mini");
    }

    @Test
    void theLaterFileWinsPerModel() throws Exception {
        Path first = file("a.json", "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\"}, \"n\": {\"input\": \"7\", \"output\": \"7\"}}}");
        Path second = file("b.json", "{\"models\": {\"m\": {\"input\": \"2\", \"output\": \"2\"}}}");

        PriceCatalog catalog = PriceCatalog.bundledWith(List.of(first, second));

        assertThat(catalog.find("m").orElseThrow().rates().input()).isEqualByComparingTo("2");
        assertThat(catalog.find("n").orElseThrow().rates().input()).isEqualByComparingTo("7");
        assertThat(catalog.find("gpt-4o-mini")).isPresent();
    }

    @Test
    void aServiceTierWithoutAPublishedPriceLeavesTheCallUnpriced() {
        PriceCatalog catalog = PriceCatalog.bundled();
        TokenBuckets tokens = TokenBuckets.of(1_000_000, 0);

        assertThat(catalog.cost(null, "gpt-4o-mini", tokens, ServiceTier.BATCH, CostSource.COMPUTED).amount())
                .isEqualTo(Money.ofUsd("0.075"));
        assertThat(catalog.cost(null, "gpt-4o-mini", tokens, ServiceTier.FLEX, CostSource.COMPUTED).priced()).isFalse();
    }

    @Test
    void aPerRequestFeeIsAddedOnce() throws Exception {
        Path prices = file("fee.json", "{\"models\": {\"search\": {\"input\": \"1\", \"output\": \"1\", \"perRequest\": \"0.01\"}}}");

        assertThat(PriceCatalog.load(prices).find("search").orElseThrow().cost(TokenBuckets.of(1_000, 0)))
                .isEqualTo(Money.ofUsd("0.011"));
    }

    @Test
    void aMalformedFileNamesTheFileTheEntryAndTheReason() throws Exception {
        Path typo = file("typo.json", "{\"models\": {\"m\": {\"imput\": \"1\", \"output\": \"1\"}}}");
        Path negative = file("neg.json", "{\"models\": {\"m\": {\"input\": \"-1\", \"output\": \"1\"}}}");
        Path words = file("words.json", "{\"models\": {\"m\": {\"input\": \"cheap\", \"output\": \"1\"}}}");
        Path broken = file("broken.json", "{\"models\": {");
        Path dangling = file("dangling.json", "{\"models\": {}, \"aliases\": {\"x\": \"nowhere\"}}");
        Path nothing = file("nothing.json", "{\"some\": \"thing\"}");

        assertThatThrownBy(() -> PriceCatalog.load(typo)).isInstanceOf(AiusageException.class)
                .hasMessageContaining("typo.json").hasMessageContaining("model \"m\"").hasMessageContaining("imput");
        assertThatThrownBy(() -> PriceCatalog.load(negative)).hasMessageContaining("model \"m\"").hasMessageContaining("must be 0 or more");
        assertThatThrownBy(() -> PriceCatalog.load(words)).hasMessageContaining("not a decimal number");
        assertThatThrownBy(() -> PriceCatalog.load(broken)).hasMessageContaining("broken.json: not valid JSON");
        assertThatThrownBy(() -> PriceCatalog.bundledWith(List.of(dangling)))
                .hasMessageContaining("dangling.json").hasMessageContaining("alias \"x\"");
        assertThatThrownBy(() -> PriceCatalog.load(nothing)).hasMessageContaining("no token prices found");
        assertThatThrownBy(() -> PriceCatalog.load(dir.resolve("missing.json"))).hasMessageContaining("no such file");
    }

    @Test
    void theBundledCatalogHasServiceTiersAndLongContextTiers() {
        ModelPrice o3 = PriceCatalog.bundled().find("o3").orElseThrow();
        ModelPrice sonnet = PriceCatalog.bundled().find("claude-sonnet-4-5").orElseThrow();

        assertThat(o3.serviceTiers()).containsKeys(ServiceTier.FLEX, ServiceTier.PRIORITY);
        assertThat(sonnet.longContext()).singleElement().extracting(ModelPrice.LongContextTier::aboveInputTokens)
                .isEqualTo(200_000L);
    }
}
