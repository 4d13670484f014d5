package dev.aiusage.jobs.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiusage.jobs.extract.ExtractionPrompt;
import dev.aiusage.jobs.extract.OfflineExtractor;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ReceivedRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A stand-in model for the provider server: reads the receipt out of the request and answers what the
 * offline rules find, as JSON, unless a scripted answer is queued. Token counts are made up, but fixed
 * by the text, so tests can sum them.
 */
public final class ReceiptModel implements Function<ReceivedRequest, ModelAnswer> {

    private final OfflineExtractor rules = new OfflineExtractor();
    private final Queue<String> scripted = new ConcurrentLinkedQueue<>();
    private volatile String invalidFor;

    /** Answers these, in order, before answering from the rules. */
    public ReceiptModel script(String... answers) {
        scripted.addAll(List.of(answers));
        return this;
    }

    /** Answers every request about a receipt holding this text with something that is not JSON. */
    public ReceiptModel invalidFor(String marker) {
        this.invalidFor = marker;
        return this;
    }

    @Override
    public ModelAnswer apply(ReceivedRequest request) {
        if (request.path().endsWith("/embeddings")) {
            return ModelAnswer.of("", request.body().path("input").asText().length() / 4 + 1, 0);
        }
        String receipt = firstUserText(request.body());
        String next = invalidFor != null && receipt.contains(invalidFor) ? "not json" : scripted.poll();
        String answer = next != null ? next : ExtractionPrompt.answer(rules.extract(Arrays.asList(receipt.split("\n"))));
        return ModelAnswer.of(answer, receipt.length() / 4 + 100, answer.length() / 4 + 1);
    }

    static String firstUserText(JsonNode body) {
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                return content.isTextual() ? content.asText() : content.path(0).path("text").asText();
            }
        }
        return "";
    }
}
