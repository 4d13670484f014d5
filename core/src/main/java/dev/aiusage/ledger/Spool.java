package dev.aiusage.ledger;

import dev.aiusage.TornLines;
import dev.aiusage.event.LedgerEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only file beside the ledger that keeps entries the ledger could not take (locked past the
 * timeout, deleted, disk full). The next open of the ledger imports it; import is idempotent by id.
 *
 * <p>Appends and imports, in this process and others, are serialised by a lock on a separate file
 * that is never deleted, so an import can never delete lines another writer has just appended.
 */
public final class Spool {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final int IMPORT_BATCH = 5_000;

    private final Path file;
    private final Path lockFile;

    private Spool(Path ledger) {
        Path absolute = ledger.toAbsolutePath().normalize();
        this.file = absolute.resolveSibling(absolute.getFileName() + ".spool");
        this.lockFile = absolute.resolveSibling(absolute.getFileName() + ".spool.lock");
    }

    public static Spool beside(Path ledger) {
        return new Spool(ledger);
    }

    public Path file() {
        return file;
    }

    /** Where lines that could not be imported are kept aside. */
    public Path rejectedFile() {
        return file.resolveSibling(file.getFileName() + ".rejected");
    }

    public boolean isPending() {
        return Files.exists(file);
    }

    /** Appends the entries and forces them to disk before returning. */
    public void append(List<? extends LedgerEntry> entries) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (LedgerEntry entry : entries) {
            lines.append(EntryCodec.encode(entry)).append('\n');
        }
        locked(() -> {
            String text = TornLines.endsMidLine(file) ? "\n" + lines : lines.toString();
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            return null;
        });
    }

    /** What an import found: entries stored (or already there), and lines that could not be read. */
    public record Imported(int entries, int unreadable) {}

    /**
     * Stores every readable entry of the spool in the ledger, then removes the spool. A line that
     * cannot be read (cut short by a crash) is counted and kept aside in {@code .spool.rejected}.
     */
    Imported importInto(EntryWriter writer) throws IOException {
        if (!isPending()) {
            return new Imported(0, 0);
        }
        return locked(() -> {
            if (!Files.exists(file)) {
                return new Imported(0, 0);
            }
            List<LedgerEntry> batch = new ArrayList<>();
            List<String> rejected = new ArrayList<>();
            int stored = 0;
            // A torn multi-byte character must cost only its own line, not the whole spool.
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        LedgerEntry entry = EntryCodec.decode(line);
                        EntryWriter.columns(entry); // an entry the ledger cannot store is rejected here, alone
                        batch.add(entry);
                    } catch (RuntimeException e) {
                        rejected.add(line);
                    }
                    if (batch.size() == IMPORT_BATCH) {
                        stored += write(writer, batch);
                    }
                }
            }
            stored += write(writer, batch);
            if (!rejected.isEmpty()) {
                Files.write(rejectedFile(), rejected, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            Files.delete(file);
            return new Imported(stored, rejected.size());
        });
    }

    private static int write(EntryWriter writer, List<LedgerEntry> batch) throws IOException {
        int size = batch.size();
        if (size > 0) {
            try {
                writer.write(batch);
            } catch (java.sql.SQLException e) {
                throw new IOException("cannot import the spool into the ledger: " + e.getMessage(), e);
            }
            batch.clear();
        }
        return size;
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T locked(Locked<T> action) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        local.lock();
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            assert held.isValid();
            return action.run();
        } finally {
            local.unlock();
        }
    }
}
