package dev.aiusage.jobs.receipt;

import dev.aiusage.AiusageException;
import dev.aiusage.IoErrors;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The receipt files named on the command line: files as given, folders searched recursively (hidden
 * entries skipped, symbolic links followed), in a stable order, each file once.
 *
 * @param files   the receipts to process
 * @param skipped what was found in folders but is not processed: other files, pipes, entries that
 *                vanished or could not be listed (with the reason), so the user can see what was ignored
 */
public record ReceiptFiles(List<Path> files, List<String> skipped) {

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
        List<String> skipped = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new AiusageException("no such file or folder: " + path);
            }
            if (Files.isDirectory(path)) {
                files.addAll(collect(path, skipped));
            } else if (!Files.isRegularFile(path)) {
                throw new AiusageException(path + " is not a regular file (a pipe or device?); name receipt files");
            } else if (ReceiptFormat.of(path).isPresent()) {
                files.add(realPath(path));
            } else {
                throw new AiusageException(path + " is not a receipt file; expected " + ReceiptFormat.extensions());
            }
        }
        if (files.isEmpty()) {
            throw new AiusageException("no receipt files in " + paths + "; expected " + ReceiptFormat.extensions()
                    + (skipped.isEmpty() ? "" : " (skipped " + skipped.size() + " other entries)"));
        }
        return new ReceiptFiles(new ArrayList<>(files), skipped);
    }

    private static Set<Path> collect(Path folder, List<String> skipped) {
        Set<Path> found = new TreeSet<>();
        try {
            Path root = folder.toRealPath();
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (isHidden(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (attrs.isRegularFile() && ReceiptFormat.of(file).isPresent()) {
                                found.add(file);
                            } else {
                                skipped.add(file + (attrs.isRegularFile() ? "" : " (not a regular file)"));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            skipped.add(file + " (" + IoErrors.reason(e) + ")");
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new AiusageException("cannot list folder " + folder + ": " + IoErrors.reason(e), e);
        }
        return found;
    }

    /**
     * A receipt is known by its path, resumed runs included: a file named through a linked folder is
     * the same receipt as the one found by searching that folder, whose real path the search starts from.
     */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new AiusageException("cannot read receipt " + file + ": " + IoErrors.reason(e), e);
        }
    }

    private static boolean isHidden(Path path) {
        return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }
}
