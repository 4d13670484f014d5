package dev.aiusage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * For append-only files of lines (the spool, results.jsonl): a crash can cut the last line short, and
 * the next line appended must start on a line of its own rather than be glued onto the torn one.
 */
public final class TornLines {

    private TornLines() {}

    /** Whether {@code file} exists and its last byte is not a newline. */
    public static boolean endsMidLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }
}
