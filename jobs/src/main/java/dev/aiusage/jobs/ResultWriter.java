package dev.aiusage.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import dev.aiusage.TornLines;
import dev.aiusage.jobs.receipt.ReceiptFields;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends one JSON line per receipt to {@code results.jsonl} as each completes, so a crash loses at
 * most the line being written and memory stays flat however many receipts there are.
 */
final class ResultWriter implements AutoCloseable {

    static final String FILE_NAME = "results.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private final ReentrantLock lock = new ReentrantLock();

    /** {@code folder} exists: the job's lock lives in it. */
    ResultWriter(Path folder) {
        this.file = folder.resolve(FILE_NAME);
        try {
            boolean cutShort = TornLines.endsMidLine(file);
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (cutShort) {
                out.write('\n'); // a crash cut the last line; ours must not be glued onto it
            }
        } catch (IOException e) {
            throw new StorageException("cannot write results to " + file + ": " + IoErrors.reason(e), e);
        }
    }

    Path file() {
        return file;
    }

    void write(ReceiptResult result) {
        write(toJson(result));
    }

    /** Appends one line made by {@link #toJson}. */
    void write(String line) {
        lock.lock();
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new StorageException("cannot write results to " + file + ": " + IoErrors.reason(e), e);
        } finally {
            lock.unlock();
        }
    }

    static String toJson(ReceiptResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("receipt", result.receipt());
        ReceiptFields fields = switch (result) {
            case ReceiptResult.Ok ok -> ok.fields();
            case ReceiptResult.Failed failed -> ReceiptFields.EMPTY;
        };
        node.put("status", result instanceof ReceiptResult.Ok ? "ok" : "failed");
        node.put("merchant", fields.merchant());
        node.put("date", fields.date());
        node.put("total", fields.total());
        node.put("currency", fields.currency());
        node.put("address", fields.address());
        if (result instanceof ReceiptResult.Failed failed) {
            node.putObject("error").put("type", failed.errorType()).put("message", failed.message());
        } else {
            node.putNull("error");
        }
        node.put("file", result.file().toString());
        node.put("sha256", result.contentHash());
        try {
            return wellFormed(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException("a flat object always serialises", e);
        }
    }

    /**
     * The line with each unpaired surrogate (a model can answer one) replaced by U+FFFD: UTF-8 cannot
     * encode it, and writing it would fail the whole results file.
     */
    private static String wellFormed(String line) {
        StringBuilder fixed = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1));
            if (paired) {
                if (fixed != null) {
                    fixed.append(c).append(line.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(line.length()).append(line, 0, i);
                }
                fixed.append('\uFFFD');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? line : fixed.toString();
    }

    /**
     * Closes the file and, where a receipt file has more than one line (it was done again: changed,
     * retried, or redone after a crash) or a line is unreadable, rewrites it with one line per receipt
     * file, the last one written. Only the receipt names are held, not the lines. The rewrite goes to
     * a temporary file, is forced to disk, and replaces the results in one rename, so a crash at any
     * moment keeps one or the other whole.
     */
    void compact() {
        close();
        Map<String, Long> lastLineOf = new HashMap<>();
        long[] lines = {0};
        long unreadable = ResultLines.read(file, (line, node) -> lastLineOf.put(node.path("file").asText(), lines[0]++));
        Path temporary = file.resolveSibling(FILE_NAME + ".compacting");
        deleteLeftover(temporary); // and a link left there must not have its target written over
        if (unreadable == 0 && lastLineOf.size() == lines[0]) {
            return; // already one line per receipt
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                BufferedWriter rewritten = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8))) {
            long[] number = {0};
            ResultLines.read(file, (line, node) -> {
                if (lastLineOf.getOrDefault(node.path("file").asText(), -1L) == number[0]++) {
                    writeLine(rewritten, line);
                }
            });
            rewritten.flush();
            channel.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot rewrite results " + file + ": " + IoErrors.reason(e), e);
        } catch (UncheckedIOException e) {
            throw new StorageException("cannot rewrite results " + file + ": " + IoErrors.reason(e.getCause()), e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceFolder(file.getParent());
        } catch (IOException e) {
            throw new StorageException("cannot rewrite results " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** A rewrite a crash interrupted: the results it was made from are still whole. */
    private void deleteLeftover(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new StorageException("cannot remove " + temporary + " (left by an interrupted run): " + IoErrors.reason(e), e);
        }
    }

    private static void writeLine(BufferedWriter out, String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the rename durable: on Linux a folder is forced through a channel opened for reading. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a folder be opened; the rename itself is still atomic.
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            out.close();
        } catch (IOException e) {
            throw new StorageException("cannot finish results file " + file + ": " + IoErrors.reason(e), e);
        } finally {
            lock.unlock();
        }
    }
}
