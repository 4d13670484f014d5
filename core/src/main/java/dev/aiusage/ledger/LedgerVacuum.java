package dev.aiusage.ledger;

import dev.aiusage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Gives a ledger's free pages back to the file system: folds the write-ahead log into the database,
 * then rebuilds the database compactly ({@code VACUUM}). It needs the ledger to itself for a moment,
 * so it gives up, changing nothing, when another process keeps it busy past the wait.
 *
 * <pre>{@code
 * LedgerVacuum.Result result = LedgerVacuum.run(Path.of("usage.db"), Duration.ofSeconds(3));
 * }</pre>
 */
public final class LedgerVacuum {

    /** The ledger's size on disk (database plus write-ahead log) before and after. */
    public record Result(Path path, long bytesBefore, long bytesAfter) {}

    private LedgerVacuum() {}

    /** Vacuums the ledger at {@code ledger}, which must exist; nothing is created when it does not. */
    public static Result run(Path ledger, Duration wait) {
        Path path = ledger.toAbsolutePath().normalize();
        long before = LedgerInfo.bytesOnDisk(path);
        try (Connection connection = LedgerFile.open(path, false, wait);
                Statement statement = connection.createStatement()) {
            if (!checkpoint(statement)) {
                throw busy(path, wait, null);
            }
            statement.execute("VACUUM");
            checkpoint(statement); // the log VACUUM wrote; readers that hold it back only delay this
        } catch (SQLException e) {
            if (isBusy(e)) {
                throw busy(path, wait, e);
            }
            throw new StorageException("cannot vacuum ledger " + path + ": " + e.getMessage(), e);
        }
        return new Result(path, before, LedgerInfo.bytesOnDisk(path));
    }

    /** Whether the whole log was folded in and truncated; false when another process held it back. */
    private static boolean checkpoint(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    private static boolean isBusy(SQLException e) {
        String reason = String.valueOf(e.getMessage());
        return reason.contains("SQLITE_BUSY") || reason.contains("SQLITE_LOCKED") || reason.contains("database is locked");
    }

    private static StorageException busy(Path path, Duration wait, SQLException cause) {
        return new StorageException("ledger " + path + " is busy: another process (a running job?) kept it for more than "
                + wait.toSeconds() + " s; nothing was changed; vacuum when it has finished, or wait longer with --wait",
                cause);
    }
}
