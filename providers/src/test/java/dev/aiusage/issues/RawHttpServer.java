package dev.aiusage.issues;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server with byte-level control of each answer: a handler writes the raw status line,
 * headers and body (in as many flushed pieces as it likes) and may cut the connection at any byte.
 * One request per connection; every answer should say {@code Connection: close}.
 */
final class RawHttpServer implements AutoCloseable {

    /** A request as received. */
    record Request(int number, String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes one answer. */
    interface Handler {
        void answer(Request request, Socket socket, OutputStream out) throws Exception;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Thread acceptor;

    private RawHttpServer(Handler handler) throws IOException {
        this.socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    static RawHttpServer start(Handler handler) {
        try {
            return new RawHttpServer(handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String origin() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    String openAiBaseUrl() {
        return origin() + "/v1";
    }

    List<Request> requests() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = connection.getInputStream();
            Request request = read(in);
            if (request == null) {
                return;
            }
            received.add(request);
            handler.answer(request, connection, connection.getOutputStream());
            connection.getOutputStream().flush();
        } catch (Exception ignored) {
            // The client went away, or the handler cut the connection on purpose.
        }
    }

    private Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                return null;
            }
            head.write(next);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new HashMap<>();
        for (int index = 1; index < lines.length; index++) {
            int colon = lines[index].indexOf(':');
            if (colon > 0) {
                headers.put(lines[index].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[index].substring(colon + 1).strip());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Request(count.incrementAndGet(), start[0], start[1], headers, body);
    }

    /** The status line and headers of an answer, ending with the blank line. */
    static byte[] head(int status, String contentType, Long length, String... extraHeaders) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (length != null) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A whole answer with a body of known length. */
    static void send(OutputStream out, int status, String contentType, byte[] body, String... extraHeaders) throws IOException {
        out.write(head(status, contentType, (long) body.length, extraHeaders));
        out.write(body);
        out.flush();
    }

    /** Writes bytes in pieces of at most {@code piece} bytes, flushing each, so the client reads them apart. */
    static void trickle(OutputStream out, byte[] bytes, int piece) throws IOException {
        for (int at = 0; at < bytes.length; at += piece) {
            out.write(bytes, at, Math.min(piece, bytes.length - at));
            out.flush();
        }
    }
}
