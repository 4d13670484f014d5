package dev.aiusage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes N receipt files for a benchmark: the SROIE OCR receipts from {@code ../shared} in turn (each
 * copy made unique by its number), or the bundled samples when that folder is absent.
 */
final class SyntheticReceipts {

    private SyntheticReceipts() {}

    static Path write(Path folder, int count) throws IOException {
        List<String> texts = sources();
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Path sub = Files.createDirectories(folder.resolve(String.format("part-%03d", i / 1_000)));
            Files.writeString(sub.resolve(String.format("r%06d.txt", i)), texts.get(i % texts.size()) + "\nREF " + i + "\n");
        }
        return folder;
    }

    private static List<String> sources() throws IOException {
        Path sroie = Path.of("../shared/receipts/sroie/ocr");
        Path folder = Files.isDirectory(sroie) ? sroie : Path.of("sample-receipts");
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".txt")).sorted().toList()) {
                texts.add(Files.readString(file));
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalStateException("no .txt receipts in " + folder.toAbsolutePath());
        }
        System.err.println("receipts made from " + texts.size() + " texts in " + folder);
        return texts;
    }
}
