package dev.aiusage.ledger;

import dev.aiusage.AiusageException;
import dev.aiusage.IoErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file of JSON lines strictly, each with its number: UTF-8 only, a bounded line length (so a
 * file that is not JSON lines cannot fill the heap), blank lines skipped, CRLF accepted.
 */
final class JsonLines {

    /** Far above any entry aiusage writes (a few kilobytes), far below what would strain the heap. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    /** Takes one line; throws {@link IllegalArgumentException} with the reason when it is wrong. */
    interface Handler {
        void line(long number, String text);
    }

    private JsonLines() {}

    /** Each non-blank line in order; a bad line fails with {@code FILE:LINE: reason}. */
    static void read(Path file, Handler handler) {
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long number = 1;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    // '\n' never occurs inside a multi-byte UTF-8 character, so bytes can be split here.
                    if (buffer[i] == '\n') {
                        append(line, buffer, start, i - start, file, number);
                        deliver(line, file, number, handler);
                        line.reset();
                        number++;
                        start = i + 1;
                    }
                }
                append(line, buffer, start, n - start, file, number);
            }
            if (line.size() > 0) {
                deliver(line, file, number, handler);
            }
        } catch (IOException e) {
            throw new AiusageException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    private static void append(ByteArrayOutputStream line, byte[] bytes, int from, int length, Path file, long number) {
        if (line.size() + (long) length > MAX_LINE_BYTES) {
            throw bad(file, number, "the line is longer than " + MAX_LINE_BYTES / (1024 * 1024)
                    + " MiB; this is not a file of aiusage entries (JSON lines)");
        }
        line.write(bytes, from, length);
    }

    private static void deliver(ByteArrayOutputStream bytes, Path file, long number, Handler handler) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw bad(file, number, "not UTF-8 text; this is not a file of aiusage entries (JSON lines)");
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return;
        }
        try {
            handler.line(number, text);
        } catch (IllegalArgumentException e) {
            throw bad(file, number, e.getMessage());
        }
    }

    private static AiusageException bad(Path file, long number, String reason) {
        return new AiusageException(file + ":" + number + ": " + reason);
    }
}
