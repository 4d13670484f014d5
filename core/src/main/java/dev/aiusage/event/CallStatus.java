package dev.aiusage.event;

import java.util.Locale;

/** How one provider attempt ended. */
public enum CallStatus {
    OK,
    ERROR,
    /** The call ended before the provider finished (a stream cut off or abandoned). */
    INCOMPLETE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
