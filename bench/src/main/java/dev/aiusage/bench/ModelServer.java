package dev.aiusage.bench;

import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.time.Duration;

/** The benchmarks' fixed-latency model server, in this JVM or in one of its own. */
interface ModelServer extends AutoCloseable {

    /** What the server has handled so far. */
    record Stats(int requests, int mostInFlight) {}

    String openAiBaseUrl();

    Stats stats();

    @Override
    void close();

    static ModelServer start(boolean ownProcess, Duration latency) throws IOException {
        return ownProcess ? ModelProcess.start(latency) : inThisJvm(FixedModel.start(latency));
    }

    private static ModelServer inThisJvm(ProviderServer server) {
        return new ModelServer() {
            @Override
            public String openAiBaseUrl() {
                return server.openAiBaseUrl();
            }

            @Override
            public Stats stats() {
                return new Stats(server.requestCount(), server.mostInFlight());
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
