package dev.aiusage.ledger;

import dev.aiusage.AiusageException;
import dev.aiusage.StorageException;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.UsageEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Adds entries exported from another ledger (JSON lines of {@link EntryCodec}) to a ledger, all or
 * nothing: every line of every file is checked before anything is written, and the writing is one
 * transaction. An entry whose id is already stored is skipped, so importing a file twice changes
 * nothing.
 *
 * <pre>{@code
 * LedgerImport.Summary summary = LedgerImport.importFiles(Path.of("usage.db"), List.of(Path.of("laptop.jsonl")));
 * }</pre>
 */
public final class LedgerImport {

    private static final int BATCH = 5_000;

    /** What an import did: entries added, and entries skipped because their id was already stored. */
    public record Summary(long eventsAdded, long eventsPresent, long scopesAdded, long scopesPresent) {

        public long entries() {
            return eventsAdded + eventsPresent + scopesAdded + scopesPresent;
        }
    }

    private LedgerImport() {}

    /**
     * Imports the files into the ledger at {@code ledger}, creating it when missing, unless the files
     * hold no entries (then nothing is opened or created). A malformed line fails with
     * {@code FILE:LINE: reason} before the ledger is touched.
     */
    public static Summary importFiles(Path ledger, List<Path> files) {
        long entries = 0;
        for (Path file : files) {
            entries += validate(file);
        }
        if (entries == 0) {
            return new Summary(0, 0, 0, 0);
        }
        Path path = ledger.toAbsolutePath().normalize();
        try (Connection connection = LedgerFile.open(path, true, Ledger.DEFAULT_BUSY_TIMEOUT)) {
            return store(connection, path, files);
        } catch (SQLException e) {
            throw new StorageException("cannot import into ledger " + path + ": " + e.getMessage(), e);
        }
    }

    private static long validate(Path file) {
        long[] entries = {0};
        try {
            JsonLines.read(file, (number, line) -> {
                EntryWriter.columns(EntryCodec.decode(line)); // an entry the ledger cannot store fails here
                entries[0]++;
            });
        } catch (AiusageException e) {
            throw new AiusageException(e.getMessage() + "; nothing was imported", e);
        }
        return entries[0];
    }

    private static Summary store(Connection connection, Path path, List<Path> files) throws SQLException {
        // Take the write lock first: a read-then-write transaction could fail at once if another writer went between.
        connection.unwrap(SQLiteConnection.class).getConnectionConfig()
                .setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        connection.setAutoCommit(false);
        try (PreparedStatement events = connection.prepareStatement(EntryWriter.INSERT_EVENT);
                PreparedStatement scopes = connection.prepareStatement(EntryWriter.INSERT_SCOPE)) {
            Batches batches = new Batches(events, scopes);
            for (Path file : files) {
                JsonLines.read(file, (number, line) -> batches.add(EntryCodec.decode(line)));
            }
            batches.flush();
            connection.commit();
            return batches.summary();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            if (e instanceof UncheckedSql unchecked) {
                throw new StorageException("cannot import into ledger " + path + " (nothing was imported): "
                        + unchecked.getCause().getMessage(), unchecked.getCause());
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Inserts in batches and counts what each insert added (0: the id was already there). */
    private static final class Batches {
        private final PreparedStatement events;
        private final PreparedStatement scopes;
        private int pending;
        private long eventsSeen;
        private long eventsAdded;
        private long scopesSeen;
        private long scopesAdded;

        Batches(PreparedStatement events, PreparedStatement scopes) {
            this.events = events;
            this.scopes = scopes;
        }

        void add(LedgerEntry entry) {
            try {
                switch (entry) {
                    case UsageEvent event -> {
                        EntryWriter.bind(events, EntryWriter.eventColumns(event));
                        events.addBatch();
                        eventsSeen++;
                    }
                    case ScopeRecord scope -> {
                        EntryWriter.bind(scopes, EntryWriter.scopeColumns(scope));
                        scopes.addBatch();
                        scopesSeen++;
                    }
                }
                if (++pending == BATCH) {
                    flush();
                }
            } catch (SQLException e) {
                throw new UncheckedSql(e);
            }
        }

        void flush() throws SQLException {
            eventsAdded += added(events.executeBatch());
            scopesAdded += added(scopes.executeBatch());
            pending = 0;
        }

        Summary summary() {
            return new Summary(eventsAdded, eventsSeen - eventsAdded, scopesAdded, scopesSeen - scopesAdded);
        }

        private static long added(int[] counts) {
            long added = 0;
            for (int count : counts) {
                added += count > 0 ? 1 : 0;
            }
            return added;
        }
    }

    /** Carries a database failure out of a line handler. */
    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }
    }
}
