package dev.aiusage.jobs.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import dev.aiusage.jobs.receipt.Receipt;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Appends one JSON line per embedded receipt to {@code embeddings.jsonl} in the job's folder. */
public final class VectorWriter implements AutoCloseable {

    public static final String FILE_NAME = "embeddings.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    public VectorWriter(Path jobFolder) {
        this.file = jobFolder.resolve(FILE_NAME);
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
    }

    public synchronized void write(Receipt receipt, String model, List<Float> vector) {
        ObjectNode line = JSON.createObjectNode()
                .put("receipt", receipt.key())
                .put("file", receipt.file().toString())
                .put("sha256", receipt.contentHash())
                .put("model", model)
                .put("dimensions", vector.size());
        vector.forEach(line.putArray("vector")::add);
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
    }
}
