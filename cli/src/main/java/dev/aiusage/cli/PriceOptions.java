package dev.aiusage.cli;

import dev.aiusage.pricing.PriceCatalog;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --prices}, shared by every command that prices usage. */
final class PriceOptions {

    static final String ENV = "AIUSAGE_PRICES";

    @Option(names = "--prices", paramLabel = "FILE",
            description = {"A price file laid over the bundled catalog (aiusage's format or LiteLLM's price map);",
                "repeatable, the later file wins per model. Files in $AIUSAGE_PRICES (separated by ':') come first."})
    List<Path> files = new ArrayList<>();

    PriceCatalog catalog() {
        try {
            return PriceCatalog.bundledWith(files(System.getenv()));
        } catch (RuntimeException e) {
            String fromEnv = System.getenv(ENV);
            throw fromEnv == null || fromEnv.isBlank() ? e
                    : new UsageError(e.getMessage() + " (price files: $" + ENV + ", then --prices)");
        }
    }

    /** The environment's files, then the options', in the order they are laid over the catalog. */
    List<Path> files(Map<String, String> env) {
        List<Path> all = new ArrayList<>();
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            for (String part : fromEnv.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    all.add(Path.of(part.trim()));
                }
            }
        }
        all.addAll(files);
        return all;
    }
}
