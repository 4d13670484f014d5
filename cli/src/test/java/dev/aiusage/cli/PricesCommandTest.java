package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricesCommandTest {

    @TempDir
    Path dir;

    private Path prices(String json) throws Exception {
        return Files.writeString(dir.resolve("prices.json"), json);
    }

    @Test
    void listsTheBundledCatalogByProvider() {
        Cli cli = Cli.run("prices", "list", "--provider", "anthropic");

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("claude-sonnet-4-5").doesNotContain("gpt-4o-mini")
                .contains("prices from: bundled catalog").contains("as of 2026-07-24");
    }

    @Test
    void showsHowANameResolvesAndEveryRate() throws Exception {
        Cli cli = Cli.run("prices", "show", "openai/gpt-4o-mini");

        JsonNode shown = new ObjectMapper().readTree(cli.out());
        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(shown.path("priceKey").asText()).isEqualTo("gpt-4o-mini");
        assertThat(shown.path("rates").path("input").asText()).isEqualTo("0.15");
        assertThat(shown.path("serviceTiers").path("batch").path("output").asText()).isEqualTo("0.3");
    }

    @Test
    void anUnknownProviderNamesTheKnownOnes() {
        Cli cli = Cli.run("prices", "list", "--provider", "nonesuch");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("providers:").contains("anthropic").contains("openai");
    }

    @Test
    void anUnpricedModelSaysWhatToDo() {
        Cli cli = Cli.run("prices", "show", "my-local-llama");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("has no price").contains("--prices");
    }

    @Test
    void checkAcceptsAGoodFileAndNamesTheEntryOfABadOne() throws Exception {
        Path good = prices("{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"2\"}}}");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"models\": {\"m\": {\"input\": \"1\", \"outptu\": \"2\"}}}");

        assertThat(Cli.run("prices", "check", good.toString()).out()).startsWith("ok: the file is valid");
        Cli cli = Cli.run("prices", "check", bad.toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("aiusage: " + bad + ": model \"m\": unknown field \"outptu\"");
    }

    @Test
    void runPricesAUsersOwnModelFromAPriceFile() throws Exception {
        Path file = prices("{\"models\": {\"my-local-llama\": {\"input\": \"1\", \"output\": \"1\"}}}");

        Cli cli = Cli.run("run", "--job", "j", "--model", "my-local-llama", "--prices", file.toString(),
                "--out", dir.resolve("out").toString(), "--ledger", dir.resolve("l.db").toString(),
                RunCommandTest.SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.err()).doesNotContain("has no price");
        assertThat(cli.out()).containsPattern("cost \\$0\\.00\\d+ \\(estimated\\)");
    }

    @Test
    void aBadPriceFileStopsTheRunBeforeAnyWork() throws Exception {
        Path file = prices("{\"models\": {\"m\": {\"input\": \"free\", \"output\": \"1\"}}}");

        Cli cli = Cli.run("run", "--job", "j", "--prices", file.toString(), "--out", dir.resolve("out").toString(),
                "--ledger", dir.resolve("l.db").toString(), RunCommandTest.SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("model \"m\"").contains("not a decimal number");
        assertThat(dir.resolve("l.db")).doesNotExist();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void priceFilesFromTheEnvironmentComeBeforeTheOptions() {
        PriceOptions options = new PriceOptions();
        options.files.add(Path.of("c.json"));

        assertThat(options.files(Map.of(PriceOptions.ENV, "a.json:b.json")))
                .containsExactly(Path.of("a.json"), Path.of("b.json"), Path.of("c.json"));
    }
}
