package dev.aiusage.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseTapTest {

    private final List<String> events = new ArrayList<>();
    private final List<SseTap.StreamEnd> ends = new ArrayList<>();

    private SseTap tap(InputStream upstream, String hiddenData) {
        return new SseTap(upstream, new SseTap.Listener() {
            @Override
            public boolean onEvent(String name, String data) {
                events.add(name + "=" + data);
                return !data.equals(hiddenData);
            }

            @Override
            public void onEnd(SseTap.StreamEnd end, IOException cause) {
                ends.add(end);
            }
        });
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passesEveryByteOfKeptEventsAndDropsHiddenOnes() throws IOException {
        String stream = "event: a\ndata: one\n\n: a comment\n\ndata: hide\n\ndata: two\ndata: lines\n\n";

        String passed = new String(tap(bytes(stream), "hide").readAllBytes(), StandardCharsets.UTF_8);

        assertThat(passed).isEqualTo("event: a\ndata: one\n\n: a comment\n\ndata: two\ndata: lines\n\n");
        assertThat(events).containsExactly("a=one", "null=hide", "null=two\nlines");
        assertThat(ends).containsExactly(SseTap.StreamEnd.END_OF_STREAM);
    }

    @Test
    void readsCarriageReturnLineEndsAndATrailingEventWithNoBlankLine() throws IOException {
        String stream = "data: one\r\n\r\ndata: tail";

        String passed = new String(tap(bytes(stream), null).readAllBytes(), StandardCharsets.UTF_8);

        assertThat(passed).isEqualTo(stream);
        assertThat(events).containsExactly("null=one");
        assertThat(ends).containsExactly(SseTap.StreamEnd.END_OF_STREAM);
    }

    @Test
    void aHiddenEventLeavesExactlyItsOwnBytesOutWhateverTheLineEnds() throws IOException {
        for (String eol : List.of("\n", "\r\n", "\r")) {
            events.clear();
            String kept = "data: one" + eol + eol + ": note" + eol + eol;
            String hidden = "data: hide" + eol + eol;
            String tail = "event: last" + eol + "data: two" + eol + eol;

            String passed = new String(tap(bytes(kept + hidden + tail), "hide").readAllBytes(), StandardCharsets.UTF_8);

            assertThat(passed).as(eol.replace("\r", "CR").replace("\n", "LF")).isEqualTo(kept + tail);
            assertThat(events).containsExactly("null=one", "null=hide", "last=two");
        }
    }

    @Test
    void anEventLargerThanTheLimitPassesThroughUnread() throws IOException {
        String huge = "data: " + "x".repeat(SseTap.MAX_EVENT_BYTES + 10) + "\n\n";

        byte[] passed = tap(bytes(huge + "data: after\n\n"), null).readAllBytes();

        assertThat(passed).hasSize(huge.length() + "data: after\n\n".length());
        assertThat(events).containsExactly("null=after");
    }

    @Test
    void aCutConnectionEndsTheStreamOnceAndReachesTheReader() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served < 12) {
                    return "data: one\n\n".getBytes(StandardCharsets.UTF_8)[Math.min(served++, 10)];
                }
                throw new IOException("connection reset");
            }
        };
        SseTap tap = tap(failing, null);

        assertThatThrownBy(tap::readAllBytes).hasMessage("connection reset");
        assertThatCode(tap::close).doesNotThrowAnyException();
        assertThat(ends).containsExactly(SseTap.StreamEnd.CUT);
    }

    @Test
    void closingBeforeTheEndIsAnEarlyCloseRecordedOnce() throws IOException {
        SseTap tap = tap(bytes("data: one\n\ndata: two\n\n"), null);
        tap.read();

        tap.close();
        tap.close();

        assertThat(ends).containsExactly(SseTap.StreamEnd.CLOSED_EARLY);
    }

    @Test
    void aListenerThatThrowsNeverBreaksTheStream() throws IOException {
        SseTap tap = new SseTap(bytes("data: {bad\n\n"), new SseTap.Listener() {
            @Override
            public boolean onEvent(String name, String data) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onEnd(SseTap.StreamEnd end, IOException cause) {}
        });

        assertThat(new String(tap.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: {bad\n\n");
    }
}
