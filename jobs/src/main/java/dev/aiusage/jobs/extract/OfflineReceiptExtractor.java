package dev.aiusage.jobs.extract;

import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.jobs.receipt.Receipt;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.scope.Tracker;
import dev.aiusage.tokens.TokenCounter;
import java.time.Instant;

/**
 * Extracts fields with local rules, no network and no key, and records what the LLM path would have
 * used: the exact tokens of the request it would send (prompt, receipt, schema) and of the answer,
 * priced for the chosen model and marked {@code estimated}.
 */
public final class OfflineReceiptExtractor implements ReceiptExtractor {

    public static final String PROVIDER = "offline";

    private final OfflineExtractor rules = new OfflineExtractor();
    private final Tracker tracker;
    private final PriceCatalog catalog;
    private final String model;
    private final TokenCounter counter;
    private final int schemaTokens;

    public OfflineReceiptExtractor(Tracker tracker, PriceCatalog catalog, String model) {
        this.tracker = tracker;
        this.catalog = catalog;
        this.model = model;
        // A deployment name or alias counts with the tokenizer of the model it stands for.
        this.counter = TokenCounter.forModel(catalog.resolve(model).orElse(model));
        this.schemaTokens = counter.count(ExtractionPrompt.SCHEMA);
    }

    /** Records in a child scope {@code extract}, as the model path does, so reports compare the two. */
    @Override
    public ReceiptFields extract(Receipt receipt) {
        return tracker.scope("extract").call(() -> extractRecorded(receipt));
    }

    private ReceiptFields extractRecorded(Receipt receipt) {
        Instant start = tracker.clock().instant();
        ReceiptFields fields = rules.extract(receipt.lines());
        TokenBuckets tokens = TokenBuckets.of(
                counter.countChat(ExtractionPrompt.messages(receipt)) + schemaTokens,
                counter.count(ExtractionPrompt.answer(fields)));
        Cost cost = catalog.cost(null, model, tokens, CostSource.ESTIMATED);
        tracker.record(UsageEvent.builder(PROVIDER, ApiKind.CHAT)
                .requestModel(model)
                .tokens(tokens)
                .cost(cost)
                .startedAt(start)
                .endedAt(tracker.clock().instant())
                .build());
        return fields;
    }

    @Override
    public String describe() {
        return "offline rules, usage estimated as " + model + " (" + counter.encodingName()
                + (counter.exact() ? "" : ", approximate tokenizer") + ")";
    }
}
