package dev.aiusage.bench;

import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.time.Duration;

/** A local OpenAI-compatible server for benchmarks: the same valid answer to every call, after a fixed latency. */
final class FixedModel {

    private static final String ANSWER =
            "{\"merchant\":\"BENCH SDN BHD\",\"date\":\"2024-01-01\",\"total\":\"1.00\",\"currency\":\"MYR\",\"address\":null}";

    private FixedModel() {}

    static ProviderServer start(Duration latency) {
        return ProviderServer.start().keepRequests(false).latency(latency).answers(request -> ModelAnswer.of(ANSWER, 600, 30));
    }
}
