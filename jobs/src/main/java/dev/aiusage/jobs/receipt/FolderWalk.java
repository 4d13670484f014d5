package dev.aiusage.jobs.receipt;

import dev.aiusage.IoErrors;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The receipt files under a folder, depth first, each folder's entries in name order, listed as they are
 * asked for: only the folders on the way down to the current file are held, so walking a tree of a million
 * receipts holds the entries of a few folders, not a million paths. Hidden entries are skipped, symbolic
 * links followed (a link back to a folder above is reported, not followed round) unless their target is
 * found through its own path by a search of the job anyway, and whatever is not a receipt or cannot be
 * read is handed to {@code skipped} with the reason.
 */
final class FolderWalk implements Iterator<Path> {

    /** A folder being walked: its identity (to notice link loops) and its entries still to visit. */
    private record Level(Object fileKey, Iterator<Path> entries) {}

    private final Consumer<String> skipped;
    private final Predicate<Path> searchedAnyway;
    private final Predicate<Path> namedAnyway;
    private final Deque<Level> path = new ArrayDeque<>();
    private Path next;

    /**
     * {@code searchedAnyway}: whether a link's target (a real path) is found by a search without it;
     * {@code namedAnyway}: whether a receipt file found here is also named on its own.
     */
    FolderWalk(Path root, Consumer<String> skipped, Predicate<Path> searchedAnyway, Predicate<Path> namedAnyway) {
        this.skipped = skipped;
        this.searchedAnyway = searchedAnyway;
        this.namedAnyway = namedAnyway;
        try {
            enter(root, Files.readAttributes(root, BasicFileAttributes.class));
        } catch (IOException e) {
            skipped.accept(root + " (" + IoErrors.reason(e) + ")");
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Path next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Path file = next;
        next = null;
        return file;
    }

    private Path advance() {
        while (!path.isEmpty()) {
            Iterator<Path> entries = path.peek().entries();
            if (!entries.hasNext()) {
                path.pop();
                continue;
            }
            Path entry = entries.next();
            if (entry.getFileName().toString().startsWith(".")) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    if (searchedAnyway.test(entry.toRealPath())) {
                        continue; // the same receipts, found once, by their own path
                    }
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                }
            } catch (IOException e) {
                skipped.accept(entry + " (" + IoErrors.reason(e) + ")");
                continue;
            }
            if (attributes.isDirectory()) {
                enter(entry, attributes);
            } else if (attributes.isRegularFile() && ReceiptFormat.of(entry).isPresent()) {
                if (!namedAnyway.test(entry)) {
                    return entry;
                }
            } else {
                skipped.accept(entry + (attributes.isRegularFile() ? "" : " (not a regular file)"));
            }
        }
        return null;
    }

    private void enter(Path folder, BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        if (key != null && path.stream().anyMatch(level -> Objects.equals(key, level.fileKey()))) {
            skipped.accept(folder + " (symbolic links form a loop)");
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
            listing.forEach(entries::add);
        } catch (IOException e) {
            skipped.accept(folder + " (" + IoErrors.reason(e) + ")");
            return;
        } catch (DirectoryIteratorException e) {
            skipped.accept(folder + " (" + IoErrors.reason(e.getCause()) + ")");
            return;
        }
        entries.sort(null);
        path.push(new Level(key, entries.iterator()));
    }
}
