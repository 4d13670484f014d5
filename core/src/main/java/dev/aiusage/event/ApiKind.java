package dev.aiusage.event;

import java.util.Locale;

/** The provider API an attempt called. */
public enum ApiKind {
    CHAT,
    EMBEDDINGS,
    RESPONSES,
    MESSAGES;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApiKind fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
