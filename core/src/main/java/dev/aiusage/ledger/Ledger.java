package dev.aiusage.ledger;

import dev.aiusage.StorageException;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.pricing.PriceCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private final Path path;
    private final Duration busyTimeout;
    private final Connection connection;
    private final EntryWriter writer;
    private final Object fileKey;
    // sqlite-jdbc connections are not thread-safe; a lock (not synchronized) keeps virtual threads unpinned.
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Ledger(Path path, Duration busyTimeout, Connection connection) throws SQLException {
        this.busyTimeout = busyTimeout;
        this.path = path;
        this.connection = connection;
        this.writer = new EntryWriter(connection);
        this.fileKey = fileKey();
    }

    /**
     * The file's identity (device and inode on Unix; a stand-in object where the file system has
     * none), or null when it is gone.
     */
    private Object fileKey() {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key != null ? key : path;
        } catch (IOException gone) {
            return null;
        }
    }

    /** How long a write waits for another process that holds the ledger before the spool takes over. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(3);

    /** Opens the ledger at {@code path}, creating it (and its folder) when missing. */
    public static Ledger open(Path path) {
        return open(path, true, DEFAULT_BUSY_TIMEOUT);
    }

    /** Opens the ledger, waiting at most {@code busyTimeout} for other processes that hold it. */
    public static Ledger open(Path path, Duration busyTimeout) {
        return open(path, true, busyTimeout);
    }

    /** Opens a ledger that must already exist; nothing is created when it does not. */
    public static Ledger openExisting(Path path) {
        return open(path, false, DEFAULT_BUSY_TIMEOUT);
    }

    private static Ledger open(Path path, boolean create, Duration busyTimeout) {
        Connection connection = LedgerFile.open(path, create, busyTimeout);
        Ledger ledger;
        try {
            ledger = new Ledger(path.toAbsolutePath().normalize(), busyTimeout, connection);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the failure to report is the one above
            }
            throw e instanceof SQLException sql ? LedgerFile.failure(path, sql) : (RuntimeException) e;
        }
        ledger.importSpool();
        return ledger;
    }

    /** Entries an earlier process could not store here are stored now, once each. */
    private void importSpool() {
        Spool spool = Spool.beside(path);
        if (!spool.isPending()) {
            return;
        }
        lock.lock();
        try {
            Spool.Imported imported = spool.importInto(writer);
            LOG.info("imported {} entries from spool {}", imported.entries(), spool.file());
            if (imported.unreadable() > 0) {
                LOG.warn("{} unreadable lines in spool {} were kept aside in {}.rejected", imported.unreadable(),
                        spool.file(), spool.file().getFileName());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot import spool {} into ledger {} (it is kept for the next open): {}", spool.file(), path,
                    e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    public Path path() {
        return path;
    }

    /** Stores the entries in one transaction: all of them, or (on failure) none. */
    public void append(List<? extends LedgerEntry> entries) throws SQLException {
        lock.lock();
        try {
            // SQLite keeps writing to a deleted (or replaced) file's inode without complaint; those rows
            // would vanish.
            Object current = fileKey();
            if (current == null || (fileKey != null && !fileKey.equals(current))) {
                throw new SQLException("the ledger file " + path + " was deleted or replaced while in use");
            }
            writer.write(entries);
        } finally {
            lock.unlock();
        }
    }

    /** One row per group of the query, ordered by group. */
    public List<UsageTotals> report(UsageQuery query) {
        return read(connection -> UsageReporter.rows(connection, query));
    }

    /**
     * Recomputes the cost of computed and estimated events (never provider-reported ones) with
     * {@code catalog}, optionally only since a time and for one model; all in one transaction, or
     * none with {@code dryRun}.
     */
    public RepriceSummary reprice(PriceCatalog catalog, Instant since, String model, boolean dryRun) {
        lock.lock();
        try {
            return Repricer.reprice(connection, catalog, since, model, dryRun);
        } catch (SQLException e) {
            throw new StorageException("cannot update ledger " + path + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The query's totals over every matching event, ignoring its grouping. */
    public UsageTotals totals(UsageQuery query) {
        return report(query.groupedBy(List.of())).getFirst();
    }

    /**
     * The grouped report with its total (latency percentiles included) and the unpriced models. A
     * grouped report's total percentiles need a scan of their own: it runs beside the grouped query,
     * on a second read-only connection (the machine's second core), rather than after it. Both read
     * committed data; usage recorded between their two snapshots can only move a percentile, never a sum.
     */
    public UsageReport usageReport(UsageQuery query) {
        if (query.groupBy().isEmpty()) {
            return read(connection -> UsageReporter.report(connection, query));
        }
        FutureTask<UsageTotals.Latency> totalLatency = new FutureTask<>(() -> {
            try (Connection reader = LedgerFile.openReader(path, busyTimeout)) {
                return UsageReporter.latency(reader, query);
            }
        });
        Thread.ofPlatform().name("aiusage-report-latency").daemon().start(totalLatency);
        return read(connection -> UsageReporter.report(connection, query, UsageReporter.Plan.INDEX_ORDER,
                ignored -> awaitLatency(totalLatency)));
    }

    private UsageTotals.Latency awaitLatency(FutureTask<UsageTotals.Latency> totalLatency) throws SQLException {
        try {
            return totalLatency.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while computing the total's latency", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause() == null ? "failed" : e.getCause().getMessage(), e.getCause());
        }
    }

    /** Every job with usage or scopes starting in {@code [since, until)} (null: unbounded), by start. */
    public List<JobSummary> jobs(Instant since, Instant until) {
        return read(connection -> JobReporter.jobs(connection, since, until));
    }

    /** One job's summary, batches and failure samples; empty when the ledger holds nothing of it. */
    public Optional<JobDetail> job(String jobId) {
        return read(connection -> JobReporter.job(connection, jobId));
    }

    /**
     * For each value of {@code keyAttribute} among this job's scopes of {@code operation}, the
     * {@code valueAttribute} of the latest one (null when it lacks it), handed to {@code each} as
     * (key, value) in no set order: what each of a job's items last recorded, for a job that keeps state
     * in scope attributes, e.g. to recover what a crash kept from its own files.
     */
    public void forEachLatest(String jobId, String operation, String keyAttribute, String valueAttribute,
            BiConsumer<String, String> each) {
        read(connection -> {
            LatestScopes.forEach(connection, jobId, operation, keyAttribute, valueAttribute, each);
            return null;
        });
    }

    private interface Read<T> {
        T from(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        lock.lock();
        try {
            return read.from(connection);
        } catch (SQLException e) {
            throw LedgerFile.readFailure(path, e);
        } finally {
            lock.unlock();
        }
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
            throw new StorageException("cannot close ledger " + path + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
