package dev.aiusage.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;

/** Writes entries with prepared statements, all of one call in one transaction. */
final class EntryWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    // INSERT OR IGNORE: an event id already stored (a replayed spool, an import) is not counted twice.
    static final String INSERT_EVENT = """
            INSERT OR IGNORE INTO usage_event (event_id, call_id, attempt, started_at, ended_at, latency_ms,
              provider, api, request_model, response_model, price_key, input_tokens, cache_read_tokens,
              cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
              audio_input_tokens, audio_output_tokens, cost_nanos, cost_source, status, http_status,
              error_type, request_id, scope_id, job_id, batch_id, operation, attributes, raw_usage, service_tier)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""";

    static final String INSERT_SCOPE = """
            INSERT OR IGNORE INTO scope_record (scope_id, parent_id, parent_operation, operation, job_id,
              batch_id, attributes, started_at, ended_at, outcome, error_type, error_message, items_ok,
              items_failed, error_samples)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""";

    private final Connection connection;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertScope;

    EntryWriter(Connection connection) throws SQLException {
        this.connection = connection;
        this.insertEvent = connection.prepareStatement(INSERT_EVENT);
        this.insertScope = connection.prepareStatement(INSERT_SCOPE);
    }

    void write(List<? extends LedgerEntry> entries) throws SQLException {
        connection.setAutoCommit(false);
        try {
            boolean events = false;
            boolean scopes = false;
            for (LedgerEntry entry : entries) {
                switch (entry) {
                    case UsageEvent event -> {
                        bind(insertEvent, eventColumns(event));
                        insertEvent.addBatch();
                        events = true;
                    }
                    case ScopeRecord scope -> {
                        bind(insertScope, scopeColumns(scope));
                        insertScope.addBatch();
                        scopes = true;
                    }
                }
            }
            if (events) {
                insertEvent.executeBatch();
            }
            if (scopes) {
                insertScope.executeBatch();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            insertEvent.clearBatch();
            insertScope.clearBatch();
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The columns an entry is stored as; fails for an entry the ledger cannot hold. */
    static Object[] columns(LedgerEntry entry) {
        return switch (entry) {
            case UsageEvent event -> eventColumns(event);
            case ScopeRecord scope -> scopeColumns(scope);
        };
    }

    /** The columns of {@link #INSERT_EVENT}, in order. */
    static Object[] eventColumns(UsageEvent e) {
        TokenBuckets t = e.tokens();
        Attribution a = e.attribution();
        return new Object[] {
            e.eventId().toString(), e.callId().toString(), e.attempt(),
            // Latency from the stored milliseconds, so an exported and re-imported event has the same latency.
            e.startedAt().toEpochMilli(), e.endedAt().toEpochMilli(), e.endedAt().toEpochMilli() - e.startedAt().toEpochMilli(),
            e.provider(), e.api().code(), e.requestModel(), e.responseModel(), e.cost().priceKey(),
            t.input(), t.cacheRead(), t.cacheWrite5m(), t.cacheWrite1h(), t.output(), t.reasoning(),
            t.audioInput(), t.audioOutput(),
            e.cost().priced() ? e.cost().amount().nanos() : null, e.cost().source().code(),
            e.status().code(), e.httpStatus(), e.errorType(), e.requestId(),
            a.scopeId(), a.jobId(), a.batchId(), a.operation(), json(a.attributes()), e.rawUsage(),
            e.serviceTier() == ServiceTier.STANDARD ? null : e.serviceTier().code()
        };
    }

    /** The columns of {@link #INSERT_SCOPE}, in order. */
    static Object[] scopeColumns(ScopeRecord r) {
        BatchSummary batch = r.batch();
        return new Object[] {
            r.scopeId(), r.parentId(), r.parentOperation(), r.operation(), r.jobId(), r.batchId(),
            json(r.attributes()), r.startedAt().toEpochMilli(), r.endedAt().toEpochMilli(), r.outcome().code(),
            r.errorType(), r.errorMessage(),
            batch == null ? null : batch.succeeded(), batch == null ? null : batch.failed(),
            batch == null ? null : json(batch.samples())
        };
    }

    static void bind(PreparedStatement statement, Object[] columns) throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, columns[i]);
            }
        }
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        insertEvent.close();
        insertScope.close();
    }
}
