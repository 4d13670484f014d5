package dev.aiusage.issues;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiusage.anthropic.TrackedAnthropic;
import dev.aiusage.openai.TrackedOpenAi;
import dev.aiusage.pricing.ModelPrice;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.pricing.Rates;
import dev.aiusage.provider.Tracking;
import dev.aiusage.scope.Scope;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import dev.aiusage.testing.TrackerFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile wire input against the tracked SDK clients: what a provider, proxy or compatible server may send. */
class ProviderAbuseTest {

    private static final String API_KEY = "sk-abuse-secret-0123456789abcdef";
    private static final String TEXT = "Grüße, € 5 😀 ok";

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    private final PriceCatalog prices = PriceCatalog.of(List.of(
            new ModelPrice("gpt-4o-mini", "openai", "chat", Rates.of("0.15", "0.60"), List.of()),
            new ModelPrice("claude-sonnet-4-5", "anthropic", "chat", Rates.of("3.00", "15.00"), List.of())));
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
    }

    private RawHttpServer server(RawHttpServer.Handler handler) {
        RawHttpServer server = RawHttpServer.start(handler);
        closing.add(server);
        return server;
    }

    private OpenAIOkHttpClient.Builder builder(RawHttpServer server) {
        return OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey(API_KEY).maxRetries(0);
    }

    private OpenAIClient tracked(RawHttpServer server) {
        OpenAIClient client = TrackedOpenAi.client(builder(server), fixture.tracker(), prices);
        closing.add(client::close);
        return client;
    }

    private OpenAIClient plain(RawHttpServer server) {
        OpenAIClient client = builder(server).build();
        closing.add(client::close);
        return client;
    }

    private static ChatCompletionCreateParams chat() {
        return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).addUserMessage("say hello").build();
    }

    private static String chunk(String content, String finish) {
        String delta = content == null ? "{}" : "{\"content\":" + quote(content) + "}";
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : quote(finish)) + "}]}";
    }

    private static String usageChunk() {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29}}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A chat stream with comments, a retry line, a nameless and a data-less event, in the given line ending. */
    private static byte[] hostileChatStream(String eol) {
        String stream = ": keep-alive" + eol + eol
                + "retry: 3000" + eol + eol
                + "event: ping" + eol + eol
                + "data: " + chunk("", null) + eol + eol
                + "id: 7" + eol + "data: " + chunk(TEXT.substring(0, 7), null) + eol + eol
                + ": between" + eol
                + "data: " + chunk(TEXT.substring(7), null) + eol + eol
                + "data: " + chunk(null, "stop") + eol + eol
                + "data: " + usageChunk() + eol + eol
                + "data: [DONE]" + eol + eol;
        return stream.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] completion(String content, String usage) {
        return ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + quote(content) + "},\"finish_reason\":\"stop\","
                + "\"logprobs\":null}],\"usage\":" + usage + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** What a call gave the caller: its result, or its exception's type and message. */
    private static String outcome(Callable<?> call) {
        try {
            return "ok " + call.call();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private OpenAIOkHttpClient.Builder retrying(RawHttpServer server) {
        return builder(server).maxRetries(2);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
            out.write(bytes);
        }
        return zipped.toByteArray();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean awaitBriefly(CountDownLatch latch) {
        try {
            return latch.await(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitEvents(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (fixture.count("SELECT COUNT(*) FROM usage_event") < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private String ledgerText() throws IOException {
        fixture.recorder().flush();
        StringBuilder text = new StringBuilder();
        for (String suffix : List.of("", "-wal")) {
            Path file = Path.of(fixture.file() + suffix);
            if (Files.exists(file)) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    private static String readAll(StreamResponse<ChatCompletionChunk> stream) {
        StringBuilder text = new StringBuilder();
        stream.stream().forEach(chunk -> text.append(chunk.choices().getFirst().delta().content().orElse("")));
        return text.toString();
    }

    private List<String> events() {
        return fixture.column("SELECT status || ' ' || COALESCE(error_type, '-') || ' ' || cost_source || ' '"
                + " || input_tokens || '/' || output_tokens FROM usage_event ORDER BY rowid");
    }

    @ParameterizedTest(name = "line end {0}, pieces of {1} bytes")
    @CsvSource({"LF, 1", "CRLF, 1", "CRLF, 3", "LF, 5"})
    void aStreamSplitAtAnyByteWithCommentsRetryLinesAndMultiByteTextIsOneExactEvent(String eol, int piece) throws IOException {
        byte[] stream = hostileChatStream(eol.equals("LF") ? "\n" : "\r\n");
        RawHttpServer server = server((request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            RawHttpServer.trickle(out, stream, piece);
        });

        String text;
        try (StreamResponse<ChatCompletionChunk> response = tracked(server).chat().completions().createStreaming(chat())) {
            text = readAll(response);
        }

        assertThat(text).isEqualTo(TEXT);
        assertThat(events()).containsExactly("ok - computed 19/10");
    }

    @Test
    void aStreamWithBareCarriageReturnLineEndsIsReadLikeTheSdkReadsIt() throws IOException {
        byte[] stream = hostileChatStream("\r");
        RawHttpServer server = server((request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            RawHttpServer.trickle(out, stream, 64);
        });

        String text;
        try (StreamResponse<ChatCompletionChunk> response = tracked(server).chat().completions().createStreaming(chat())) {
            text = readAll(response);
        }

        assertThat(text).isEqualTo(TEXT);
        assertThat(events()).containsExactly("ok - computed 19/10");
    }

    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"text/event-stream; charset=utf-8", "Text/Event-Stream", "none"})
    void aStreamIsFollowedWhateverTheCaseOrAbsenceOfItsContentType(String contentType) throws IOException {
        byte[] stream = hostileChatStream("\n");
        RawHttpServer server = server((request, socket, out) -> {
            out.write(RawHttpServer.head(200, contentType.equals("none") ? null : contentType, null));
            RawHttpServer.trickle(out, stream, 1024);
        });

        String text;
        try (StreamResponse<ChatCompletionChunk> response = tracked(server).chat().completions().createStreaming(chat())) {
            text = readAll(response);
        }

        assertThat(text).isEqualTo(TEXT);
        assertThat(events()).containsExactly("ok - computed 19/10");
    }

    @Test
    void aTenMegabyteEventPassesWholeAndTheUsageAfterItIsRead() throws IOException {
        String huge = "y".repeat(10 * 1024 * 1024);
        byte[] stream = ("data: " + chunk(huge, null) + "\n\n" + "data: " + chunk(null, "stop") + "\n\n"
                + "data: " + usageChunk() + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        RawHttpServer server = server((request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            RawHttpServer.trickle(out, stream, 65_536);
        });

        String text;
        try (StreamResponse<ChatCompletionChunk> response = tracked(server).chat().completions().createStreaming(chat())) {
            text = readAll(response);
        }

        assertThat(text).isEqualTo(huge);
        assertThat(events()).containsExactly("ok - computed 19/10");
    }

    @Test
    void anErrorEventMidStreamReachesTheCallerAsTheSdksOwnExceptionAndIsOneFailedEvent() {
        byte[] stream = ("data: " + chunk("Hel", null) + "\n\n"
                + "data: {\"error\":{\"message\":\"overloaded, try later\",\"type\":\"server_error\",\"code\":null}}\n\n")
                .getBytes(StandardCharsets.UTF_8);
        RawHttpServer.Handler handler = (request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            out.write(stream);
        };
        Function<OpenAIClient, String> call = client -> {
            try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(chat())) {
                return readAll(response);
            }
        };

        String untracked = outcome(() -> call.apply(plain(server(handler))));
        String tracked = outcome(() -> call.apply(tracked(server(handler))));

        assertThat(tracked).isEqualTo(untracked).startsWith("com.openai.errors.SseException");
        assertThat(events()).singleElement().asString().startsWith("error server_error estimated");
    }

    @ParameterizedTest(name = "usage {0}")
    @ValueSource(strings = {
        "{\"prompt_tokens\":-5,\"completion_tokens\":-1,\"total_tokens\":-6}",
        "{\"prompt_tokens\":\"12abc\",\"completion_tokens\":\"many\"}",
        "{\"prompt_tokens\":12.5,\"completion_tokens\":3.7}",
        "{\"prompt_tokens\":1e300,\"completion_tokens\":99999999999999999999}",
        "{\"prompt_tokens\":{\"value\":12},\"completion_tokens\":[3]}",
        "{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}",
        "{}",
        "\"lots\"",
        "null",
        "[19, 10]",
    })
    void unreadableUsageIsEstimatedNeverASilentZeroAndNeverBreaksTheCaller(String usage) {
        RawHttpServer server = server((request, socket, out) -> RawHttpServer.send(out, 200, "application/json",
                completion("hello there, friend", usage)));

        ChatCompletion completion = tracked(server).chat().completions().create(chat());

        assertThat(completion.choices().getFirst().message().content()).contains("hello there, friend");
        assertThat(events()).singleElement().asString().startsWith("ok - estimated");
        assertThat(fixture.count("SELECT input_tokens FROM usage_event")).isBetween(1L, 100L);
        assertThat(fixture.count("SELECT output_tokens FROM usage_event")).isBetween(1L, 100L);
    }

    @ParameterizedTest(name = "usage {0}")
    @ValueSource(strings = {
        "{\"prompt_tokens\":20,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":500},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":900,\"audio_tokens\":7}}",
        "{\"prompt_tokens\":\"20\",\"completion_tokens\":5,\"prompt_tokens_details\":null}",
        "{\"prompt_tokens\":20,\"completion_tokens\":5,\"prompt_tokens_details\":\"cached\",\"completion_tokens_details\":[1]}",
        "{\"prompt_tokens\":20,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":-3,\"audio_tokens\":2e20}}",
    })
    void oddButReadableUsageKeepsEachTokenOnceAndNeverNegative(String usage) {
        RawHttpServer server = server((request, socket, out) -> RawHttpServer.send(out, 200, "application/json",
                completion("hello", usage)));

        tracked(server).chat().completions().create(chat());

        assertThat(fixture.column("SELECT (input_tokens + cache_read_tokens + audio_input_tokens) || '/'"
                + " || (output_tokens + reasoning_tokens + audio_output_tokens) || ' ' || cost_source FROM usage_event"))
                .containsExactly("20/5 computed");
        assertThat(fixture.count("SELECT MIN(MIN(input_tokens, cache_read_tokens, output_tokens, reasoning_tokens,"
                + " audio_input_tokens, audio_output_tokens)) FROM usage_event")).isNotNegative();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty 200", "html 200", "html 502", "json array 200", "text 429", "gzip 200", "truncated 200",
        "json as text/plain 200", "no body 204"})
    void anAnswerThatIsNotWhatTheSdkExpectsGivesTheCallerTheSdksOwnOutcomeAndOneEventPerAttempt(String kind) {
        RawHttpServer.Handler handler = (request, socket, out) -> {
            byte[] json = completion("hello", "{\"prompt_tokens\":20,\"completion_tokens\":5}");
            switch (kind) {
                case "empty 200" -> RawHttpServer.send(out, 200, "application/json", new byte[0]);
                case "html 200" -> RawHttpServer.send(out, 200, "text/html", "<html><body>Welcome</body></html>".getBytes(StandardCharsets.UTF_8));
                case "html 502" -> RawHttpServer.send(out, 502, "text/html", "<html><h1>502 Bad Gateway</h1></html>".getBytes(StandardCharsets.UTF_8),
                        "retry-after-ms: 1");
                case "json array 200" -> RawHttpServer.send(out, 200, "application/json", "[]".getBytes(StandardCharsets.UTF_8));
                case "text 429" -> RawHttpServer.send(out, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8), "retry-after-ms: 1");
                case "gzip 200" -> RawHttpServer.send(out, 200, "application/json", gzip(json), "Content-Encoding: gzip");
                case "truncated 200" -> {
                    out.write(RawHttpServer.head(200, "application/json", (long) json.length));
                    out.write(json, 0, json.length / 2);
                    out.flush();
                    socket.setSoLinger(true, 0);
                }
                case "json as text/plain 200" -> RawHttpServer.send(out, 200, "text/plain", json);
                case "no body 204" -> out.write(RawHttpServer.head(204, null, null));
                default -> throw new IllegalArgumentException(kind);
            }
        };
        RawHttpServer plainServer = server(handler);
        RawHttpServer trackedServer = server(handler);
        Function<OpenAIClient, String> call = client -> client.chat().completions().create(chat())
                .choices().getFirst().message().content().orElse("");

        String untracked = outcome(() -> call.apply(retrying(plainServer).build()));
        String tracked = outcome(() -> call.apply(TrackedOpenAi.client(retrying(trackedServer), fixture.tracker(), prices)));

        assertThat(tracked).isEqualTo(untracked);
        assertThat(trackedServer.requests()).hasSameSizeAs(plainServer.requests());
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(trackedServer.requests().size());
        assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event")).isEqualTo(1);
    }

    @Test
    void aServerThatEchoesTheKeyInEveryFieldItControlsNeverGetsItIntoTheLedger() throws IOException {
        RawHttpServer server = server((request, socket, out) -> {
            String key = request.header("Authorization").substring("Bearer ".length());
            String echo = "\"" + key + "\"";
            String requestId = "x-request-id: " + key;
            switch (request.number()) {
                case 1 -> RawHttpServer.send(out, 400, "application/json", ("{\"error\":{\"type\":" + echo + ",\"code\":" + echo
                        + ",\"message\":\"bad key " + key + "\"}}").getBytes(StandardCharsets.UTF_8), requestId);
                case 2 -> RawHttpServer.send(out, 200, "application/json", new String(completion("hi", "{\"prompt_tokens\":20,"
                        + "\"completion_tokens\":5,\"note\":" + echo + "}"), StandardCharsets.UTF_8).replaceFirst("gpt-4o-mini", key)
                        .getBytes(StandardCharsets.UTF_8), requestId);
                default -> {
                    out.write(RawHttpServer.head(200, "text/event-stream", null, requestId));
                    out.write(("data: {\"error\":{\"type\":" + echo + ",\"code\":" + echo + "}}\n\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        OpenAIClient client = tracked(server);

        outcome(() -> client.chat().completions().create(chat()));
        outcome(() -> client.chat().completions().create(chat()));
        outcome(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat())) {
                return readAll(stream);
            }
        });

        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(3);
        assertThat(fixture.column("SELECT event_id FROM usage_event WHERE instr(COALESCE(error_type, '') || COALESCE(request_id, '')"
                + " || COALESCE(response_model, '') || COALESCE(raw_usage, '') || COALESCE(price_key, ''), '" + API_KEY + "') > 0"))
                .isEmpty();
        assertThat(ledgerText()).doesNotContain(API_KEY);
    }

    @Test
    void aRetryAfterTheCallerCancelledTheFutureStaysInTheCallAndTheCallersScope() throws Exception {
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        RawHttpServer server = server((request, socket, out) -> {
            if (request.number() == 1) {
                firstArrived.countDown();
                cancelled.await();
                RawHttpServer.send(out, 503, "application/json", "{\"error\":{\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8),
                        "retry-after-ms: 1");
            } else {
                RawHttpServer.send(out, 200, "application/json", completion("late", "{\"prompt_tokens\":20,\"completion_tokens\":5}"));
            }
        });
        Tracking tracking = Tracking.openAi(fixture.tracker(), prices);
        OpenAIClientAsync async = tracking.wrap(OpenAIClientAsync.class, OpenAIOkHttpClientAsync.builder()
                .baseUrl(server.openAiBaseUrl()).apiKey(API_KEY).maxRetries(2).addInterceptor(tracking.okHttpInterceptor()).build());
        closing.add(async::close);

        CompletableFuture<ChatCompletion> future = fixture.tracker().scope("async").job("job-cancel").call(() ->
                async.chat().completions().create(chat()));
        firstArrived.await();
        future.cancel(true);
        System.gc(); // the call's token must outlive the caller's future for as long as the SDK retries
        cancelled.countDown();
        awaitEvents(2);

        assertThat(fixture.column("SELECT attempt || ' ' || status || ' ' || COALESCE(job_id, '-') FROM usage_event ORDER BY attempt"))
                .containsExactly("1 error job-cancel", "2 ok job-cancel");
        assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event")).isEqualTo(1);
        assertThat(tracking.openCalls()).isZero();
    }

    @Test
    void anAsyncStreamClosedBeforeAnyoneSubscribesIsOneEventAndLeavesNothingOpen() {
        CountDownLatch answered = new CountDownLatch(1);
        byte[] stream = hostileChatStream("\n");
        RawHttpServer server = server((request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            out.write(stream, 0, stream.length / 2);
            out.flush();
            answered.countDown();
            socket.getInputStream().read();
        });
        Tracking tracking = Tracking.openAi(fixture.tracker(), prices);
        OpenAIClient client = tracking.wrap(OpenAIClient.class, builder(server).addInterceptor(tracking.okHttpInterceptor()).build());
        closing.add(client::close);

        fixture.tracker().scope("never-read").job("job-unread").run(() -> {
            var response = client.async().chat().completions().createStreaming(chat());
            await(answered);
            response.close();
            response.onCompleteFuture().join();
        });
        awaitEvents(1);

        assertThat(fixture.column("SELECT status || ' ' || error_type || ' ' || job_id FROM usage_event"))
                .containsExactly("incomplete stream_abandoned job-unread");
        assertThat(tracking.openCalls()).isZero();
    }

    @Test
    void aStreamTheCallerDropsWithoutClosingIsRecordedOnceWhenTheSdkCleansItUp() throws IOException {
        byte[] stream = hostileChatStream("\n");
        CountDownLatch released = new CountDownLatch(1);
        RawHttpServer server = server((request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            out.write(stream, 0, stream.length / 2);
            out.flush();
            socket.getInputStream().read();
            released.countDown();
        });
        OpenAIClient client = tracked(server);

        readOneChunkAndDrop(client);
        // Only the collector can tell that the caller dropped the stream; ask it until the SDK's cleaner closes it.
        for (int round = 0; round < 100 && !awaitBriefly(released); round++) {
            System.gc();
        }

        assertThat(events()).singleElement().asString().startsWith("incomplete stream_abandoned estimated");
    }

    private static void readOneChunkAndDrop(OpenAIClient client) {
        StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat());
        assertThat(stream.stream().iterator().next().choices()).isNotEmpty();
    }

    @Test
    void sixtyFourVirtualThreadsWithRetriesAndStreamsLoseAndDuplicateNothing() throws Exception {
        try (ProviderServer provider = ProviderServer.start()) {
            provider.answers(request -> ModelAnswer.of("a b c", 20, 5));
            for (int fault = 0; fault < 40; fault++) {
                provider.fault(fault % 2 == 0 ? Fault.rateLimited("0") : Fault.status(500));
            }
            Tracking tracking = Tracking.openAi(fixture.tracker(), prices);
            OpenAIClient client = tracking.wrap(OpenAIClient.class, OpenAIOkHttpClient.builder().baseUrl(provider.openAiBaseUrl())
                    .apiKey(API_KEY).maxRetries(4).addInterceptor(tracking.okHttpInterceptor()).build());
            ExecutorService threads = Scope.propagating(Executors.newVirtualThreadPerTaskExecutor());
            List<Future<?>> calls = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                String job = "job-" + task;
                boolean stream = task % 2 == 0;
                calls.add(fixture.tracker().scope("task").job(job).call(() -> threads.submit(() -> {
                    for (int call = 0; call < 3; call++) {
                        if (stream) {
                            try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(chat())) {
                                assertThat(readAll(response)).isEqualTo("a b c");
                            }
                        } else {
                            client.async().chat().completions().create(chat()).join();
                        }
                    }
                })));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            threads.close();
            client.close();

            assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(provider.requestCount());
            assertThat(fixture.count("SELECT COUNT(*) FROM usage_event WHERE status = 'ok'")).isEqualTo(64 * 3);
            assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event")).isEqualTo(64 * 3);
            assertThat(fixture.count("SELECT COUNT(*) FROM (SELECT call_id FROM usage_event GROUP BY call_id"
                    + " HAVING COUNT(DISTINCT job_id) > 1 OR MAX(attempt) <> COUNT(*))")).isZero();
            assertThat(fixture.count("SELECT COUNT(*) FROM usage_event WHERE job_id IS NULL")).isZero();
            assertThat(tracking.openCalls()).isZero();
        }
    }

    private AnthropicOkHttpClient.Builder anthropicBuilder(RawHttpServer server) {
        return AnthropicOkHttpClient.builder().baseUrl(server.origin()).apiKey(API_KEY).maxRetries(2);
    }

    private static MessageCreateParams message() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).addUserMessage("say hello").build();
    }

    private static String anthropicStream(String eol, String errorData) {
        String message = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\","
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":5,\"output_tokens\":1}}";
        List<String[]> events = new ArrayList<>(List.of(
                new String[] {"message_start", "{\"type\":\"message_start\",\"message\":" + message + "}"},
                new String[] {"ping", "{\"type\": \"ping\"}"},
                new String[] {"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"},
                new String[] {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(TEXT) + "}}"}));
        if (errorData != null) {
            events.add(new String[] {"error", errorData});
        }
        events.addAll(List.of(
                new String[] {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
                new String[] {"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}"},
                new String[] {"message_stop", "{\"type\":\"message_stop\"}"}));
        StringBuilder stream = new StringBuilder(": hello" + eol + eol);
        for (String[] event : events) {
            stream.append("event: ").append(event[0]).append(eol).append("data: ").append(event[1]).append(eol).append(eol);
        }
        return stream.toString();
    }

    private static String anthropicText(com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream) {
        StringBuilder text = new StringBuilder();
        stream.stream().forEach(event -> event.contentBlockDelta()
                .flatMap(delta -> delta.delta().text()).ifPresent(delta -> text.append(delta.text())));
        return text.toString();
    }

    @ParameterizedTest(name = "line end {0}, pieces of {1} bytes")
    @CsvSource({"LF, 1", "CRLF, 2", "CR, 7"})
    void anAnthropicStreamSplitAtAnyByteMergesItsUsageIntoOneEvent(String eol, int piece) {
        byte[] stream = anthropicStream(switch (eol) {
            case "LF" -> "\n";
            case "CR" -> "\r";
            default -> "\r\n";
        }, null).getBytes(StandardCharsets.UTF_8);
        RawHttpServer server = server((request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            RawHttpServer.trickle(out, stream, piece);
        });
        AnthropicClient client = TrackedAnthropic.client(anthropicBuilder(server), fixture.tracker(), prices);
        closing.add(client::close);

        String text;
        try (var response = client.messages().createStreaming(message())) {
            text = anthropicText(response);
        }

        assertThat(text).isEqualTo(TEXT);
        assertThat(fixture.column("SELECT status || ' ' || input_tokens || ' ' || cache_read_tokens || ' ' || output_tokens"
                + " || ' ' || cost_source FROM usage_event")).containsExactly("ok 25 5 7 computed");
    }

    @ParameterizedTest(name = "error data {0}")
    @ValueSource(strings = {"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", "Overloaded"})
    void anAnthropicErrorEventMidStreamIsTheSdksOwnExceptionAndOneFailedEvent(String errorData) {
        byte[] stream = anthropicStream("\n", errorData).getBytes(StandardCharsets.UTF_8);
        RawHttpServer.Handler handler = (request, socket, out) -> {
            out.write(RawHttpServer.head(200, "text/event-stream", null));
            out.write(stream);
        };
        Function<AnthropicClient, String> call = client -> {
            try (var response = client.messages().createStreaming(message())) {
                return anthropicText(response);
            }
        };
        AnthropicClient plain = anthropicBuilder(server(handler)).build();
        AnthropicClient tracked = TrackedAnthropic.client(anthropicBuilder(server(handler)), fixture.tracker(), prices);
        closing.add(plain::close);
        closing.add(tracked::close);

        String untracked = outcome(() -> call.apply(plain));
        String seen = outcome(() -> call.apply(tracked));

        assertThat(seen).isEqualTo(untracked).startsWith("com.anthropic.errors.SseException");
        assertThat(fixture.column("SELECT status || ' ' || input_tokens || ' ' || cost_source FROM usage_event"))
                .containsExactly("error 25 computed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated 200", "html 529", "empty 200"})
    void anAnthropicAnswerThatIsNotWhatTheSdkExpectsGivesTheCallerTheSdksOwnOutcome(String kind) {
        RawHttpServer.Handler handler = (request, socket, out) -> {
            byte[] json = ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":"
                    + "[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":25,"
                    + "\"output_tokens\":7}}").getBytes(StandardCharsets.UTF_8);
            switch (kind) {
                case "truncated 200" -> {
                    out.write(RawHttpServer.head(200, "application/json", (long) json.length));
                    out.write(json, 0, json.length / 2);
                    out.flush();
                    socket.setSoLinger(true, 0);
                }
                case "html 529" -> RawHttpServer.send(out, 529, "text/html", "<h1>Overloaded</h1>".getBytes(StandardCharsets.UTF_8),
                        "retry-after-ms: 1");
                default -> RawHttpServer.send(out, 200, "application/json", new byte[0]);
            }
        };
        RawHttpServer plainServer = server(handler);
        RawHttpServer trackedServer = server(handler);
        AnthropicClient plain = anthropicBuilder(plainServer).build();
        AnthropicClient tracked = TrackedAnthropic.client(anthropicBuilder(trackedServer), fixture.tracker(), prices);
        closing.add(plain::close);
        closing.add(tracked::close);
        Function<AnthropicClient, String> call = client -> client.messages().create(message()).content().toString();

        String untracked = outcome(() -> call.apply(plain));
        String seen = outcome(() -> call.apply(tracked));

        assertThat(seen).isEqualTo(untracked);
        assertThat(trackedServer.requests()).hasSameSizeAs(plainServer.requests());
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(trackedServer.requests().size());
    }

    @Test
    void anAnthropicServerThatEchoesTheKeyNeverGetsItIntoTheLedger() throws IOException {
        RawHttpServer server = server((request, socket, out) -> {
            String key = request.header("x-api-key") != null ? request.header("x-api-key")
                    : request.header("Authorization").substring("Bearer ".length());
            RawHttpServer.send(out, 401, "application/json", ("{\"type\":\"error\",\"error\":{\"type\":\"" + key
                    + "\",\"message\":\"invalid x-api-key " + key + "\"}}").getBytes(StandardCharsets.UTF_8), "request-id: " + key);
        });
        AnthropicClient client = TrackedAnthropic.client(anthropicBuilder(server), fixture.tracker(), prices);
        closing.add(client::close);

        outcome(() -> client.messages().create(message()));

        assertThat(fixture.column("SELECT error_type || ' ' || request_id FROM usage_event")).containsExactly("[redacted] [redacted]");
        assertThat(ledgerText()).doesNotContain(API_KEY);
    }
}
