package dev.aiusage.ledger;

import dev.aiusage.AiusageException;
import dev.aiusage.event.LedgerEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A SQLite file holding usage events and scope records. Writes come from one thread (the recorder's
 * writer); reports are computed in SQL.
 *
 * <pre>{@code
 * try (Ledger ledger = Ledger.open(Path.of("usage.db"))) {
 *     UsageTotals total = ledger.totals(UsageQuery.all().forJob("job-123"));
 * }
 * }</pre>
 */
public final class Ledger implements AutoCloseable {

    private final Path path;
    private final Connection connection;
    private final EntryWriter writer;
    // sqlite-jdbc connections are not thread-safe; a lock (not synchronized) keeps virtual threads unpinned.
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Ledger(Path path, Connection connection) throws SQLException {
        this.path = path;
        this.connection = connection;
        this.writer = new EntryWriter(connection);
    }

    /** Opens the ledger at {@code path}, creating it (and its folder) when missing. */
    public static Ledger open(Path path) {
        return open(path, true);
    }

    /** Opens a ledger that must already exist; nothing is created when it does not. */
    public static Ledger openExisting(Path path) {
        return open(path, false);
    }

    private static Ledger open(Path path, boolean create) {
        Connection connection = LedgerFile.open(path, create);
        try {
            return new Ledger(path.toAbsolutePath().normalize(), connection);
        } catch (SQLException e) {
            throw LedgerFile.failure(path, e);
        }
    }

    public Path path() {
        return path;
    }

    /** Stores the entries in one transaction: all of them, or (on failure) none. */
    public void append(List<? extends LedgerEntry> entries) throws SQLException {
        lock.lock();
        try {
            writer.write(entries);
        } finally {
            lock.unlock();
        }
    }

    /** One row per group of the query, ordered by group. */
    public List<UsageTotals> report(UsageQuery query) {
        lock.lock();
        try {
            return UsageReporter.rows(connection, query);
        } catch (SQLException e) {
            throw new AiusageException("cannot read ledger " + path + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The query's totals over every matching event, ignoring its grouping. */
    public UsageTotals totals(UsageQuery query) {
        return report(query.groupedBy(List.of())).getFirst();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            writer.close();
            connection.close();
        } catch (SQLException e) {
            throw new AiusageException("cannot close ledger " + path + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
