package dev.aiusage.ledger;

import dev.aiusage.AiusageException;
import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;

/**
 * Opens a ledger file safely: a file that is not a SQLite database, a database that is not a ledger,
 * or a ledger from a newer aiusage is refused with a message and left exactly as it was.
 */
final class LedgerFile {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private LedgerFile() {}

    static Connection open(Path path, boolean createIfMissing, Duration busyTimeout) {
        Path file = path.toAbsolutePath().normalize();
        boolean exists = Files.exists(file);
        if (!exists && !createIfMissing) {
            throw new AiusageException("no ledger at " + file
                    + "; run 'aiusage run' first, or point --ledger (or AIUSAGE_LEDGER) at an existing ledger");
        }
        if (exists) {
            requireSqliteFile(file, createIfMissing);
        } else {
            createParent(file);
        }
        Connection connection = connect(file, busyTimeout);
        try {
            whileBusy(busyTimeout, () -> adoptOrMigrate(connection, file));
            if (createIfMissing) {
                requireWritable(connection, file);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e instanceof AiusageException ae ? ae : failure(file, e);
        }
    }

    /** A step that may meet SQLITE_BUSY. */
    private interface Step {
        void run() throws SQLException;
    }

    /**
     * Runs a step again while SQLite says the file is busy, up to the busy timeout. Processes creating
     * the same new ledger at once contend for it in ways SQLite's busy handler does not wait out: the
     * switch to WAL needs the file alone, and a read transaction cannot always become a write one.
     */
    private static void whileBusy(Duration busyTimeout, Step step) throws SQLException {
        long deadline = System.nanoTime() + busyTimeout.toNanos();
        long pauseMillis = 1;
        while (true) {
            try {
                step.run();
                return;
            } catch (SQLException e) {
                boolean busy = String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
                if (!busy || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the ledger was busy", e);
            }
            pauseMillis = Math.min(50, pauseMillis * 2);
        }
    }

    /** An empty file may become a ledger only where the caller asked for one to be created. */
    private static void requireSqliteFile(Path file, boolean mayInitialise) {
        if (Files.isDirectory(file)) {
            throw new AiusageException(file + " is a directory, not a ledger file; pass a file path to --ledger");
        }
        if (!Files.isRegularFile(file)) {
            throw new AiusageException(file + " is not a regular file (a pipe or device?); pass a ledger file to --ledger");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if (header.length == 0 && !mayInitialise) {
                throw new AiusageException(file + " is an empty file, not an aiusage ledger; it was left unchanged; "
                        + "pass another path to --ledger");
            }
            if (header.length > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
                throw new AiusageException(file + " is not an aiusage ledger (not a SQLite database); "
                        + "it was left unchanged; pass another path to --ledger");
            }
        } catch (IOException e) {
            throw new AiusageException("cannot read ledger " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createParent(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the folder for ledger " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /**
     * A second, read-only connection to a ledger this process already opened (and so validated and
     * migrated), for a query run beside the main connection's.
     */
    static Connection openReader(Path file, Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.setReadOnly(true);
        try {
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    private static Connection connect(Path file, Duration busyTimeout) {
        // Only settings that leave the file untouched: WAL is switched on once we know it is ours.
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        try {
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    private static void adoptOrMigrate(Connection connection, Path file) throws SQLException {
        int applicationId;
        int version;
        boolean hasTables;
        // One read transaction: a consistent snapshot, even while another process creates the ledger.
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
            try {
                applicationId = pragma(connection, "application_id");
                version = pragma(connection, "user_version");
                hasTables = hasTables(connection);
            } finally {
                statement.execute("COMMIT");
            }
        }
        if (applicationId == 0 && (version != 0 || hasTables)) {
            throw new AiusageException(file + " is a SQLite database but not an aiusage ledger; "
                    + "it was left unchanged; pass another path to --ledger");
        }
        if (applicationId != 0 && applicationId != Schema.APPLICATION_ID) {
            throw new AiusageException(file + " is a SQLite database of another application (application_id "
                    + applicationId + "), not an aiusage ledger; it was left unchanged");
        }
        if (version > Schema.CURRENT_VERSION) {
            throw new AiusageException(file + " was written by a newer aiusage (ledger schema " + version
                    + "; this version reads up to " + Schema.CURRENT_VERSION + "); upgrade aiusage to use it");
        }
        if (applicationId == Schema.APPLICATION_ID && version > 0 && !hasLedgerTables(connection)) {
            throw new AiusageException(file + " is marked as an aiusage ledger but its tables are missing; "
                    + "it was left unchanged; restore it from a backup, or point --ledger at a new file");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            // NORMAL in WAL mode survives a killed process (the OS holds the written pages); only a power
            // cut can lose the last transactions, which FULL would protect at several times the cost.
            statement.execute("PRAGMA synchronous = NORMAL");
        }
        if (version < Schema.CURRENT_VERSION) {
            Schema.migrate(connection);
        }
    }

    private static boolean hasLedgerTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('usage_event', 'scope_record')")) {
            return rs.next() && rs.getInt(1) == 2;
        }
    }

    /** Finds a read-only ledger before any work is done, not after, when its usage has nowhere to go. */
    private static void requireWritable(Connection connection, Path file) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("READONLY") || reason.contains("readonly")) {
                throw new AiusageException("ledger " + file + " is read-only; make it writable, or point --ledger at "
                        + "another file", e);
            }
            // Busy or other transient trouble: writes will retry, then spool.
        }
    }

    private static int pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean hasTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    static AiusageException failure(Path file, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.contains("SQLITE_NOTADB") || reason.contains("not a database")) {
            return new AiusageException(file + " is not an aiusage ledger (corrupt or not a database); "
                    + "it was left unchanged; pass another path to --ledger", e);
        }
        if (isCorrupt(reason)) {
            return new AiusageException(corrupt(file, reason), e);
        }
        return new AiusageException("cannot open ledger " + file + ": " + reason, e);
    }

    private static boolean isCorrupt(String reason) {
        return reason.contains("SQLITE_CORRUPT") || reason.contains("malformed");
    }

    private static String corrupt(Path file, String reason) {
        return "ledger " + file + " is corrupt (" + reason.replaceAll("^\\[\\w+]\\s*", "")
                + "); restore it from a backup, or point --ledger at a new file";
    }

    /** A failed read, saying plainly when the file is corrupt rather than quoting SQLite's codes. */
    static StorageException readFailure(Path file, SQLException e) {
        String reason = String.valueOf(e.getMessage());
        if (isCorrupt(reason)) {
            return new StorageException(corrupt(file, reason), e);
        }
        return new StorageException("cannot read ledger " + file + ": " + reason, e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the open already failed; that failure is the one to report
        }
    }
}
