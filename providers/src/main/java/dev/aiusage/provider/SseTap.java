package dev.aiusage.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a server-sent-event stream on its way to the SDK: hands each event to a listener, which may
 * drop it (the usage chunk a caller did not ask for), and tells the listener exactly once how the
 * stream ended: at its end, cut off by an I/O error, or closed early by the caller.
 */
final class SseTap extends InputStream {

    /** Sees each event and the stream's end. */
    interface Listener {
        /** Returns false to hide the event from the caller. */
        boolean onEvent(String name, String data);

        void onEnd(StreamEnd end, IOException cause);
    }

    enum StreamEnd { END_OF_STREAM, CUT, CLOSED_EARLY }

    /** Events larger than this pass through unread, so a hostile stream cannot exhaust memory. */
    static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private final InputStream upstream;
    private final Listener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ByteArrayOutputStream event = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private byte[] ready = new byte[0];
    private int readyAt;
    private boolean upstreamDone;
    private boolean afterCarriageReturn;

    SseTap(InputStream upstream, Listener listener) {
        this.upstream = upstream;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (readyAt == ready.length) {
            if (upstreamDone) {
                return -1;
            }
            fill();
        }
        int count = Math.min(length, ready.length - readyAt);
        System.arraycopy(ready, readyAt, target, offset, count);
        readyAt += count;
        return count;
    }

    @Override
    public void close() throws IOException {
        end(StreamEnd.CLOSED_EARLY, null);
        upstream.close();
    }

    private void fill() throws IOException {
        byte[] chunk = new byte[8192];
        int count;
        try {
            count = upstream.read(chunk);
        } catch (IOException cut) {
            end(StreamEnd.CUT, cut);
            throw cut;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (count < 0) {
            upstreamDone = true;
            event.writeBytes(line.toByteArray());
            line.reset();
            out.writeBytes(event.toByteArray());
            event.reset();
            end(StreamEnd.END_OF_STREAM, null);
        } else {
            scan(chunk, count, out);
        }
        ready = out.toByteArray();
        readyAt = 0;
    }

    /**
     * A line ends at CR, LF or CRLF, as the SDKs' readers see it. A line ends at its CR at once, so an
     * event is never held back waiting for the next read; the LF of a CRLF then belongs to the next event.
     */
    private void scan(byte[] chunk, int count, ByteArrayOutputStream out) {
        for (int index = 0; index < count; index++) {
            byte next = chunk[index];
            if (afterCarriageReturn && next == '\n') {
                afterCarriageReturn = false;
                event.write(next);
                continue;
            }
            afterCarriageReturn = next == '\r';
            line.write(next);
            if (next == '\n' || next == '\r') {
                boolean blank = line.size() == 1;
                event.writeBytes(line.toByteArray());
                line.reset();
                if (blank) {
                    emit(out);
                }
            } else if (event.size() + line.size() > MAX_EVENT_BYTES) {
                event.writeBytes(line.toByteArray());
                line.reset();
                out.writeBytes(event.toByteArray());
                event.reset();
            }
        }
    }

    private void emit(ByteArrayOutputStream out) {
        byte[] raw = event.toByteArray();
        event.reset();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String text : new String(raw, StandardCharsets.UTF_8).split("\r\n|\r|\n")) {
            if (text.startsWith("event:")) {
                name = text.substring(6).strip();
            } else if (text.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(text.substring(5).stripLeading());
            }
        }
        if (name == null && data.isEmpty() || keep(name, data.toString())) {
            out.writeBytes(raw);
        }
    }

    private boolean keep(String name, String data) {
        try {
            return listener.onEvent(name, data);
        } catch (RuntimeException e) {
            // Reading usage must never break the caller's stream.
            return true;
        }
    }

    private void end(StreamEnd how, IOException cause) {
        if (ended.compareAndSet(false, true)) {
            listener.onEnd(how, cause);
        }
    }
}
