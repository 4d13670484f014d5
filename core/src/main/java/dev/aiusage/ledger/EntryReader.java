package dev.aiusage.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads rows back into the entries {@link EntryWriter} stored, field for field. */
final class EntryReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};
    private static final TypeReference<List<BatchSummary.ErrorSample>> SAMPLES = new TypeReference<>() {};

    private static final String EVENTS = """
            SELECT event_id, call_id, attempt, started_at, ended_at, provider, api, service_tier, request_model,
              response_model, price_key, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
              output_tokens, reasoning_tokens, audio_input_tokens, audio_output_tokens, cost_nanos, cost_source, status,
              http_status, error_type, request_id, raw_usage, scope_id, operation, job_id, batch_id, attributes
            FROM usage_event""";

    private static final String SCOPES = """
            SELECT scope_id, parent_id, parent_operation, operation, job_id, batch_id, attributes, started_at,
              ended_at, outcome, error_type, error_message, items_ok, items_failed, error_samples
            FROM scope_record""";

    private final Connection connection;

    EntryReader(Connection connection) {
        this.connection = connection;
    }

    /** The matching usage events, oldest first. */
    void events(EntryFilter filter, Consumer<? super UsageEvent> sink) throws SQLException {
        Where where = eventWhere(filter);
        try (PreparedStatement statement = where.prepare(connection, EVENTS, "ORDER BY started_at, event_id");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                sink.accept(event(rs));
            }
        }
    }

    /** The matching scope records, oldest first. */
    void scopes(EntryFilter filter, Consumer<? super ScopeRecord> sink) throws SQLException {
        Where where = new Where(filter.jobId());
        where.add("ended_at >= ?", filter.since());
        where.add("started_at < ?", filter.until());
        try (PreparedStatement statement = where.prepare(connection, SCOPES, "ORDER BY started_at, scope_id");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                sink.accept(scope(rs));
            }
        }
    }

    /** Every attribute name the matching usage events carry, sorted. */
    SortedSet<String> eventAttributeKeys(EntryFilter filter) throws SQLException {
        Where where = eventWhere(filter);
        where.always("attributes IS NOT NULL");
        SortedSet<String> keys = new TreeSet<>();
        try (PreparedStatement statement = where.prepare(connection,
                "SELECT DISTINCT key FROM (SELECT attributes FROM usage_event", ") AS e, json_each(e.attributes)");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static Where eventWhere(EntryFilter filter) {
        Where where = new Where(filter.jobId());
        where.add("started_at >= ?", filter.since());
        where.add("started_at < ?", filter.until());
        return where;
    }

    private static UsageEvent event(ResultSet rs) throws SQLException {
        String id = rs.getString("event_id");
        try {
            TokenBuckets tokens = new TokenBuckets(rs.getLong("input_tokens"), rs.getLong("cache_read_tokens"),
                    rs.getLong("cache_write_5m_tokens"), rs.getLong("cache_write_1h_tokens"), rs.getLong("output_tokens"),
                    rs.getLong("reasoning_tokens"), rs.getLong("audio_input_tokens"), rs.getLong("audio_output_tokens"));
            long nanos = rs.getLong("cost_nanos");
            Money amount = rs.wasNull() ? null : new Money(nanos);
            Cost cost = new Cost(amount, CostSource.fromCode(rs.getString("cost_source")), rs.getString("price_key"));
            int http = rs.getInt("http_status");
            Integer httpStatus = rs.wasNull() ? null : http;
            String tier = rs.getString("service_tier");
            Attribution attribution = new Attribution(rs.getString("scope_id"), rs.getString("operation"),
                    rs.getString("job_id"), rs.getString("batch_id"), attributes(rs.getString("attributes")));
            return new UsageEvent(UUID.fromString(id), UUID.fromString(rs.getString("call_id")), rs.getInt("attempt"),
                    Instant.ofEpochMilli(rs.getLong("started_at")), Instant.ofEpochMilli(rs.getLong("ended_at")),
                    rs.getString("provider"), ApiKind.fromCode(rs.getString("api")),
                    tier == null ? ServiceTier.STANDARD : ServiceTier.fromCode(tier), rs.getString("request_model"),
                    rs.getString("response_model"), tokens, cost, CallStatus.fromCode(rs.getString("status")), httpStatus,
                    rs.getString("error_type"), rs.getString("request_id"), rs.getString("raw_usage"), attribution);
        } catch (RuntimeException e) {
            throw new SQLException("usage event " + id + " cannot be read back: " + e.getMessage(), e);
        }
    }

    private static ScopeRecord scope(ResultSet rs) throws SQLException {
        String id = rs.getString("scope_id");
        try {
            BatchSummary batch = null;
            int ok = rs.getInt("items_ok");
            if (!rs.wasNull()) {
                String samples = rs.getString("error_samples");
                batch = new BatchSummary(ok, rs.getInt("items_failed"),
                        samples == null ? List.of() : JSON.readValue(samples, SAMPLES));
            }
            return new ScopeRecord(id, rs.getString("parent_id"), rs.getString("parent_operation"),
                    rs.getString("operation"), rs.getString("job_id"), rs.getString("batch_id"),
                    attributes(rs.getString("attributes")), Instant.ofEpochMilli(rs.getLong("started_at")),
                    Instant.ofEpochMilli(rs.getLong("ended_at")),
                    ScopeRecord.Outcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
                    rs.getString("error_type"), rs.getString("error_message"), batch);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SQLException("scope record " + id + " cannot be read back: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> attributes(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes are not a JSON object of strings: " + e.getOriginalMessage());
        }
    }

    /** A WHERE clause of the filters that are set, with their parameters. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        Where(String jobId) {
            add("job_id = ?", jobId);
        }

        /** A condition on one parameter, left out when the filter is not set. */
        void add(String condition, Object value) {
            if (value != null) {
                conditions.add(condition);
                values.add(value instanceof Instant instant ? instant.toEpochMilli() : value);
            }
        }

        void always(String condition) {
            conditions.add(condition);
        }

        PreparedStatement prepare(Connection connection, String select, String tail) throws SQLException {
            String sql = select + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + " " + tail;
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            return statement;
        }
    }
}
