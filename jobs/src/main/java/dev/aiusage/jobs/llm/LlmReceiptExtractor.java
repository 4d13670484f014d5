package dev.aiusage.jobs.llm;

import dev.aiusage.jobs.extract.ReceiptExtractor;
import dev.aiusage.jobs.receipt.Receipt;
import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.scope.Tracker;
import dev.aiusage.tokens.TokenCounter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Extracts a receipt's fields by asking a model, through a tracked SDK client. An answer that breaks
 * the rules (not JSON, a date that is not ISO, a total that is not a decimal) is sent back once with
 * what is wrong; both calls are recorded. With embeddings on, each receipt also gets one embeddings
 * call. Calls run in child scopes {@code extract} and {@code embed}, so reports split them.
 */
public final class LlmReceiptExtractor implements ReceiptExtractor, AutoCloseable {

    /** How long one call may keep being rate-limited (and made again) before its receipt fails. */
    static final Duration MAX_RATE_LIMITED_WAIT = Duration.ofMinutes(10);
    /** Pauses after a 429 (the provider's retry-after, else 1, 2, 4, ... seconds) are at most this. */
    private static final Duration MAX_PAUSE = Duration.ofSeconds(60);
    /** The answer is a small JSON object; the token limit reserves this much for it. */
    private static final long EXPECTED_ANSWER_TOKENS = 120;

    private final Tracker tracker;
    private final ChatBackend chat;
    private final Embedder embedder;
    private final VectorWriter vectors;
    private final Secrets secrets;
    private final Throttle throttle;
    private final TokenCounter counter;
    private final Duration maxRateLimitedWait;

    LlmReceiptExtractor(Tracker tracker, ChatBackend chat, Embedder embedder, VectorWriter vectors, Secrets secrets,
            Throttle throttle, String model, Duration maxRateLimitedWait) {
        this.tracker = tracker;
        this.chat = chat;
        this.embedder = embedder;
        this.vectors = vectors;
        this.secrets = secrets;
        this.throttle = throttle;
        this.counter = TokenCounter.forModel(model);
        this.maxRateLimitedWait = maxRateLimitedWait;
    }

    /** The extractor for these settings; vectors (with {@code embedModel} set) go to {@code jobFolder}. */
    public static LlmReceiptExtractor create(ProviderSettings settings, Tracker tracker, PriceCatalog prices, Path jobFolder) {
        Secrets secrets = new Secrets(settings.apiKey());
        Throttle throttle = Throttle.of(settings.maxRequestsPerMinute(), settings.maxTokensPerMinute(), settings.concurrency());
        if (settings.kind() == ProviderSettings.Kind.ANTHROPIC) {
            return new LlmReceiptExtractor(tracker, AnthropicChat.create(settings, tracker, prices), null, null, secrets,
                    throttle, settings.model(), MAX_RATE_LIMITED_WAIT);
        }
        OpenAiChat chat = OpenAiChat.create(settings, tracker, prices);
        if (settings.embedModel() == null) {
            return new LlmReceiptExtractor(tracker, chat, null, null, secrets, throttle, settings.model(), MAX_RATE_LIMITED_WAIT);
        }
        VectorWriter vectors = new VectorWriter(jobFolder);
        return new LlmReceiptExtractor(tracker, chat, new Embedder(chat.client(), settings.embedModel(), vectors), vectors,
                secrets, throttle, settings.model(), MAX_RATE_LIMITED_WAIT);
    }

    @Override
    public ReceiptFields extract(Receipt receipt) {
        ReceiptFields fields = tracker.scope("extract").call(() -> secrets.guard(() -> askChecked(receipt)));
        if (embedder != null) {
            long tokens = throttle.limitsTokens() ? counter.count(receipt.text()) : 0;
            tracker.scope("embed").run(() -> secrets.guard(() -> paced(tokens, () -> {
                embedder.embed(receipt);
                return null;
            })));
        }
        return fields;
    }

    private ReceiptFields askChecked(Receipt receipt) {
        List<Turn> conversation = new ArrayList<>(List.of(Turn.user(receipt.text())));
        String answer = ask(conversation);
        try {
            return AnswerCheck.fields(answer);
        } catch (AnswerCheck.InvalidAnswerException invalid) {
            conversation.add(Turn.assistant(answer == null ? "" : answer));
            conversation.add(Turn.user("That answer is not valid: " + invalid.getMessage()
                    + ". Answer again, with JSON that follows the schema."));
            try {
                return AnswerCheck.fields(ask(conversation));
            } catch (AnswerCheck.InvalidAnswerException again) {
                throw new AnswerCheck.InvalidAnswerException("the model's answer was invalid twice; the second time: "
                        + again.getMessage());
            }
        }
    }

    private String ask(List<Turn> conversation) {
        long tokens = !throttle.limitsTokens() ? 0
                : EXPECTED_ANSWER_TOKENS + conversation.stream().mapToLong(turn -> counter.count(turn.text())).sum();
        return paced(tokens, () -> chat.ask(conversation));
    }

    /**
     * Makes a call within the rate limits; when the provider still says 429 (past the SDK's own
     * retries), everyone pauses and the call is made again, so a rate limit slows the job down
     * rather than failing receipts.
     */
    private <T> T paced(long tokens, Supplier<T> call) {
        long giveUpAt = System.nanoTime() + maxRateLimitedWait.toNanos();
        for (int limited = 0; ; limited++) {
            Throttle.Permit permit;
            try {
                permit = throttle.acquire(tokens);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for the rate limit");
            }
            boolean rateLimited = false;
            try {
                return call.get();
            } catch (RateLimitedException e) {
                rateLimited = true;
                if (System.nanoTime() - giveUpAt >= 0) {
                    throw e;
                }
                Duration pause = e.retryAfter() != null ? e.retryAfter() : Duration.ofSeconds(1L << Math.min(limited, 6));
                throttle.pause(pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause);
            } finally {
                permit.release(rateLimited);
            }
        }
    }

    @Override
    public boolean writesMoreThanResults() {
        return embedder != null;
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
