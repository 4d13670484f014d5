package dev.aiusage.jobs.receipt;

import dev.aiusage.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads one receipt file into its text lines. Anything unusable fails that receipt alone, with a
 * message naming the file and the problem.
 */
public final class ReceiptReader {

    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    /** Receipts are read whole into memory: a gigabyte is already far beyond any receipt. */
    public static final long LIMIT_MAX_BYTES = 1024L * 1024 * 1024;
    private static final int BOX_COORDINATES = 8;

    private final long maxBytes;

    public ReceiptReader(long maxBytes) {
        this.maxBytes = requireValidLimit(maxBytes);
    }

    public static long requireValidLimit(long maxBytes) {
        if (maxBytes < 1 || maxBytes > LIMIT_MAX_BYTES) {
            throw new IllegalArgumentException("the receipt size limit (--max-receipt-bytes) must be between 1 and "
                    + LIMIT_MAX_BYTES + ", got " + maxBytes);
        }
        return maxBytes;
    }

    public Receipt read(Path file) {
        ReceiptFormat format = ReceiptFormat.of(file).orElseThrow(() -> new UnreadableReceiptException(
                file + ": not a receipt file; expected " + ReceiptFormat.extensions()));
        byte[] bytes = readBounded(file);
        String hash = sha256(bytes);
        try {
            return new Receipt(keyOf(file), file, hash, lines(file, format, bytes));
        } catch (UnreadableReceiptException e) {
            throw e.withContentHash(hash);
        }
    }

    private static List<String> lines(Path file, ReceiptFormat format, byte[] bytes) {
        String text = decode(file, bytes);
        List<String> lines = switch (format) {
            case OCR_TEXT -> ocrLines(text);
            case BOX_CSV -> boxLines(file, text);
        };
        if (lines.isEmpty()) {
            throw new UnreadableReceiptException(file + ": empty receipt (no text lines)");
        }
        return lines;
    }

    public static String keyOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private byte[] readBounded(Path file) {
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                // Opening a pipe waits for a writer forever; it was a file when the folder was listed.
                throw new UnreadableReceiptException(file + ": not a regular file (a pipe or device?)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                // Read one byte past the limit instead of trusting the size: files can grow.
                byte[] bytes = in.readNBytes((int) (maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new UnreadableReceiptException(file + ": larger than the receipt size limit of "
                            + maxBytes + " bytes; raise --max-receipt-bytes if it is really a receipt");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new UnreadableReceiptException(file + ": file disappeared before it could be read", e);
        } catch (IOException e) {
            throw new UnreadableReceiptException(file + ": cannot read: " + IoErrors.reason(e), e);
        }
    }

    private static String decode(Path file, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new UnreadableReceiptException(file + ": binary file (contains NUL bytes), not receipt text");
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException notUtf8) {
            // Older OCR tools write Latin-1; every byte sequence is valid there.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static List<String> ocrLines(String text) {
        List<String> lines = new ArrayList<>();
        text.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add);
        return lines;
    }

    private static List<String> boxLines(Path file, String text) {
        List<String> lines = new ArrayList<>();
        List<String> raw = text.lines().toList();
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String content = boxText(line);
            if (content == null) {
                throw new UnreadableReceiptException(file + ": line " + (i + 1)
                        + " is not a box line (x1,y1,x2,y2,x3,y3,x4,y4,text): " + abbreviate(line));
            }
            if (!content.isEmpty()) {
                lines.add(content);
            }
        }
        return lines;
    }

    /** The text after eight integer coordinates, or {@code null} when the line is not a box line. */
    private static String boxText(String line) {
        int start = 0;
        for (int i = 0; i < BOX_COORDINATES; i++) {
            int comma = line.indexOf(',', start);
            if (comma < 0 || !isInteger(line, start, comma)) {
                return null;
            }
            start = comma + 1;
        }
        return line.substring(start).strip();
    }

    private static boolean isInteger(String s, int from, int to) {
        return s.substring(from, to).strip().matches("-?\\d{1,9}");
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
