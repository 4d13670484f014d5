package dev.aiusage.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.aiusage.pricing.ModelPrice;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.pricing.Rates;
import dev.aiusage.testing.TrackerFixture;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnthropicTrackingTest {

    private static final String MODEL = "claude-sonnet-4-5";

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    private final PriceCatalog prices = PriceCatalog.of(List.of(new ModelPrice(MODEL, "anthropic", "chat",
            new Rates(new BigDecimal("3.00"), new BigDecimal("0.30"), new BigDecimal("3.75"), new BigDecimal("6.00"),
                    new BigDecimal("15.00"), null, null, null),
            List.of())));
    private ProviderServer server;
    private AnthropicClient client;

    @BeforeEach
    void start() {
        server = ProviderServer.start();
        client = TrackedAnthropic.client(builder(), fixture.tracker(), prices);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private AnthropicOkHttpClient.Builder builder() {
        return AnthropicOkHttpClient.builder().baseUrl(server.anthropicBaseUrl()).apiKey("sk-ant-test-secret");
    }

    private static MessageCreateParams message(String prompt) {
        return MessageCreateParams.builder().model(MODEL).maxTokens(256).addUserMessage(prompt).build();
    }

    @Test
    void aMessageRecordsCacheReadsAndBothCacheWrites() {
        server.answers(request -> ModelAnswer.of("hello", 1_200, 100).withCacheRead(500).withCacheWrites(300, 0));

        Message answer = fixture.tracker().scope("ask").job("job-a").call(() -> client.messages().create(message("hi")));

        assertThat(answer.content().getFirst().text().orElseThrow().text()).isEqualTo("hello");
        assertThat(fixture.column("SELECT api || ' ' || input_tokens || ' ' || cache_read_tokens || ' ' || cache_write_5m_tokens"
                + " || ' ' || output_tokens || ' ' || cost_nanos || ' ' || job_id FROM usage_event"))
                .containsExactly("messages 1200 500 300 100 6375000 job-a");
    }

    @Test
    void oneHourCacheWritesArePricedApart() {
        server.answers(request -> ModelAnswer.of("hello", 0, 0).withCacheWrites(1_000, 1_000));

        client.messages().create(message("hi"));

        // 1,000 x $3.75 + 1,000 x $6.00 per million
        assertThat(fixture.column("SELECT cache_write_5m_tokens || ' ' || cache_write_1h_tokens || ' ' || cost_nanos FROM usage_event"))
                .containsExactly("1000 1000 9750000");
    }

    @Test
    void aStreamedMessageMergesStartAndDeltaUsage() {
        server.answers(request -> ModelAnswer.of("one two three", 25, 7).withCacheRead(5));

        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(message("count"))) {
            assertThat(stream.stream().count()).isGreaterThan(4);
        }

        assertThat(fixture.column("SELECT input_tokens || ' ' || cache_read_tokens || ' ' || output_tokens || ' ' || status FROM usage_event"))
                .containsExactly("25 5 7 ok");
    }

    @Test
    void aStreamCutAfterItsStartKeepsTheInputUsageAndFails() {
        server.answers(request -> ModelAnswer.of("one two three four", 25, 7)).fault(new Fault.CutMidStream(2));

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(message("count"))) {
                stream.stream().forEach(event -> { });
            }
        }).isInstanceOf(AnthropicException.class);

        assertThat(fixture.column("SELECT status || ' ' || error_type || ' ' || input_tokens || ' ' || cost_source FROM usage_event"))
                .containsExactly("error stream_cut 25 computed");
    }

    @Test
    void rateLimitedAttemptsAreRetriedByTheSdkAndRecordedEach() {
        server.fault(Fault.rateLimited("0"), Fault.status(529)).answers(request -> ModelAnswer.of("ok", 10, 2));

        client.messages().create(message("hi"));

        assertThat(fixture.column("SELECT attempt || ' ' || status || ' ' || COALESCE(http_status, '-') || ' ' || COALESCE(error_type, '-') FROM usage_event ORDER BY attempt"))
                .containsExactly("1 error 429 rate_limit_error", "2 error 529 overloaded_error", "3 ok 200 -");
        assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event")).isEqualTo(1);
    }

    @Test
    void asyncMessagesAreAttributedToTheCallersScope() {
        AnthropicClientAsync async = TrackedAnthropic.asyncClient(
                AnthropicOkHttpClientAsync.builder().baseUrl(server.anthropicBaseUrl()).apiKey("k"), fixture.tracker(), prices);
        server.fault(Fault.rateLimited("0"));

        fixture.tracker().scope("async").job("job-b").run(() -> async.messages().create(message("hi")).join());

        assertThat(fixture.column("SELECT job_id || ' ' || attempt || ' ' || status FROM usage_event ORDER BY attempt"))
                .containsExactly("job-b 1 error", "job-b 2 ok");
        async.close();
    }

    @Test
    void aServerThatOmitsUsageIsEstimatedNotZero() {
        server.omitUsage(true).answers(request -> ModelAnswer.of("some words of an answer", 0, 0));

        client.messages().create(message("a question of some length"));

        assertThat(fixture.column("SELECT cost_source FROM usage_event")).containsExactly("estimated");
        assertThat(fixture.count("SELECT input_tokens + output_tokens FROM usage_event")).isPositive();
    }
}
