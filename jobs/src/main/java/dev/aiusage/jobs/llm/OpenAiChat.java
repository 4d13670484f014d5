package dev.aiusage.jobs.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.RateLimitException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiusage.jobs.extract.ExtractionPrompt;
import dev.aiusage.openai.TrackedOpenAi;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.scope.Tracker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Extraction through OpenAI chat completions (or any compatible server), with a strict JSON schema. */
public final class OpenAiChat implements ChatBackend {

    private static final ResponseFormatJsonSchema FORMAT = ResponseFormatJsonSchema.builder()
            .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                    .name(ReceiptSchema.NAME)
                    .strict(true)
                    .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                            .putAllAdditionalProperties(asJsonValues(ReceiptSchema.keywords()))
                            .build())
                    .build())
            .build();

    private final OpenAIClient client;
    private final ProviderSettings settings;

    OpenAiChat(OpenAIClient client, ProviderSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    public static OpenAiChat create(ProviderSettings settings, Tracker tracker, PriceCatalog prices) {
        return new OpenAiChat(TrackedOpenAi.client(builder(settings), tracker, prices), settings);
    }

    /** An SDK client sized for the job: one pooled connection per receipt in flight. */
    static OpenAIOkHttpClient.Builder builder(ProviderSettings settings) {
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .apiKey(settings.keyOrPlaceholder())
                .maxIdleConnections(settings.concurrency())
                .keepAliveDuration(Duration.ofMinutes(5))
                .timeout(settings.timeout());
        return settings.baseUrl() == null ? builder : builder.baseUrl(settings.baseUrl());
    }

    OpenAIClient client() {
        return client;
    }

    @Override
    public String ask(List<Turn> conversation) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .addSystemMessage(ExtractionPrompt.SYSTEM)
                .responseFormat(FORMAT);
        for (Turn turn : conversation) {
            switch (turn.role()) {
                case USER -> params.addUserMessage(turn.text());
                case ASSISTANT -> params.addAssistantMessage(turn.text());
            }
        }
        ChatCompletion completion;
        try {
            completion = client.chat().completions().create(params.build());
        } catch (RateLimitException limited) {
            throw new RateLimitedException(limited.headers().values("retry-after"), limited);
        }
        return completion.choices().stream().findFirst().flatMap(choice -> choice.message().content()).orElse(null);
    }

    @Override
    public String describe() {
        return "openai " + settings.model() + " at " + (settings.baseUrl() == null ? "api.openai.com" : settings.baseUrl());
    }

    @Override
    public void close() {
        client.close();
    }

    private static Map<String, JsonValue> asJsonValues(Map<String, Object> values) {
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> JsonValue.from(entry.getValue())));
    }
}
