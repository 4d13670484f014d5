package dev.aiusage.jobs.receipt;

import dev.aiusage.AiusageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The receipt files named on the command line: files as given, folders searched recursively (hidden
 * entries skipped), in a stable order, each file once.
 *
 * @param files   the receipts to process
 * @param skipped files found in folders that are not receipts, so the user can see what was ignored
 */
public record ReceiptFiles(List<Path> files, List<Path> skipped) {

    public ReceiptFiles {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }

    /** Fails (as a usage error) when a path does not exist or nothing to process is found. */
    public static ReceiptFiles find(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new AiusageException("no receipts given; name receipt files or folders, e.g. 'aiusage run receipts/'");
        }
        Set<Path> files = new LinkedHashSet<>();
        List<Path> skipped = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new AiusageException("no such file or folder: " + path);
            }
            if (Files.isDirectory(path)) {
                collect(path, files, skipped);
            } else if (ReceiptFormat.of(path).isPresent()) {
                files.add(path.toAbsolutePath().normalize());
            } else {
                throw new AiusageException(path + " is not a receipt file; expected " + ReceiptFormat.extensions());
            }
        }
        if (files.isEmpty()) {
            throw new AiusageException("no receipt files in " + paths + "; expected " + ReceiptFormat.extensions()
                    + (skipped.isEmpty() ? "" : " (skipped " + skipped.size() + " other files)"));
        }
        return new ReceiptFiles(new ArrayList<>(files), skipped);
    }

    private static void collect(Path folder, Set<Path> files, List<Path> skipped) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> !p.equals(folder) && !isHidden(folder.relativize(p)))
                    .filter(Files::isRegularFile)
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted()
                    .forEach(p -> (ReceiptFormat.of(p).isPresent() ? files : skipped).add(p));
        } catch (IOException | UncheckedIOException e) {
            throw new AiusageException("cannot list folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
