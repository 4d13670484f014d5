package dev.aiusage.ledger;

import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * What a ledger holds and how large it is, read without changing it (its spool is counted, not
 * imported).
 *
 * @param firstEvent when the earliest usage event started, {@code null} when there is none
 * @param lastEvent  when the latest usage event started, {@code null} when there is none
 * @param databaseBytes the database file; {@code walBytes} the write-ahead log beside it
 * @param spoolEntries entries waiting in the spool for the next open; {@code rejectedSpoolLines} spool
 *        lines that could not be read and were kept aside
 */
public record LedgerInfo(Path path, int schemaVersion, long events, long scopes, Instant firstEvent, Instant lastEvent,
        long databaseBytes, long walBytes, long spoolEntries, long rejectedSpoolLines) {

    /** Reads the ledger at {@code ledger}, which must exist; nothing is created when it does not. */
    public static LedgerInfo of(Path ledger) {
        Path path = ledger.toAbsolutePath().normalize();
        try (Connection connection = LedgerFile.open(path, false, Ledger.DEFAULT_BUSY_TIMEOUT);
                Statement statement = connection.createStatement()) {
            int version = (int) single(statement, "PRAGMA user_version");
            long events;
            long scopes;
            Long first;
            Long last;
            statement.execute("BEGIN"); // one snapshot: counts and times agree with each other
            try (ResultSet rs = statement.executeQuery(
                    "SELECT count(*), min(started_at), max(started_at) FROM usage_event")) {
                rs.next();
                events = rs.getLong(1);
                first = nullable(rs, 2);
                last = nullable(rs, 3);
                scopes = single(statement, "SELECT count(*) FROM scope_record");
            } finally {
                statement.execute("COMMIT");
            }
            Spool spool = Spool.beside(path);
            return new LedgerInfo(path, version, events, scopes, instant(first), instant(last), size(path),
                    size(wal(path)), lines(spool.file()), lines(spool.rejectedFile()));
        } catch (SQLException e) {
            throw LedgerFile.readFailure(path, e);
        }
    }

    public long totalBytes() {
        return databaseBytes + walBytes;
    }

    /** The database and its write-ahead log together: what the ledger takes on disk. */
    static long bytesOnDisk(Path ledger) {
        return size(ledger) + size(wal(ledger));
    }

    private static Path wal(Path ledger) {
        return ledger.resolveSibling(ledger.getFileName() + "-wal");
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0; // deleted between the two calls: it takes no room
        }
    }

    private static long lines(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            return in.lines().filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }
}
