package dev.aiusage.jobs.llm;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aiusage.anthropic.TrackedAnthropic;
import dev.aiusage.jobs.extract.ExtractionPrompt;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.scope.Tracker;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Extraction through Anthropic messages. Claude's way to a JSON schema is a tool the request forces
 * it to call: the tool's input is the answer.
 */
public final class AnthropicChat implements ChatBackend {

    private static final long MAX_TOKENS = 1_024;
    private static final Tool TOOL = Tool.builder()
            .name(ReceiptSchema.NAME)
            .description("Record the fields extracted from the receipt.")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(Tool.InputSchema.Properties.builder()
                            .putAllAdditionalProperties(asJsonValues(ReceiptSchema.properties()))
                            .build())
                    .required(ReceiptSchema.required())
                    .build())
            .build();

    private final AnthropicClient client;
    private final ProviderSettings settings;

    private AnthropicChat(AnthropicClient client, ProviderSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    public static AnthropicChat create(ProviderSettings settings, Tracker tracker, PriceCatalog prices) {
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
                .apiKey(settings.keyOrPlaceholder())
                .timeout(settings.timeout());
        if (settings.baseUrl() != null) {
            builder.baseUrl(withoutVersion(settings.baseUrl()));
        }
        return new AnthropicChat(TrackedAnthropic.client(builder, tracker, prices), settings);
    }

    /** anthropic-java adds {@code /v1/messages} itself; a base URL given with {@code /v1} (as OpenAI's are) works too. */
    static String withoutVersion(String baseUrl) {
        return baseUrl.replaceFirst("/v1/?$", "");
    }

    @Override
    public String ask(List<Turn> conversation) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(settings.model())
                .maxTokens(MAX_TOKENS)
                .system(ExtractionPrompt.SYSTEM)
                .addTool(TOOL)
                .toolChoice(ToolChoiceTool.builder().name(ReceiptSchema.NAME).build());
        for (Turn turn : conversation) {
            switch (turn.role()) {
                case USER -> params.addUserMessage(turn.text());
                case ASSISTANT -> params.addAssistantMessage(turn.text());
            }
        }
        try {
            return answer(client.messages().create(params.build()));
        } catch (RateLimitException limited) {
            throw new RateLimitedException(limited.headers().values("retry-after"), limited);
        }
    }

    private static String answer(Message message) {
        for (ContentBlock block : message.content()) {
            if (block.isToolUse()) {
                try {
                    return ObjectMappers.jsonMapper().writeValueAsString(block.asToolUse()._input());
                } catch (JsonProcessingException e) {
                    return null;
                }
            }
        }
        return message.content().stream().flatMap(block -> block.text().stream()).map(text -> text.text()).findFirst().orElse(null);
    }

    @Override
    public String describe() {
        return "anthropic " + settings.model() + " at " + (settings.baseUrl() == null ? "api.anthropic.com" : settings.baseUrl());
    }

    @Override
    public void close() {
        client.close();
    }

    private static Map<String, JsonValue> asJsonValues(Map<String, Object> values) {
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> JsonValue.from(entry.getValue())));
    }
}
