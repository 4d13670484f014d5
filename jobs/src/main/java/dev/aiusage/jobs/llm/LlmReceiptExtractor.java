package dev.aiusage.jobs.llm;

import dev.aiusage.jobs.extract.ReceiptExtractor;
import dev.aiusage.jobs.receipt.Receipt;
import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.scope.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts a receipt's fields by asking a model, through a tracked SDK client. An answer that breaks
 * the rules (not JSON, a date that is not ISO, a total that is not a decimal) is sent back once with
 * what is wrong; both calls are recorded. With embeddings on, each receipt also gets one embeddings
 * call. Calls run in child scopes {@code extract} and {@code embed}, so reports split them.
 */
public final class LlmReceiptExtractor implements ReceiptExtractor, AutoCloseable {

    private final Tracker tracker;
    private final ChatBackend chat;
    private final Embedder embedder;
    private final VectorWriter vectors;
    private final Secrets secrets;

    LlmReceiptExtractor(Tracker tracker, ChatBackend chat, Embedder embedder, VectorWriter vectors, Secrets secrets) {
        this.tracker = tracker;
        this.chat = chat;
        this.embedder = embedder;
        this.vectors = vectors;
        this.secrets = secrets;
    }

    /** The extractor for these settings; vectors (with {@code embedModel} set) go to {@code jobFolder}. */
    public static LlmReceiptExtractor create(ProviderSettings settings, Tracker tracker, PriceCatalog prices, Path jobFolder) {
        Secrets secrets = new Secrets(settings.apiKey());
        if (settings.kind() == ProviderSettings.Kind.ANTHROPIC) {
            return new LlmReceiptExtractor(tracker, AnthropicChat.create(settings, tracker, prices), null, null, secrets);
        }
        OpenAiChat chat = OpenAiChat.create(settings, tracker, prices);
        if (settings.embedModel() == null) {
            return new LlmReceiptExtractor(tracker, chat, null, null, secrets);
        }
        VectorWriter vectors = new VectorWriter(jobFolder);
        return new LlmReceiptExtractor(tracker, chat, new Embedder(chat.client(), settings.embedModel(), vectors), vectors, secrets);
    }

    @Override
    public ReceiptFields extract(Receipt receipt) {
        ReceiptFields fields = tracker.scope("extract").call(() -> secrets.guard(() -> askChecked(receipt)));
        if (embedder != null) {
            tracker.scope("embed").run(() -> secrets.guard(() -> {
                embedder.embed(receipt);
                return null;
            }));
        }
        return fields;
    }

    private ReceiptFields askChecked(Receipt receipt) {
        List<Turn> conversation = new ArrayList<>(List.of(Turn.user(receipt.text())));
        String answer = chat.ask(conversation);
        try {
            return AnswerCheck.fields(answer);
        } catch (AnswerCheck.InvalidAnswerException invalid) {
            conversation.add(Turn.assistant(answer == null ? "" : answer));
            conversation.add(Turn.user("That answer is not valid: " + invalid.getMessage()
                    + ". Answer again, with JSON that follows the schema."));
            try {
                return AnswerCheck.fields(chat.ask(conversation));
            } catch (AnswerCheck.InvalidAnswerException again) {
                throw new AnswerCheck.InvalidAnswerException("the model's answer was invalid twice; the second time: "
                        + again.getMessage());
            }
        }
    }

    @Override
    public String describe() {
        return chat.describe() + (embedder == null ? "" : ", embeddings " + embedder.model());
    }

    @Override
    public void close() {
        chat.close();
        if (vectors != null) {
            vectors.close();
        }
    }
}
