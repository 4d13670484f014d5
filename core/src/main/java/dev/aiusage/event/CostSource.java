package dev.aiusage.event;

/** Where a cost figure came from, so reports never pass an estimate off as a bill. */
public enum CostSource {
    /** The provider reported the cost itself. */
    PROVIDER,
    /** Computed from the provider's reported token counts and the price catalog. */
    COMPUTED,
    /** Computed from token counts we counted ourselves (no provider call was made or it reported none). */
    ESTIMATED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CostSource fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
