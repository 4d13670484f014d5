package dev.aiusage.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.ModelType;
import java.util.List;
import java.util.Locale;

/**
 * Counts tokens the way a model's tokenizer does, for usage we estimate rather than read from a
 * provider. OpenAI models get their own encoding; models whose tokenizer is not public (Claude,
 * Gemini) are approximated with {@code o200k_base} and say so through {@link #exact()}.
 *
 * <pre>{@code
 * int tokens = TokenCounter.forModel("gpt-4o-mini").countChat(List.of(
 *         new ChatMessage("system", "Extract the fields."), new ChatMessage("user", receiptText)));
 * }</pre>
 */
public final class TokenCounter {

    /**
     * OpenAI's chat format wraps every message in framing tokens ({@code <|start|>role ... <|end|>}),
     * three per message, and primes the reply with three more.
     */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PRIMING_REPLY = 3;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;
    private final boolean exact;

    private TokenCounter(Encoding encoding, boolean exact) {
        this.encoding = encoding;
        this.exact = exact;
    }

    public static TokenCounter forModel(String model) {
        String name = model == null ? "" : model.trim().toLowerCase(Locale.ROOT);
        var known = ModelType.fromName(name);
        if (known.isPresent()) {
            return new TokenCounter(REGISTRY.getEncodingForModel(known.get()), true);
        }
        if (name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-5")
                || name.matches("o\\d.*") || name.startsWith("chatgpt-4o")) {
            return new TokenCounter(REGISTRY.getEncoding(EncodingType.O200K_BASE), true);
        }
        if (name.startsWith("gpt-4") || name.startsWith("gpt-3.5") || name.startsWith("text-embedding")) {
            return new TokenCounter(REGISTRY.getEncoding(EncodingType.CL100K_BASE), true);
        }
        return new TokenCounter(REGISTRY.getEncoding(EncodingType.O200K_BASE), false);
    }

    /** The tokenizer's name, e.g. {@code o200k_base}. */
    public String encodingName() {
        return encoding.getName();
    }

    /** Whether this is the model's own tokenizer, rather than an approximation. */
    public boolean exact() {
        return exact;
    }

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }

    /** The prompt tokens of a chat request made of these messages. */
    public int countChat(List<ChatMessage> messages) {
        int tokens = TOKENS_PRIMING_REPLY;
        for (ChatMessage message : messages) {
            tokens += TOKENS_PER_MESSAGE + count(message.role()) + count(message.content());
        }
        return tokens;
    }
}
