package dev.aiusage.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/** Reads a job's {@code results.jsonl} as earlier runs left it: a line a crash cut short is skipped. */
final class ResultLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultLines() {}

    /**
     * Each whole line, raw and parsed; lines that are not JSON objects naming a file are skipped.
     * Returns how many were skipped.
     */
    static long read(Path resultsFile, BiConsumer<String, JsonNode> each) {
        if (!Files.exists(resultsFile)) {
            return 0;
        }
        // Lenient decoding: a line cut inside a multi-byte character must not block the job forever.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(resultsFile), decoder))) {
            long skipped = 0;
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = parse(line);
                if (node != null) {
                    each.accept(line, node);
                } else {
                    skipped++;
                }
            }
            return skipped;
        } catch (IOException e) {
            throw new StorageException("cannot read earlier results " + resultsFile + ": " + IoErrors.reason(e), e);
        }
    }

    /** The line parsed, or null when it is not a JSON object naming a file (cut short, junk, null). */
    static JsonNode parse(String line) {
        if (line == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() && node.hasNonNull("file") ? node : null;
        } catch (IOException truncated) {
            return null;
        }
    }
}
