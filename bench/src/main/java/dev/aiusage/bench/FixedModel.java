package dev.aiusage.bench;

import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A local OpenAI-compatible server for benchmarks: the same valid answer to every call, after a fixed latency.
 * Run as a program ({@link ModelProcess} does), it serves until its standard input ends and answers
 * {@code stats} with the requests it has handled.
 */
final class FixedModel {

    private static final String ANSWER =
            "{\"merchant\":\"BENCH SDN BHD\",\"date\":\"2024-01-01\",\"total\":\"1.00\",\"currency\":\"MYR\",\"address\":null}";

    private FixedModel() {}

    static ProviderServer start(Duration latency) {
        return ProviderServer.start().keepRequests(false).latency(latency).answers(request -> ModelAnswer.of(ANSWER, 600, 30));
    }

    /** Usage: {@code FixedModel latency-ms}; prints the base URL, then one line per {@code stats} asked. */
    public static void main(String[] args) throws IOException {
        try (ProviderServer server = start(Duration.ofMillis(Long.parseLong(args[0])));
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println(server.openAiBaseUrl());
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("stats")) {
                    System.out.println(server.requestCount() + " " + server.mostInFlight());
                }
            }
        }
    }
}
