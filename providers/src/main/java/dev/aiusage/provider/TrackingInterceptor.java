package dev.aiusage.provider;

import dev.aiusage.event.ApiKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Okio;

/**
 * openai-java's transport hook, an OkHttp interceptor: sees every HTTP attempt the SDK makes (its
 * retries included, since they happen above the transport) and records one usage event per attempt.
 */
final class TrackingInterceptor implements Interceptor {

    /** Request bodies above this are not parsed (uploads); their attempts are still recorded. */
    static final long MAX_PARSED_REQUEST = 32L * 1024 * 1024;

    private final AttemptTracker attempts;

    TrackingInterceptor(AttemptTracker attempts) {
        this.attempts = attempts;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String token = request.header(CallRegistry.HEADER);
        if (token != null) {
            request = request.newBuilder().removeHeader(CallRegistry.HEADER).build();
        }
        ApiKind api = attempts.api(request.method(), request.url().encodedPath());
        if (api == null) {
            return chain.proceed(request);
        }
        RequestJson body = jsonBody(request.body());
        boolean hideUsageOnly = attempts.prepare(body, api);
        if (hideUsageOnly) {
            RequestBody changed = RequestBody.create(Json.MAPPER.writeValueAsBytes(body.tree()), request.body().contentType());
            request = request.newBuilder().method(request.method(), changed).build();
        }
        Attempt attempt = attempts.start(token, api, body, request::header);
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException | RuntimeException failure) {
            attempts.failed(attempt, timedOut(chain, attempt) ? new InterruptedIOException("call timeout") : failure);
            throw failure;
        }
        ResponseBody original = response.body();
        MediaType type = original == null ? null : original.contentType();
        AttemptTracker.Answer answer = attempts.answered(attempt, response.code(), response::header,
                type == null ? null : type.toString(), original == null ? null : original.byteStream(), hideUsageOnly);
        ResponseBody passed = ResponseBody.create(Okio.buffer(Okio.source(answer.body())), type, answer.length());
        return response.newBuilder().body(passed).build();
    }

    /**
     * OkHttp's call timeout cancels the call, so what the interceptor sees is "Canceled"; the elapsed
     * time tells a timeout apart from a caller's cancel. The call's clock starts a little before the
     * attempt's, hence the margin.
     */
    private static boolean timedOut(Chain chain, Attempt attempt) {
        long limit = chain.call().timeout().timeoutNanos();
        return chain.call().isCanceled() && limit > 0
                && System.nanoTime() - attempt.startedNanos >= limit / 10 * 9;
    }

    private static RequestJson jsonBody(RequestBody body) throws IOException {
        if (body == null || body.isOneShot() || body.contentLength() > MAX_PARSED_REQUEST
                || body.contentType() == null || !"json".equals(body.contentType().subtype())) {
            return RequestJson.NONE;
        }
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        return RequestJson.of(buffer.readByteArray());
    }
}
