package dev.aiusage.tokens;

import java.util.Objects;

/** One message of a chat request, as far as counting its tokens is concerned. */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
