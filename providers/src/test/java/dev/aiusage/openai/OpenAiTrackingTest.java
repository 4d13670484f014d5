package dev.aiusage.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.aiusage.pricing.ModelPrice;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.pricing.Rates;
import dev.aiusage.scope.Scope;
import dev.aiusage.testing.TrackerFixture;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiTrackingTest {

    private static final String API_KEY = "sk-test-secret-key-0123456789";

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    private final PriceCatalog prices = PriceCatalog.of(List.of(
            new ModelPrice("gpt-4o-mini", "openai", "chat", Rates.of("0.15", "0.60"), List.of()),
            new ModelPrice("text-embedding-3-small", "openai", "embedding", Rates.of("0.02", "0"), List.of())));
    private ProviderServer server;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        server = ProviderServer.start();
        client = TrackedOpenAi.client(builder(), fixture.tracker(), prices);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private OpenAIOkHttpClient.Builder builder() {
        return OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey(API_KEY);
    }

    private static ChatCompletionCreateParams chat(String prompt) {
        return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).addUserMessage(prompt).build();
    }

    @Test
    void retriesAreAttemptsOfOneCallAndARepeatedCallIsANewOne() {
        AtomicInteger answered = new AtomicInteger();
        server.fault(Fault.rateLimited("0"));
        server.answers(request -> answered.incrementAndGet() == 1
                ? ModelAnswer.of("not what I wanted", 1_000, 200)
                : ModelAnswer.of("{\"total\": \"9.90\"}", 1_100, 180));

        fixture.tracker().scope("extract").job("job-1").run(() -> {
            ChatCompletion first = client.chat().completions().create(chat("extract"));
            assertThat(first.choices().getFirst().message().content()).contains("not what I wanted");
            client.chat().completions().create(chat("extract, as JSON this time"));
        });

        assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event")).isEqualTo(2);
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(3);
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event WHERE status = 'ok'")).isEqualTo(2);
        assertThat(fixture.column("SELECT attempt || ' ' || status || ' ' || http_status || ' ' || error_type"
                + " FROM usage_event WHERE status = 'error'")).containsExactly("1 error 429 rate_limit_exceeded");
        assertThat(fixture.column("SELECT MAX(attempt) FROM usage_event GROUP BY call_id ORDER BY 1"))
                .containsExactly("1", "2");
        assertThat(fixture.count("SELECT SUM(input_tokens) FROM usage_event")).isEqualTo(2_100);
        assertThat(fixture.count("SELECT SUM(output_tokens) FROM usage_event")).isEqualTo(380);
        assertThat(fixture.count("SELECT SUM(cost_nanos) FROM usage_event")).isEqualTo(543_000);
        assertThat(fixture.column("SELECT DISTINCT job_id FROM usage_event")).containsExactly("job-1");
    }

    @Test
    void streamedChatRecordsTheUsageChunkAndHidesItFromACallerWhoDidNotAskForIt() {
        server.answers(request -> ModelAnswer.of("one two three", 19, 10));
        List<ChatCompletionChunk> seen = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("count"))) {
            stream.stream().forEach(chunk -> {
                chunk.choices().getFirst();
                seen.add(chunk);
            });
        }

        assertThat(seen).allSatisfy(chunk -> assertThat(chunk.choices()).isNotEmpty());
        assertThat(String.join("", seen.stream().flatMap(chunk -> chunk.choices().getFirst().delta().content().stream()).toList()))
                .isEqualTo("one two three");
        assertThat(server.requests().getFirst().body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(fixture.column("SELECT input_tokens || '/' || output_tokens || ' ' || status || ' ' || cost_source"
                + " FROM usage_event")).containsExactly("19/10 ok computed");
    }

    @Test
    void aCallerWhoAsksForStreamedUsageStillGetsTheUsageChunk() {
        server.answers(request -> ModelAnswer.of("hi", 19, 10));
        ChatCompletionCreateParams params = chat("hi").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        List<ChatCompletionChunk> seen = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(seen::add);
        }

        assertThat(seen.getLast().choices()).isEmpty();
        assertThat(seen.getLast().usage().orElseThrow().promptTokens()).isEqualTo(19);
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(1);
    }

    @Test
    void aStreamWithNoUsageChunkIsEstimatedFromTheTextNeverZero() {
        server.ignoreIncludeUsage(true).answers(request -> ModelAnswer.of("seven eight nine ten", 19, 10));

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("count on"))) {
            assertThat(stream.stream().count()).isPositive();
        }

        assertThat(fixture.column("SELECT status || ' ' || cost_source || ' ' || (raw_usage IS NULL) FROM usage_event"))
                .containsExactly("ok estimated 1");
        assertThat(fixture.count("SELECT input_tokens FROM usage_event")).isPositive();
        assertThat(fixture.count("SELECT output_tokens FROM usage_event")).isPositive();
    }

    @Test
    void callsMadeFromTasksOfAPropagatingExecutorCarryTheJobId() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            ExecutorService propagating = Scope.propagating(pool);
            fixture.tracker().scope("fan-out").job("job-3").call(() -> {
                List<Future<ChatCompletion>> calls = new ArrayList<>();
                for (int task = 0; task < 3; task++) {
                    calls.add(propagating.submit(() -> client.chat().completions().create(chat("task"))));
                }
                for (Future<ChatCompletion> call : calls) {
                    call.get();
                }
                return null;
            });
        }

        assertThat(fixture.column("SELECT job_id FROM usage_event")).containsExactly("job-3", "job-3", "job-3");
    }

    @Test
    void asyncCallsAreAttributedToTheScopeThatMadeThemThoughTheSdkSendsThemFromItsOwnThreads() {
        OpenAIClientAsync async = TrackedOpenAi.asyncClient(
                OpenAIOkHttpClientAsync.builder().baseUrl(server.openAiBaseUrl()).apiKey(API_KEY), fixture.tracker(), prices);
        server.fault(Fault.rateLimited("0"));

        fixture.tracker().scope("async").job("job-async").run(() ->
                async.chat().completions().create(chat("a")).join());
        fixture.tracker().scope("async-via-sync-client").job("job-async-2").run(() ->
                client.async().chat().completions().create(chat("b")).join());

        assertThat(fixture.column("SELECT job_id || ' ' || attempt || ' ' || status FROM usage_event ORDER BY rowid"))
                .containsExactly("job-async 1 error", "job-async 2 ok", "job-async-2 1 ok");
        async.close();
    }

    @Test
    void anAsyncStreamIsOneEventInTheCallersScope() {
        server.answers(request -> ModelAnswer.of("a b c", 19, 10));
        List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();

        fixture.tracker().scope("async-stream").job("job-as").run(() -> client.async().chat().completions()
                .createStreaming(chat("go"))
                .subscribe(chunk -> chunk.choices().getFirst().delta().content().ifPresent(pieces::add))
                .onCompleteFuture()
                .join());

        assertThat(String.join("", pieces)).isEqualTo("a b c");
        assertThat(fixture.column("SELECT job_id || ' ' || input_tokens || '/' || output_tokens || ' ' || status FROM usage_event"))
                .containsExactly("job-as 19/10 ok");
    }

    @Test
    void anEmbeddingsCallIsOneEmbeddingsEvent() {
        server.answers(request -> ModelAnswer.of("", 15, 0));

        client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("a receipt from the corner shop").build());

        assertThat(fixture.column("SELECT api || ' ' || input_tokens || ' ' || output_tokens || ' ' || cost_nanos FROM usage_event"))
                .containsExactly("embeddings 15 0 300");
    }

    @Test
    void responsesApiCallsAreRecordedPlainAndStreamed() {
        server.answers(request -> ModelAnswer.of("done and dusted", 40, 12).withCacheRead(8));
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4o-mini").input("hello").build();

        assertThat(client.responses().create(params).output()).isNotEmpty();
        try (var stream = client.responses().createStreaming(params)) {
            assertThat(stream.stream().count()).isGreaterThan(2);
        }

        assertThat(fixture.column("SELECT api || ' ' || input_tokens || ' ' || cache_read_tokens || ' ' || output_tokens || ' ' || status FROM usage_event"))
                .containsExactly("responses 40 8 12 ok", "responses 40 8 12 ok");
    }

    @Test
    void aStreamedResponseThatEndsIncompleteKeepsItsUsageAndSaysSo() {
        server.answers(request -> ModelAnswer.of("cut short", 40, 12)).fault(new Fault.ResponseEndsAs("incomplete"));

        try (var stream = client.responses().createStreaming(ResponseCreateParams.builder().model("gpt-4o-mini").input("go").build())) {
            assertThat(stream.stream().count()).isGreaterThan(2);
        }

        assertThat(fixture.column("SELECT status || ' ' || error_type || ' ' || input_tokens || '/' || output_tokens"
                + " || ' ' || cost_source FROM usage_event")).containsExactly("incomplete incomplete 40/12 computed");
    }

    @Test
    void aStreamedResponseThatFailsIsOneFailedEventWithTheProvidersErrorCode() {
        server.answers(request -> ModelAnswer.of("never finished", 40, 12)).fault(new Fault.ResponseEndsAs("failed"));

        try (var stream = client.responses().createStreaming(ResponseCreateParams.builder().model("gpt-4o-mini").input("go").build())) {
            assertThat(stream.stream().count()).isGreaterThan(2);
        }

        assertThat(fixture.column("SELECT status || ' ' || error_type || ' ' || cost_source FROM usage_event"))
                .containsExactly("error server_error estimated");
    }

    @Test
    void aServerErrorIsAFailedAttemptAndTheRetryIsBilled() {
        server.fault(Fault.status(500)).answers(request -> ModelAnswer.of("fine", 30, 3));

        client.chat().completions().create(chat("hi"));

        assertThat(fixture.column("SELECT attempt || ' ' || status || ' ' || http_status || ' ' || COALESCE(error_type, '-')"
                + " || ' ' || input_tokens || ' ' || request_id FROM usage_event ORDER BY attempt"))
                .satisfiesExactly(
                        first -> assertThat(first).matches("1 error 500 server_error 0 req_\\d+"),
                        second -> assertThat(second).matches("2 ok 200 - 30 req_\\d+"));
    }

    @Test
    void aMalformedAnswerIsAFailedAttemptAndTheCallerGetsTheSdksOwnException() {
        server.fault(new Fault.MalformedJson());

        assertThatThrownBy(() -> client.chat().completions().create(chat("hi"))).isInstanceOf(OpenAIException.class);

        assertThat(fixture.column("SELECT status || ' ' || error_type || ' ' || cost_source FROM usage_event"))
                .containsExactly("error malformed_response estimated");
    }

    @Test
    void aConnectionCutMidStreamIsOneFailedEventWithWhatWasSeen() {
        server.answers(request -> ModelAnswer.of("a b c d e f", 19, 10)).fault(new Fault.CutMidStream(3));

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("go"))) {
                stream.stream().forEach(chunk -> { });
            }
        }).isInstanceOf(OpenAIException.class);

        assertThat(fixture.column("SELECT status || ' ' || error_type || ' ' || cost_source FROM usage_event"))
                .containsExactly("error stream_cut estimated");
        assertThat(fixture.count("SELECT output_tokens FROM usage_event")).isPositive();
    }

    @Test
    void aStreamTheCallerAbandonsIsOneIncompleteEvent() {
        server.answers(request -> ModelAnswer.of("a b c d e f g h", 19, 10));

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("go"))) {
            assertThat(stream.stream().findFirst()).isPresent();
        }

        assertThat(fixture.column("SELECT status || ' ' || error_type FROM usage_event"))
                .containsExactly("incomplete stream_abandoned");
    }

    @Test
    void aStreamThatEndsBeforeItsLastEventIsIncomplete() {
        server.answers(request -> ModelAnswer.of("a b c", 19, 10)).fault(new Fault.EndStreamEarly(2));

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("go"))) {
            stream.stream().forEach(chunk -> { });
        }

        assertThat(fixture.column("SELECT status || ' ' || error_type FROM usage_event"))
                .containsExactly("incomplete stream_ended_early");
    }

    @Test
    void aServerThatOmitsUsageDoesNotBreakTheCallerAndIsEstimated() {
        server.omitUsage(true).answers(request -> ModelAnswer.of("no usage here", 19, 10));

        ChatCompletion completion = client.chat().completions().create(chat("hi"));

        assertThat(completion.choices().getFirst().message().content()).contains("no usage here");
        assertThat(completion.usage()).isEmpty();
        assertThat(fixture.column("SELECT status || ' ' || cost_source FROM usage_event")).containsExactly("ok estimated");
    }

    @Test
    void aTimeoutIsAFailedAttemptWithItsLatency() {
        OpenAIClient impatient = TrackedOpenAi.client(builder().timeout(Duration.ofMillis(200)).maxRetries(0),
                fixture.tracker(), prices);
        server.fault(new Fault.Stall(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> impatient.chat().completions().create(chat("hi"))).isInstanceOf(OpenAIException.class);

        assertThat(fixture.column("SELECT status || ' ' || error_type || ' ' || COALESCE(http_status, '-') FROM usage_event"))
                .containsExactly("error timeout -");
        assertThat(fixture.count("SELECT latency_ms FROM usage_event")).isGreaterThanOrEqualTo(150);
        impatient.close();
    }

    @Test
    void rateLimitsPastTheRetriesReachTheCallerAsTheSdksException() {
        OpenAIClient noRetries = TrackedOpenAi.client(builder().maxRetries(0), fixture.tracker(), prices);
        server.fault(Fault.rateLimited("1"));

        assertThatThrownBy(() -> noRetries.chat().completions().create(chat("hi"))).isInstanceOf(RateLimitException.class);

        assertThat(fixture.column("SELECT status || ' ' || http_status FROM usage_event")).containsExactly("error 429");
        noRetries.close();
    }

    @Test
    void theCallTagNeverLeavesTheProcessAndTheApiKeyIsNeverStored() throws Exception {
        fixture.tracker().scope("secret").job("job-k").run(() -> client.chat().completions().create(chat("hi")));
        fixture.recorder().flush();

        assertThat(server.requests()).allSatisfy(request -> assertThat(request.header("X-Aiusage-Call")).isNull());
        assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(new String(Files.readAllBytes(fixture.file()), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(API_KEY);
    }

    @Test
    void finishedCallsLeaveNothingOpen() {
        dev.aiusage.provider.Tracking tracking = dev.aiusage.provider.Tracking.openAi(fixture.tracker(), prices);
        OpenAIClient tracked = tracking.wrap(OpenAIClient.class,
                builder().addInterceptor(tracking.okHttpInterceptor()).build());
        server.fault(Fault.status(400));

        assertThatThrownBy(() -> tracked.chat().completions().create(chat("bad"))).isInstanceOf(OpenAIException.class);
        tracked.chat().completions().create(chat("good"));
        tracked.async().chat().completions().create(chat("async")).join();

        assertThat(tracking.openCalls()).isZero();
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(3);
    }

    @Test
    void callsOutsideAnyScopeLandInTheUnscopedBucket() {
        client.chat().completions().create(chat("hi"));

        assertThat(fixture.column("SELECT operation || ' ' || COALESCE(job_id, '-') FROM usage_event"))
                .containsExactly("(unscoped) -");
    }
}
