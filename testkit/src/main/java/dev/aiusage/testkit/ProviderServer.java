package dev.aiusage.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * An in-process HTTP server that speaks OpenAI's and Anthropic's wire formats: chat completions,
 * embeddings and the Responses API ({@code /v1/...}), Anthropic messages ({@code /v1/messages}),
 * plain JSON and SSE streams. A "model" function decides what each request is answered; faults queued
 * with {@link #fault} are played once each, in order, before any answer.
 *
 * <pre>{@code
 * try (ProviderServer server = ProviderServer.start()) {
 *     server.answers(request -> ModelAnswer.of("hello", 19, 10));
 *     server.fault(Fault.rateLimited("0"));
 *     OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey("test").build();
 * }
 * }</pre>
 */
public final class ProviderServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final Queue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile Function<ReceivedRequest, ModelAnswer> model = ProviderServer::defaultAnswer;
    private volatile UnaryOperator<String> reportedModel = UnaryOperator.identity();
    private volatile boolean ignoreIncludeUsage;
    private volatile boolean omitUsage;
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean keepRequests = true;

    private ProviderServer(HttpServer server) {
        this.server = server;
    }

    public static ProviderServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            ProviderServer provider = new ProviderServer(server);
            server.setExecutor(provider.executor);
            server.createContext("/", provider::handle);
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the provider server", e);
        }
    }

    /** The base URL to give openai-java ({@code .../v1}). */
    public String openAiBaseUrl() {
        return origin() + "/v1";
    }

    /** The base URL to give anthropic-java (it adds {@code /v1/messages} itself). */
    public String anthropicBaseUrl() {
        return origin();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets what the model answers; the default answers "ok" with made-up token counts. */
    public ProviderServer answers(Function<ReceivedRequest, ModelAnswer> answers) {
        this.model = Objects.requireNonNull(answers, "answers");
        return this;
    }

    /** Sets the model name answers report, from the requested one (e.g. a dated snapshot). */
    public ProviderServer reportsModel(UnaryOperator<String> reported) {
        this.reportedModel = Objects.requireNonNull(reported, "reported");
        return this;
    }

    /** Streams no usage chunk even when the request asks for one (some compatible servers do this). */
    public ProviderServer ignoreIncludeUsage(boolean ignore) {
        this.ignoreIncludeUsage = ignore;
        return this;
    }

    /** Leaves usage out of every answer (a compatible server that does not report it). */
    public ProviderServer omitUsage(boolean omit) {
        this.omitUsage = omit;
        return this;
    }

    /** Answers each request this long after it arrived (reading it is part of the wait). */
    public ProviderServer latency(Duration perRequest) {
        this.latency = Objects.requireNonNull(perRequest, "perRequest");
        return this;
    }

    /**
     * Whether {@link #requests()} keeps every request (the default). A benchmark sending tens of thousands
     * turns it off, so the requests it holds don't grow the heap that the client under test is measured in.
     */
    public ProviderServer keepRequests(boolean keep) {
        this.keepRequests = keep;
        return this;
    }

    /** Plays these faults, once each and in order, on the next requests. */
    public ProviderServer fault(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    public List<ReceivedRequest> requests() {
        return new ArrayList<>(received);
    }

    public int requestCount() {
        return requestCount.get();
    }

    /** The most requests the server was handling at one moment (for benchmarks: is the client's concurrency real?). */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            ReceivedRequest request = read(exchange);
            requestCount.incrementAndGet();
            if (keepRequests) {
                received.add(request);
            }
            // A provider's latency runs from the request's arrival: reading it counts towards the wait.
            long wait = latency.toNanos() - (System.nanoTime() - arrived);
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            Fault fault = faults.poll();
            Endpoint endpoint = Endpoint.of(request.path());
            if (endpoint == null) {
                send(exchange, 404, "{\"error\":{\"message\":\"no such endpoint: " + request.path() + "\"}}", null);
                return;
            }
            switch (fault) {
                case Fault.Status status -> send(exchange, status.code(), endpoint.error(status.code()).toString(), status.retryAfter());
                case Fault.EchoCredentials ignored -> send(exchange, 401, "{\"error\":{\"type\":\"invalid_api_key\",\"message\":"
                        + "\"Incorrect API key provided: " + credentials(request) + "\"}}", null);
                case Fault.MalformedJson ignored -> send(exchange, 200, "{\"id\": \"broken\", \"choices\": [", null);
                case Fault.Stall stall -> {
                    Thread.sleep(stall.duration());
                    throw new IOException("stalled request dropped");
                }
                case null, default -> answer(exchange, request, endpoint, fault);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange, ReceivedRequest request, Endpoint endpoint, Fault fault) throws IOException {
        ModelAnswer answer = model.apply(request);
        String id = endpoint.idPrefix() + ids.incrementAndGet();
        String reported = reportedModel.apply(request.model() == null ? "unknown" : request.model());
        if (!request.streaming()) {
            String body = switch (endpoint) {
                case CHAT -> OpenAiWire.chatCompletion(id, reported, answer, !omitUsage).toString();
                case EMBEDDINGS -> OpenAiWire.embeddings(reported, inputCount(request.body()), omitUsage ? 0 : answer.input()).toString();
                case RESPONSES -> OpenAiWire.response(id, reported, answer, "completed", !omitUsage).toString();
                case MESSAGES -> AnthropicWire.message(id, reported, answer, !omitUsage, forcedTool(request.body())).toString();
            };
            send(exchange, 200, body, null);
            return;
        }
        boolean includeUsage = !omitUsage && !ignoreIncludeUsage
                && request.body().path("stream_options").path("include_usage").asBoolean(false);
        List<SseEvent> events = switch (endpoint) {
            case CHAT -> OpenAiWire.chatStream(id, reported, answer, includeUsage);
            case RESPONSES -> OpenAiWire.responseStream(id, reported, answer, !omitUsage,
                    fault instanceof Fault.ResponseEndsAs ending ? ending.status() : "completed");
            case MESSAGES -> AnthropicWire.stream(id, reported, answer, !omitUsage);
            case EMBEDDINGS -> throw new IOException("embeddings do not stream");
        };
        stream(exchange, events, fault);
    }

    private void stream(HttpExchange exchange, List<SseEvent> events, Fault fault) throws IOException {
        int limit = switch (fault) {
            case Fault.CutMidStream cut -> cut.afterEvents();
            case Fault.EndStreamEarly early -> early.afterEvents();
            case null, default -> events.size();
        };
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("x-request-id", "req_" + ids.incrementAndGet());
        boolean cut = fault instanceof Fault.CutMidStream;
        // A cut stream promises more bytes than it sends, so the client sees the connection end too soon.
        exchange.sendResponseHeaders(200, cut ? 1 << 20 : 0);
        OutputStream out = exchange.getResponseBody();
        for (SseEvent event : events.subList(0, Math.min(limit, events.size()))) {
            out.write(event.wire().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (cut) {
            throw new IOException("connection cut mid-stream on purpose");
        }
    }

    private void send(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-request-id", "req_" + ids.incrementAndGet());
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("retry-after", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ReceivedRequest read(HttpExchange exchange) throws IOException {
        return new ReceivedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
    }

    private static String credentials(ReceivedRequest request) {
        String value = request.header("Authorization") != null ? request.header("Authorization") : request.header("x-api-key");
        return value == null ? "none" : value.replace("\"", "");
    }

    private static String forcedTool(JsonNode body) {
        JsonNode choice = body.path("tool_choice");
        return "tool".equals(choice.path("type").asText()) ? choice.path("name").asText() : null;
    }

    private static int inputCount(JsonNode body) {
        JsonNode input = body.path("input");
        return input.isArray() ? input.size() : 1;
    }

    private static ModelAnswer defaultAnswer(ReceivedRequest request) {
        long input = request.body() == null ? 1 : Math.max(1, request.body().toString().length() / 4);
        return ModelAnswer.of("ok", input, 1);
    }

    private enum Endpoint {
        CHAT("chatcmpl-"),
        EMBEDDINGS("emb-"),
        RESPONSES("resp_"),
        MESSAGES("msg_");

        private final String idPrefix;

        Endpoint(String idPrefix) {
            this.idPrefix = idPrefix;
        }

        String idPrefix() {
            return idPrefix;
        }

        JsonNode error(int status) {
            return this == MESSAGES ? AnthropicWire.error(status) : OpenAiWire.error(status);
        }

        static Endpoint of(String path) {
            if (path.endsWith("/chat/completions")) {
                return CHAT;
            } else if (path.endsWith("/embeddings")) {
                return EMBEDDINGS;
            } else if (path.endsWith("/responses")) {
                return RESPONSES;
            } else if (path.endsWith("/messages")) {
                return MESSAGES;
            }
            return null;
        }
    }
}
