package dev.aiusage.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import dev.aiusage.TornLines;
import dev.aiusage.jobs.receipt.ReceiptFields;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
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
        String line = toJson(result);
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
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("a flat object always serialises", e);
        }
    }

    /**
     * Closes the file and rewrites it with one line per receipt file, the last one written: a receipt
     * done again (changed, retried, or redone after a crash) never appears twice. The rewrite goes to a
     * temporary file first and replaces the results in one rename, so a crash keeps one or the other.
     */
    void compact() {
        close();
        Map<String, String> lastByFile = new LinkedHashMap<>();
        Path temporary = file.resolveSibling(FILE_NAME + ".compacting");
        try {
            ResultLines.read(file, (line, node) -> {
                String key = node.path("file").asText();
                lastByFile.remove(key);
                lastByFile.put(key, line);
            });
            try (BufferedWriter rewritten = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                for (String line : lastByFile.values()) {
                    rewritten.write(line);
                    rewritten.write('\n');
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot rewrite results " + file + ": " + IoErrors.reason(e), e);
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
