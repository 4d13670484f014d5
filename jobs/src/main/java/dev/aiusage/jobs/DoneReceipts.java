package dev.aiusage.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The receipts an earlier run of a job finished, ok or failed: same file, same content. A changed
 * file is a new receipt; a line cut short by a crash is not a finished receipt, so it is done again.
 */
final class DoneReceipts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** identity -> whether it ended ok */
    private final Map<String, Boolean> done;

    private DoneReceipts(Map<String, Boolean> done) {
        this.done = done;
    }

    static DoneReceipts load(Path resultsFile) {
        Map<String, Boolean> done = new HashMap<>();
        if (!Files.exists(resultsFile)) {
            return new DoneReceipts(done);
        }
        // Lenient decoding: a line cut inside a multi-byte character must not block the job forever.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(resultsFile), decoder))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = parse(line);
                if (node != null && node.hasNonNull("sha256") && node.hasNonNull("file")) {
                    done.put(identity(node.path("file").asText(), node.path("sha256").asText()),
                            "ok".equals(node.path("status").asText()));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot read earlier results " + resultsFile + ": " + IoErrors.reason(e), e);
        }
        return new DoneReceipts(done);
    }

    boolean contains(Path file, String contentHash) {
        return done.containsKey(identity(file.toString(), contentHash));
    }

    /** Finished, but failed: unchanged content would fail the same way, so it is not redone. */
    boolean failed(Path file, String contentHash) {
        return Boolean.FALSE.equals(done.get(identity(file.toString(), contentHash)));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException truncated) {
            return null;
        }
    }

    private static String identity(String file, String sha256) {
        return file + '\n' + sha256;
    }
}
