package dev.aiusage.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.ScopeRecord;
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
    private static final String INSERT_EVENT = """
            INSERT OR IGNORE INTO usage_event (event_id, call_id, attempt, started_at, ended_at, latency_ms,
              provider, api, request_model, response_model, price_key, input_tokens, cache_read_tokens,
              cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
              audio_input_tokens, audio_output_tokens, cost_nanos, cost_source, status, http_status,
              error_type, request_id, scope_id, job_id, batch_id, operation, attributes, raw_usage)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""";

    private static final String INSERT_SCOPE = """
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
                        bindEvent(event);
                        insertEvent.addBatch();
                        events = true;
                    }
                    case ScopeRecord scope -> {
                        bindScope(scope);
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

    private void bindEvent(UsageEvent e) throws SQLException {
        PreparedStatement s = insertEvent;
        TokenBuckets t = e.tokens();
        Attribution a = e.attribution();
        s.setString(1, e.eventId().toString());
        s.setString(2, e.callId().toString());
        s.setInt(3, e.attempt());
        s.setLong(4, e.startedAt().toEpochMilli());
        s.setLong(5, e.endedAt().toEpochMilli());
        s.setLong(6, e.latency().toMillis());
        s.setString(7, e.provider());
        s.setString(8, e.api().code());
        s.setString(9, e.requestModel());
        s.setString(10, e.responseModel());
        s.setString(11, e.cost().priceKey());
        s.setLong(12, t.input());
        s.setLong(13, t.cacheRead());
        s.setLong(14, t.cacheWrite5m());
        s.setLong(15, t.cacheWrite1h());
        s.setLong(16, t.output());
        s.setLong(17, t.reasoning());
        s.setLong(18, t.audioInput());
        s.setLong(19, t.audioOutput());
        setLong(s, 20, e.cost().priced() ? e.cost().amount().nanos() : null);
        s.setString(21, e.cost().source().code());
        s.setString(22, e.status().code());
        setLong(s, 23, e.httpStatus() == null ? null : e.httpStatus().longValue());
        s.setString(24, e.errorType());
        s.setString(25, e.requestId());
        s.setString(26, a.scopeId());
        s.setString(27, a.jobId());
        s.setString(28, a.batchId());
        s.setString(29, a.operation());
        s.setString(30, json(a.attributes()));
        s.setString(31, e.rawUsage());
    }

    private void bindScope(ScopeRecord r) throws SQLException {
        PreparedStatement s = insertScope;
        BatchSummary batch = r.batch();
        s.setString(1, r.scopeId());
        s.setString(2, r.parentId());
        s.setString(3, r.parentOperation());
        s.setString(4, r.operation());
        s.setString(5, r.jobId());
        s.setString(6, r.batchId());
        s.setString(7, json(r.attributes()));
        s.setLong(8, r.startedAt().toEpochMilli());
        s.setLong(9, r.endedAt().toEpochMilli());
        s.setString(10, r.outcome().code());
        s.setString(11, r.errorType());
        s.setString(12, r.errorMessage());
        setLong(s, 13, batch == null ? null : (long) batch.succeeded());
        setLong(s, 14, batch == null ? null : (long) batch.failed());
        s.setString(15, batch == null ? null : json(batch.samples()));
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setLong(index, value);
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
