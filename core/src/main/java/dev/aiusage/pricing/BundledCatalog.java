package dev.aiusage.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the bundled catalog once, on first use. */
final class BundledCatalog {

    private static final String RESOURCE = "catalog.json";
    static final String NAME = "bundled catalog";

    static final PriceCatalog INSTANCE = load();

    private BundledCatalog() {}

    private static PriceCatalog load() {
        try (InputStream in = BundledCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled price catalog " + RESOURCE + " is missing from aiusage-core");
            }
            return CatalogReader.read(in, NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled price catalog", e);
        }
    }
}
