package dev.aiusage.jobs.receipt;

import dev.aiusage.AiusageException;
import dev.aiusage.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receipt files named on the command line: files as given, folders searched recursively (hidden
 * entries skipped, symbolic links followed), in a stable order, each file once.
 *
 * <p>Nothing here holds the list: {@link #find} checks the arguments and counts the receipts (keeping
 * only the count and a few examples of what it skipped), and every iteration lists the folders again,
 * lazily, as the job takes receipts. A job over a million receipts holds the paths of its open batches,
 * not a million. A receipt that appears or vanishes between the count and the run is simply processed
 * or failed when its turn comes.
 */
public final class ReceiptFiles implements Iterable<Path> {

    /** How many skipped entries are kept as examples; the rest are only counted. */
    private static final int SKIPPED_EXAMPLES = 5;

    /**
     * What was found in folders but is not processed: other files, pipes, entries that could not be
     * listed (each example with the reason), so the user can see what was ignored.
     */
    public record Skipped(int count, List<String> examples) {
        public Skipped {
            examples = List.copyOf(examples);
        }
    }

    /** A file or folder to take receipts from, by its real path. */
    private record Source(Path path, boolean folder) {}

    private final List<Source> sources;
    private final int count;
    private final Skipped skipped;

    private ReceiptFiles(List<Source> sources, int count, Skipped skipped) {
        this.sources = List.copyOf(sources);
        this.count = count;
        this.skipped = skipped;
    }

    /** Fails (as a usage error) when a path does not exist or nothing to process is found. */
    public static ReceiptFiles find(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new AiusageException("no receipts given; name receipt files or folders, e.g. 'aiusage run receipts/'");
        }
        List<Source> named = new ArrayList<>();
        for (Path path : paths) {
            named.add(source(path));
        }
        List<Source> sources = withoutOverlaps(named);
        int[] skippedCount = {0};
        List<String> examples = new ArrayList<>();
        int count = 0;
        for (Iterator<Path> files = receipts(sources, entry -> {
            if (skippedCount[0]++ < SKIPPED_EXAMPLES) {
                examples.add(entry);
            }
        }); files.hasNext(); files.next()) {
            count++;
        }
        if (count == 0) {
            throw new AiusageException("no receipt files in " + paths + "; expected " + ReceiptFormat.extensions()
                    + (skippedCount[0] == 0 ? "" : " (skipped " + skippedCount[0] + " other entries)"));
        }
        return new ReceiptFiles(sources, count, new Skipped(skippedCount[0], examples));
    }

    /** How many receipts were found when the arguments were checked. */
    public int count() {
        return count;
    }

    public Skipped skipped() {
        return skipped;
    }

    /** The receipts in order, listed as they are taken. */
    @Override
    public Iterator<Path> iterator() {
        return receipts(sources, entry -> { });
    }

    /**
     * The receipts of {@code sources} in order: named files as they are, folders walked as the receipts
     * are taken, what a walk skips handed to {@code skipped}.
     */
    private static Iterator<Path> receipts(List<Source> sources, Consumer<String> skipped) {
        List<Path> namedFiles = sources.stream().filter(source -> !source.folder()).map(Source::path).toList();
        Predicate<Path> namedAnyway = file -> !namedFiles.isEmpty() && namedFiles.contains(realPathOrSelf(file));
        // Not Stream.flatMap: its iterator buffers a whole inner stream, which would list a folder at once.
        Iterator<Source> rest = sources.iterator();
        return new Iterator<>() {
            private Iterator<Path> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && rest.hasNext()) {
                    Source source = rest.next();
                    current = !source.folder() ? List.of(source.path()).iterator()
                            : new FolderWalk(source.path(), skipped, target -> searchedAnyway(sources, target), namedAnyway);
                }
                return current.hasNext();
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Whether {@code file} is one of these receipts: named, or below a named folder (not hidden). */
    public boolean covers(Path file) {
        return sources.stream()
                .anyMatch(source -> source.folder() ? searchReaches(source.path(), file) : source.path().equals(file));
    }

    public Stream<Path> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    private static Source source(Path path) {
        if (!Files.exists(path)) {
            throw new AiusageException("no such file or folder: " + path);
        }
        if (Files.isDirectory(path)) {
            return new Source(realPath(path, "cannot list folder "), true);
        }
        if (!Files.isRegularFile(path)) {
            throw new AiusageException(path + " is not a regular file (a pipe or device?); name receipt files");
        }
        if (ReceiptFormat.of(path).isEmpty()) {
            throw new AiusageException(path + " is not a receipt file; expected " + ReceiptFormat.extensions());
        }
        return new Source(realPath(path, "cannot read receipt "), false);
    }

    /**
     * Each receipt once without remembering every path: a file or folder named twice is kept where it is
     * first named, and one that a named folder's search reaches anyway is left to that search.
     */
    private static List<Source> withoutOverlaps(List<Source> named) {
        List<Source> kept = new ArrayList<>();
        for (Source source : named) {
            boolean reachedAnyway = kept.contains(source) || searchedAnyway(named, source.path());
            if (!reachedAnyway) {
                kept.add(source);
            }
        }
        return kept;
    }

    /**
     * Whether searching one of the named folders finds {@code path} (a real path) by its own name: it
     * is a folder or a receipt file below one of them, not under a hidden name. A link to a file that
     * the search skips (not a receipt by its real name) is not found anyway, so it is kept.
     */
    private static boolean searchedAnyway(List<Source> named, Path path) {
        boolean searchable = Files.isDirectory(path) || ReceiptFormat.of(path).isPresent();
        return searchable && named.stream().anyMatch(other -> other.folder() && searchReaches(other.path(), path));
    }

    /** A receipt named on its own is left to that name, though a search reaches it through a link. */
    private static Path realPathOrSelf(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file;
        }
    }

    /** Whether searching {@code folder} finds {@code path}: it lies below it, and not under a hidden name. */
    private static boolean searchReaches(Path folder, Path path) {
        if (path.equals(folder) || !path.startsWith(folder)) {
            return false;
        }
        for (Path name : folder.relativize(path)) {
            if (name.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /**
     * A receipt is known by its path, resumed runs included: a file named through a linked folder is
     * the same receipt as the one found by searching that folder, whose real path the search starts from.
     */
    private static Path realPath(Path path, String failure) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new AiusageException(failure + path + ": " + IoErrors.reason(e), e);
        }
    }
}
