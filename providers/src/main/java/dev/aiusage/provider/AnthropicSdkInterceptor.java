package dev.aiusage.provider;

import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpRequestBody;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.core.http.Interceptor;
import dev.aiusage.event.ApiKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * anthropic-java's transport hook: the SDK applies its interceptors to every attempt, below its
 * retries, so each attempt is recorded once. A class of its own, so that {@link Tracking} loads
 * without anthropic-java on the class path.
 */
public final class AnthropicSdkInterceptor implements Interceptor {

    private final AttemptTracker attempts;

    private AnthropicSdkInterceptor(AttemptTracker attempts) {
        this.attempts = attempts;
    }

    /** The hook to give anthropic-java's {@code addInterceptor}, recording into this tracking. */
    public static AnthropicSdkInterceptor of(Tracking tracking) {
        return new AnthropicSdkInterceptor(tracking.attempts());
    }

    @Override
    public HttpClient intercept(HttpClient next) {
        return new TrackingClient(next);
    }

    private final class TrackingClient implements HttpClient {

        private final HttpClient next;

        TrackingClient(HttpClient next) {
            this.next = next;
        }

        @Override
        public HttpResponse execute(HttpRequest request, RequestOptions options) {
            String token = token(request);
            HttpRequest sent = untagged(request, token);
            ApiKind api = attempts.api(sent.method().name(), "/" + String.join("/", sent.pathSegments()));
            if (api == null) {
                return next.execute(sent, options);
            }
            Attempt attempt = attempts.start(token, api, jsonBody(sent), name -> first(sent.headers().values(name)));
            HttpResponse response;
            try {
                response = next.execute(sent, options);
            } catch (RuntimeException failure) {
                attempts.failed(attempt, failure);
                throw failure;
            }
            return answered(attempt, response);
        }

        @Override
        public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
            String token = token(request);
            HttpRequest sent = untagged(request, token);
            ApiKind api = attempts.api(sent.method().name(), "/" + String.join("/", sent.pathSegments()));
            if (api == null) {
                return next.executeAsync(sent, options);
            }
            Attempt attempt = attempts.start(token, api, jsonBody(sent), name -> first(sent.headers().values(name)));
            return next.executeAsync(sent, options).handle((response, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    attempts.failed(attempt, cause);
                    throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
                }
                return answered(attempt, response);
            });
        }

        @Override
        public void close() {
            next.close();
        }

        private HttpResponse answered(Attempt attempt, HttpResponse response) {
            Headers headers = response.headers();
            AttemptTracker.Answer answer = attempts.answered(attempt, response.statusCode(),
                    name -> first(headers.values(name)), first(headers.values("Content-Type")), response.body(), false);
            return new PassedResponse(response, answer.body());
        }
    }

    private static String token(HttpRequest request) {
        return first(request.headers().values(CallRegistry.HEADER));
    }

    private static HttpRequest untagged(HttpRequest request, String token) {
        return token == null ? request : request.toBuilder().removeHeaders(CallRegistry.HEADER).build();
    }

    private static RequestJson jsonBody(HttpRequest request) {
        HttpRequestBody body = request.body().orElse(null);
        if (body == null || !body.repeatable() || body.contentLength() > TrackingInterceptor.MAX_PARSED_REQUEST
                || body.contentType() == null || !body.contentType().contains("json")) {
            return RequestJson.NONE;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.writeTo(bytes);
        return RequestJson.of(bytes.toByteArray());
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.getFirst();
    }

    /** The SDK's response with its body replaced by the one that was read (or is being followed). */
    private record PassedResponse(HttpResponse original, InputStream passedBody) implements HttpResponse {

        @Override
        public int statusCode() {
            return original.statusCode();
        }

        @Override
        public Headers headers() {
            return original.headers();
        }

        @Override
        public InputStream body() {
            return passedBody;
        }

        @Override
        public void close() {
            try {
                passedBody.close();
            } catch (IOException ignored) {
                // The original's close below releases the connection either way.
            }
            original.close();
        }
    }
}
