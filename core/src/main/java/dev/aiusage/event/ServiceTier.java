package dev.aiusage.event;

import java.util.Locale;

/** How a request was served, which changes its price: the batch API and the flex and priority tiers. */
public enum ServiceTier {
    STANDARD,
    BATCH,
    FLEX,
    PRIORITY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ServiceTier fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
