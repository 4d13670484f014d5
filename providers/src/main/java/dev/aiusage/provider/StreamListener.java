package dev.aiusage.provider;

import dev.aiusage.event.CallStatus;
import java.io.IOException;

/** Follows one streamed answer and records its attempt when the stream ends, however it ends. */
final class StreamListener implements SseTap.Listener {

    private final WireProtocol protocol;
    private final AttemptRecorder recorder;
    private final Attempt attempt;
    private final boolean hideUsageOnly;
    private final Observation seen = new Observation();

    StreamListener(WireProtocol protocol, AttemptRecorder recorder, Attempt attempt, boolean hideUsageOnly) {
        this.protocol = protocol;
        this.recorder = recorder;
        this.attempt = attempt;
        this.hideUsageOnly = hideUsageOnly;
    }

    @Override
    public boolean onEvent(String name, String data) {
        return protocol.onEvent(name, data, attempt.api, seen, hideUsageOnly);
    }

    @Override
    public void onEnd(SseTap.StreamEnd end, IOException cause) {
        CallStatus status = switch (seen.finish()) {
            case COMPLETED -> CallStatus.OK;
            case FAILED -> CallStatus.ERROR;
            case INCOMPLETE -> CallStatus.INCOMPLETE;
            case NONE -> end == SseTap.StreamEnd.CUT ? CallStatus.ERROR : CallStatus.INCOMPLETE;
        };
        String errorType = switch (seen.finish()) {
            case COMPLETED -> null;
            case FAILED -> seen.errorType();
            case INCOMPLETE -> "incomplete";
            case NONE -> switch (end) {
                case CUT -> "stream_cut";
                case CLOSED_EARLY -> "stream_abandoned";
                case END_OF_STREAM -> "stream_ended_early";
            };
        };
        recorder.answered(attempt, seen, status, errorType);
    }
}
