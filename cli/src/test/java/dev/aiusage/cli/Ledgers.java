package dev.aiusage.cli;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.Money;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes usage events straight into a real ledger file, for tests that need exact figures. */
final class Ledgers {

    private Ledgers() {}

    /** An attempt of {@code job}'s {@code operation} on {@code model}; a null cost means unpriced. */
    static UsageEvent event(String job, String operation, String model, String usd, String at) {
        Instant start = Instant.parse(at);
        return UsageEvent.builder("openai", ApiKind.CHAT)
                .requestModel(model)
                .tokens(TokenBuckets.of(1_000, 100))
                .cost(usd == null ? Cost.unpriced(CostSource.COMPUTED)
                        : new Cost(Money.ofUsd(usd), CostSource.COMPUTED, model))
                .startedAt(start)
                .endedAt(start.plusMillis(250))
                .attribution(new Attribution("s-" + job, operation, job, job + "/1", Map.of("team", "search")))
                .build();
    }

    static UsageEvent failed(UsageEvent event) {
        return UsageEvent.builder(event.provider(), event.api()).requestModel(event.requestModel())
                .status(CallStatus.ERROR).tokens(event.tokens()).cost(event.cost()).startedAt(event.startedAt()).endedAt(event.endedAt())
                .attribution(event.attribution()).build();
    }

    static String write(Path file, UsageEvent... events) throws Exception {
        try (Ledger ledger = Ledger.open(file)) {
            ledger.append(List.of(events));
        }
        return file.toString();
    }
}
