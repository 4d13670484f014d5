package dev.aiusage.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The ledger's tables, versioned in {@code PRAGMA user_version}; each migration moves one version up,
 * inside the transaction that records the new version.
 *
 * <p>Times are epoch milliseconds (UTC); costs are whole nano-dollars, NULL when unpriced. Indexes
 * are few on purpose: each one slows ingest, and reports filter mainly by job and time.
 */
final class Schema {

    /** "AIUS": marks a SQLite file as an aiusage ledger, so we never adopt someone else's database. */
    static final int APPLICATION_ID = 0x41495553;

    private static final List<String> V1 = List.of(
            """
            CREATE TABLE usage_event (
              event_id              TEXT    NOT NULL UNIQUE,
              call_id               TEXT    NOT NULL,
              attempt               INTEGER NOT NULL,
              started_at            INTEGER NOT NULL,
              ended_at              INTEGER NOT NULL,
              latency_ms            INTEGER NOT NULL,
              provider              TEXT    NOT NULL,
              api                   TEXT    NOT NULL,
              request_model         TEXT,
              response_model        TEXT,
              price_key             TEXT,
              input_tokens          INTEGER NOT NULL,
              cache_read_tokens     INTEGER NOT NULL,
              cache_write_5m_tokens INTEGER NOT NULL,
              cache_write_1h_tokens INTEGER NOT NULL,
              output_tokens         INTEGER NOT NULL,
              reasoning_tokens      INTEGER NOT NULL,
              audio_input_tokens    INTEGER NOT NULL,
              audio_output_tokens   INTEGER NOT NULL,
              cost_nanos            INTEGER,
              cost_source           TEXT    NOT NULL,
              status                TEXT    NOT NULL,
              http_status           INTEGER,
              error_type            TEXT,
              request_id            TEXT,
              scope_id              TEXT,
              job_id                TEXT,
              batch_id              TEXT,
              operation             TEXT    NOT NULL,
              attributes            TEXT,
              raw_usage             TEXT
            )""",
            "CREATE INDEX usage_event_job ON usage_event (job_id, started_at)",
            "CREATE INDEX usage_event_time ON usage_event (started_at)",
            """
            CREATE TABLE scope_record (
              scope_id         TEXT    NOT NULL PRIMARY KEY,
              parent_id        TEXT,
              parent_operation TEXT,
              operation        TEXT    NOT NULL,
              job_id           TEXT,
              batch_id         TEXT,
              attributes       TEXT,
              started_at       INTEGER NOT NULL,
              ended_at         INTEGER NOT NULL,
              outcome          TEXT    NOT NULL,
              error_type       TEXT,
              error_message    TEXT,
              items_ok         INTEGER,
              items_failed     INTEGER,
              error_samples    TEXT
            )""",
            "CREATE INDEX scope_record_job ON scope_record (job_id)");

    /** The service tier an attempt was billed at (NULL: standard), so re-pricing prices it the same way. */
    private static final List<String> V2 = List.of("ALTER TABLE usage_event ADD COLUMN service_tier TEXT");

    /**
     * Reports name the models whose usage has no price; indexing only those rows finds them without a
     * scan, and costs ingest nothing for priced usage.
     */
    private static final List<String> V3 = List.of(
            "CREATE INDEX usage_event_unpriced ON usage_event (started_at) WHERE cost_nanos IS NULL");

    /**
     * Reports group without sorting when rows come in group order. The facet index gives that order for
     * provider, model, operation and status, then time (so a group's time buckets are ranges), and holds
     * every column a report reads, so those reports never touch the table. The batch index does the same
     * for batches (reading the table, where a batch's rows lie together), and serves batch filters.
     */
    private static final List<String> V4 = List.of(
            """
            CREATE INDEX usage_event_facet ON usage_event (provider, COALESCE(response_model, request_model, '(none)'),
              operation, status, started_at, latency_ms, attempt, input_tokens, cache_read_tokens, cache_write_5m_tokens,
              cache_write_1h_tokens, output_tokens, reasoning_tokens, audio_input_tokens, audio_output_tokens, cost_nanos,
              cost_source, response_model, request_model)""",
            "CREATE INDEX usage_event_batch ON usage_event (batch_id, started_at)");

    private static final List<List<String>> MIGRATIONS = List.of(V1, V2, V3, V4);

    static final int CURRENT_VERSION = MIGRATIONS.size();

    private Schema() {}

    /** The statements that take a ledger from {@code version - 1} to {@code version}. */
    static List<String> migration(int version) {
        return MIGRATIONS.get(version - 1);
    }

    /**
     * Brings the ledger up to {@link #CURRENT_VERSION}. The version is read again under the write lock,
     * so processes opening a new ledger at the same moment migrate it once, not each.
     */
    static void migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                int from;
                try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                    from = rs.next() ? rs.getInt(1) : 0;
                }
                for (int version = from; version < CURRENT_VERSION; version++) {
                    for (String sql : MIGRATIONS.get(version)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + (version + 1));
                }
                statement.execute("PRAGMA application_id = " + APPLICATION_ID);
                statement.execute("COMMIT");
            } catch (SQLException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        }
    }
}
