package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerCommandTest {

    @TempDir
    Path dir;

    private static UsageEvent event(String model, CostSource source, Money cost) {
        return UsageEvent.builder("openai", ApiKind.CHAT).requestModel(model).tokens(TokenBuckets.of(1_000_000, 0))
                .cost(cost == null ? Cost.unpriced(source) : new Cost(cost, source, model)).build();
    }

    private long costOf(Path ledger, String model) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + ledger);
                var rs = c.createStatement().executeQuery(
                        "SELECT coalesce(sum(cost_nanos), -1) FROM usage_event WHERE request_model = '" + model + "'")) {
            return rs.getLong(1);
        }
    }

    @Test
    void repricesComputedAndEstimatedCostsButNeverProviderReportedOnes() throws Exception {
        Path ledger = dir.resolve("usage.db");
        try (Ledger l = Ledger.open(ledger)) {
            l.append(List.of(
                    event("gpt-4o-mini", CostSource.COMPUTED, Money.ofUsd("9.99")),
                    event("gpt-4o-mini-billed", CostSource.PROVIDER, Money.ofUsd("9.99")),
                    event("my-local-llama", CostSource.ESTIMATED, null)));
        }
        Path prices = Files.writeString(dir.resolve("p.json"), """
                {"models": {"my-local-llama": {"input": "0.50", "output": "1"},
                            "gpt-4o-mini-billed": {"input": "1", "output": "1"}}}""");

        Cli cli = Cli.run("ledger", "reprice", "--ledger", ledger.toString(), "--prices", prices.toString());

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("repriced: 2 events examined, 2 changed (1 newly priced)")
                .contains("gpt-4o-mini: $9.99 -> $0.15 (1 events)")
                .contains("$9.99 before, $0.65 after");
        assertThat(costOf(ledger, "gpt-4o-mini")).isEqualTo(150_000_000L); // 1M input tokens at $0.15
        assertThat(costOf(ledger, "my-local-llama")).isEqualTo(500_000_000L);
        assertThat(costOf(ledger, "gpt-4o-mini-billed")).isEqualTo(9_990_000_000L);
    }

    @Test
    void aBatchCallIsRepricedAtTheBatchRate() throws Exception {
        Path ledger = dir.resolve("usage.db");
        try (Ledger l = Ledger.open(ledger)) {
            l.append(List.of(UsageEvent.builder("openai", ApiKind.CHAT).requestModel("gpt-4o-mini")
                    .serviceTier(dev.aiusage.event.ServiceTier.BATCH).tokens(TokenBuckets.of(1_000_000, 0))
                    .cost(new Cost(Money.ofUsd("1"), CostSource.COMPUTED, "gpt-4o-mini")).build()));
        }

        Cli.run("ledger", "reprice", "--ledger", ledger.toString());

        assertThat(costOf(ledger, "gpt-4o-mini")).isEqualTo(75_000_000L); // $0.075 per million in the batch tier
    }

    @Test
    void repricingRecordsTheNewPriceKeyEvenWhenTheAmountStaysTheSame() throws Exception {
        Path ledger = dir.resolve("usage.db");
        try (Ledger l = Ledger.open(ledger)) {
            l.append(List.of(UsageEvent.builder("openai", ApiKind.CHAT).requestModel("my-deployment")
                    .tokens(TokenBuckets.of(1_000_000, 0))
                    .cost(new Cost(Money.ofUsd("0.15"), CostSource.COMPUTED, "gpt-4o-mini")).build()));
        }
        Path prices = Files.writeString(dir.resolve("p.json"),
                "{\"models\": {\"my-deployment\": {\"input\": \"0.15\", \"output\": \"0.6\"}}}");

        Cli.run("ledger", "reprice", "--ledger", ledger.toString(), "--prices", prices.toString());

        try (var c = DriverManager.getConnection("jdbc:sqlite:" + ledger);
                var rs = c.createStatement().executeQuery("SELECT price_key FROM usage_event")) {
            assertThat(rs.getString(1)).isEqualTo("my-deployment");
        }
    }

    @Test
    void aCatalogWithoutAModelsPriceKeepsItsCostAndSaysSo() throws Exception {
        Path ledger = dir.resolve("usage.db");
        try (Ledger l = Ledger.open(ledger)) {
            l.append(List.of(event("team-model", CostSource.COMPUTED, Money.ofUsd("1.23"))));
        }

        Cli dry = Cli.run("ledger", "reprice", "--ledger", ledger.toString(), "--dry-run");
        Cli cli = Cli.run("ledger", "reprice", "--ledger", ledger.toString());

        assertThat(dry.out()).startsWith("dry run, nothing changed");
        assertThat(cli.out()).contains("kept the cost of 1 events: no price now for team-model");
        assertThat(costOf(ledger, "team-model")).isEqualTo(1_230_000_000L);
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        Path ledger = dir.resolve("usage.db");
        try (Ledger l = Ledger.open(ledger)) {
            l.append(List.of(event("gpt-4o-mini", CostSource.COMPUTED, Money.ofUsd("9.99"))));
        }

        Cli cli = Cli.run("ledger", "reprice", "--ledger", ledger.toString(), "--dry-run");

        assertThat(cli.out()).contains("gpt-4o-mini: $9.99 -> $0.15");
        assertThat(costOf(ledger, "gpt-4o-mini")).isEqualTo(9_990_000_000L);
    }

    @Test
    void aModelWithNoUsageIsPointedOut() {
        Path ledger = dir.resolve("usage.db");
        Ledger.open(ledger).close();

        Cli cli = Cli.run("ledger", "reprice", "--ledger", ledger.toString(), "--model", "nosuch");

        assertThat(cli.err()).contains("no computed or estimated usage of model 'nosuch'");
    }

    @Test
    void repricingAMissingLedgerCreatesNothing() {
        Cli cli = Cli.run("ledger", "reprice", "--ledger", dir.resolve("none.db").toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("none.db")).doesNotExist();
    }
}
