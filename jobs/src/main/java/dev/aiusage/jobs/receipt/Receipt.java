package dev.aiusage.jobs.receipt;

import java.nio.file.Path;
import java.util.List;

/**
 * One receipt's text, one OCR line per element.
 *
 * @param key         the file name without its extension, which names the receipt in results
 * @param file        where it was read from
 * @param contentHash SHA-256 of the file's bytes, hex; a changed file is a different receipt
 */
public record Receipt(String key, Path file, String contentHash, List<String> lines) {

    public Receipt {
        lines = List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }
}
