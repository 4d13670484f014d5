package dev.aiusage.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.event.ApiKind;
import dev.aiusage.event.CallStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.InstantSource;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The steps of tracking one HTTP attempt, whatever transport hook sees it (an OkHttp interceptor for
 * openai-java, the SDK's own interceptor for anthropic-java): start, then either a transport failure
 * or an answer, whose body is handed back for the SDK to read.
 */
final class AttemptTracker {

    /** A body handed back to the SDK, and its length when known (-1 for a stream). */
    record Answer(InputStream body, long length) {}

    private final WireProtocol protocol;
    private final CallRegistry calls;
    private final AttemptRecorder recorder;
    private final InstantSource clock;

    AttemptTracker(WireProtocol protocol, CallRegistry calls, AttemptRecorder recorder, InstantSource clock) {
        this.protocol = protocol;
        this.calls = calls;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** The API a request calls, or null when it is not billable and passes untracked. */
    ApiKind api(String method, String path) {
        return "POST".equals(method) ? protocol.api(path) : null;
    }

    /**
     * Adjusts the body before it is sent (see {@link WireProtocol#prepare}); true when it changed, and
     * then {@code body.tree()} holds the new body. Only a streamed request is ever changed, so only
     * then is the whole body parsed.
     */
    boolean prepare(RequestJson body, ApiKind api) {
        return body.stream() && body.tree() instanceof ObjectNode object && protocol.prepare(object, api);
    }

    Attempt start(String token, ApiKind api, RequestJson body, UnaryOperator<String> requestHeader) {
        return new Attempt(calls.find(token), api, clock.instant(), body, Redaction.of(requestHeader));
    }

    void failed(Attempt attempt, Throwable failure) {
        recorder.transportFailed(attempt, failure);
    }

    /**
     * Records an answer; a stream is recorded when it ends, however it ends. Returns the body the SDK
     * should read: the same bytes, less the usage-only chunk the caller did not ask for.
     */
    Answer answered(Attempt attempt, int status, UnaryOperator<String> header, String contentType,
            InputStream body, boolean hideUsageOnly) {
        attempt.httpStatus = status;
        attempt.requestId = header.apply(protocol.requestIdHeader());
        boolean success = status >= 200 && status < 300;
        if (body == null) {
            recorder.answered(attempt, new Observation(), CallStatus.ERROR, "empty_response");
            return new Answer(InputStream.nullInputStream(), 0);
        }
        if (success && isStream(attempt, contentType)) {
            return new Answer(new SseTap(body, new StreamListener(protocol, recorder, attempt, hideUsageOnly)), -1);
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (body) {
            body.transferTo(received);
        } catch (IOException cut) {
            recorder.transportFailed(attempt, cut);
            return new Answer(cutAfter(received.toByteArray(), cut), -1);
        }
        byte[] bytes = received.toByteArray();
        JsonNode json = Json.read(bytes);
        if (!success) {
            recorder.refused(attempt, json);
        } else if (json == null || !json.isObject()) {
            recorder.answered(attempt, new Observation(), CallStatus.ERROR, "malformed_response");
        } else {
            Observation seen = new Observation();
            protocol.read(json, attempt.api, seen);
            recorder.answered(attempt, seen, CallStatus.OK, null);
        }
        return new Answer(new ByteArrayInputStream(bytes), bytes.length);
    }

    /**
     * The bytes that came, then the failure that cut them: the SDK meets the cut where it would have
     * without tracking, when it reads the body, and so does not retry an answer it never retries.
     */
    private static InputStream cutAfter(byte[] received, IOException cut) {
        return new SequenceInputStream(new ByteArrayInputStream(received), new InputStream() {
            @Override
            public int read() throws IOException {
                throw cut;
            }
        });
    }

    /**
     * An event stream by its media type (in any case), or by the request asking for one when the answer
     * does not say it is JSON: the SDK reads such an answer as a stream whatever its type says, so it
     * must be followed as one (read whole, it would be held back and its usage chunk not hidden).
     */
    private static boolean isStream(Attempt attempt, String contentType) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/event-stream")
                || (attempt.streamRequested() && !type.contains("json"));
    }
}
