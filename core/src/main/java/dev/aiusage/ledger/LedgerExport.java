package dev.aiusage.ledger;

import dev.aiusage.StorageException;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.UsageEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Reads a ledger's entries back, exactly as they were stored, to move them elsewhere: to another
 * ledger (through {@link EntryCodec} and {@link LedgerImport}) or to a spreadsheet.
 *
 * <pre>{@code
 * try (LedgerExport export = LedgerExport.open(Path.of("usage.db"))) {
 *     export.entries(EntryFilter.all().forJob("job-123"), entry -> out.println(EntryCodec.encode(entry)));
 * }
 * }</pre>
 */
public final class LedgerExport implements AutoCloseable {

    private final Path path;
    private final Connection connection;
    private final EntryReader reader;

    private LedgerExport(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
        this.reader = new EntryReader(connection);
    }

    /** Opens a ledger that must exist; nothing is created when it does not. */
    public static LedgerExport open(Path ledger) {
        Path path = ledger.toAbsolutePath().normalize();
        return new LedgerExport(path, LedgerFile.open(path, false, Ledger.DEFAULT_BUSY_TIMEOUT));
    }

    public Path path() {
        return path;
    }

    /** The matching usage events, then the matching scope records, each oldest first. */
    public void entries(EntryFilter filter, Consumer<? super LedgerEntry> sink) {
        try {
            reader.events(filter, sink);
            reader.scopes(filter, sink);
        } catch (SQLException e) {
            throw LedgerFile.readFailure(path, e);
        }
    }

    /** The matching usage events, oldest first. */
    public void events(EntryFilter filter, Consumer<? super UsageEvent> sink) {
        try {
            reader.events(filter, sink);
        } catch (SQLException e) {
            throw LedgerFile.readFailure(path, e);
        }
    }

    /** Every attribute name the matching usage events carry, sorted. */
    public SortedSet<String> eventAttributeKeys(EntryFilter filter) {
        try {
            return reader.eventAttributeKeys(filter);
        } catch (SQLException e) {
            throw LedgerFile.readFailure(path, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close ledger " + path + ": " + e.getMessage(), e);
        }
    }
}
