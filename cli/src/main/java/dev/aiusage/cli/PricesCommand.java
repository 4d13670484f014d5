package dev.aiusage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.pricing.ModelPrice;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.pricing.Rates;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiusage prices}: what the catalog holds, how a name resolves, whether a price file is valid. */
@Command(name = "prices",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "The price catalog: list it, show how a model name resolves, check a price file.",
        subcommands = {PricesCommand.ListPrices.class, PricesCommand.ShowPrice.class, PricesCommand.CheckPrices.class},
        footer = """

                Exit codes:
                  0  done (check: every file is valid)
                  1  show: the model has no price
                  2  usage error, or a price file that is not valid (the message names file, entry and reason)""")
final class PricesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: list, show MODEL, check FILE...");
    }

    static String rate(BigDecimal perMillion) {
        return perMillion == null ? "-" : "$" + perMillion.stripTrailingZeros().toPlainString();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Every priced model: USD per million tokens for input, cache read, output.")
    static final class ListPrices implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PriceOptions prices;

        @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider (openai, anthropic, google).")
        String provider;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            PriceCatalog catalog = prices.catalog();
            java.util.Set<String> providers = new java.util.TreeSet<>();
            catalog.models().forEach(p -> providers.add(String.valueOf(p.provider())));
            if (provider != null && providers.stream().noneMatch(provider::equalsIgnoreCase)) {
                throw new UsageError("--provider '" + provider + "' has no priced models; providers: "
                        + String.join(", ", providers));
            }
            out.printf("%-42s %-10s %10s %10s %10s%n", "MODEL", "PROVIDER", "INPUT", "CACHED", "OUTPUT");
            for (ModelPrice price : catalog.models()) {
                if (provider != null && !provider.equalsIgnoreCase(String.valueOf(price.provider()))) {
                    continue;
                }
                Rates r = price.rates();
                out.printf("%-42s %-10s %10s %10s %10s%n", price.key(), price.provider() == null ? "-" : price.provider(),
                        rate(r.input()), rate(r.cacheRead()), rate(r.output()));
            }
            catalog.layers().forEach(layer -> out.println("prices from: " + layer));
            out.flush();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "How MODEL resolves to a price, and every rate of it, as JSON.")
    static final class ShowPrice implements java.util.concurrent.Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Mixin
        PriceOptions prices;

        @Parameters(paramLabel = "MODEL")
        String model;

        @Override
        public Integer call() throws Exception {
            if (model.isBlank()) {
                throw new UsageError("name a model, e.g. 'aiusage prices show gpt-4o-mini'");
            }
            PriceCatalog catalog = prices.catalog();
            var found = catalog.find(model);
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("aiusage: '" + model + "' has no price: its usage is recorded "
                        + "unpriced; map it with an alias in a --prices file, or add its rates there");
                return ExitCode.FAILURES;
            }
            ModelPrice price = found.get();
            ObjectNode node = JSON.createObjectNode();
            node.put("model", model);
            node.put("priceKey", price.key());
            node.put("provider", price.provider());
            node.put("mode", price.mode());
            node.put("unit", "USD per million tokens");
            rates(node.putObject("rates"), price.rates());
            ObjectNode tiers = node.putObject("serviceTiers");
            price.serviceTiers().forEach((tier, r) -> rates(tiers.putObject(tier.code()), r));
            var longContext = node.putArray("longContext");
            price.longContext().forEach(t -> rates(longContext.addObject().put("aboveInputTokens", t.aboveInputTokens()), t.rates()));
            node.put("perRequest", price.perRequest() == null ? null : price.perRequest().toPlainString());
            node.put("source", catalog.origin(price.key()));
            spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            return ExitCode.OK;
        }

        private static void rates(ObjectNode node, Rates r) {
            Map<String, BigDecimal> all = new java.util.LinkedHashMap<>();
            all.put("input", r.input());
            all.put("cacheRead", r.cacheRead());
            all.put("cacheWrite5m", r.cacheWrite5m());
            all.put("cacheWrite1h", r.cacheWrite1h());
            all.put("output", r.output());
            all.put("reasoning", r.reasoning());
            all.put("audioInput", r.audioInput());
            all.put("audioOutput", r.audioOutput());
            all.forEach((name, value) -> node.put(name, value == null ? null : value.stripTrailingZeros().toPlainString()));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Validate price files (aiusage's format or LiteLLM's) as --prices would read them.")
    static final class CheckPrices implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;

        @Override
        public void run() {
            PriceCatalog catalog = PriceCatalog.bundledWith(files);
            spec.commandLine().getOut().printf(Locale.ROOT, "ok: %s valid; with them the catalog prices %d models "
                    + "(entries not priced per token, such as images, are left out)%n",
                    files.size() == 1 ? "the file is" : "all " + files.size() + " files are", catalog.size());
        }
    }
}
