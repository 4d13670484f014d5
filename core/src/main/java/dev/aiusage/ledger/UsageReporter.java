package dev.aiusage.ledger;

import dev.aiusage.event.TokenBuckets;
import dev.aiusage.ledger.UsageReport.ModelUsage;
import dev.aiusage.ledger.UsageTotals.Latency;
import dev.aiusage.pricing.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Turns a {@link UsageQuery} into one aggregate SQL statement; nothing is summed row by row in memory.
 *
 * <p>Speed on a large ledger: SQLite groups by sorting, and sorting a million rows costs more than
 * summing them, so where an index holds the rows in group order ({@link GroupSlots}) the query reads
 * them in that order and sorts nothing; otherwise it sorts once, with integer keys where it can, and may
 * use a second core for it. Totals are the sum of the groups (calls are counted by their first attempt
 * so they add up); only the total's percentiles take a second, unsorted scan (which Ledger runs beside the first).
 */
final class UsageReporter {

    private static final String ALL_TOKENS = "input_tokens + cache_read_tokens + cache_write_5m_tokens"
            + " + cache_write_1h_tokens + output_tokens + reasoning_tokens + audio_input_tokens + audio_output_tokens";

    private static final String LATENCY = "percentile_disc(latency_ms, 0.5), percentile_disc(latency_ms, 0.95)";

    // Counts and rare sums as FILTERed aggregates: a row that does not match costs a test, not a call.
    private static final String MEASURES = """
            COUNT(*) FILTER (WHERE attempt = 1),
            COUNT(*),
            COUNT(*) FILTER (WHERE status <> 'ok'),
            COALESCE(SUM(input_tokens), 0),
            COALESCE(SUM(cache_read_tokens), 0),
            COALESCE(SUM(cache_write_5m_tokens), 0),
            COALESCE(SUM(cache_write_1h_tokens), 0),
            COALESCE(SUM(output_tokens), 0),
            COALESCE(SUM(reasoning_tokens), 0),
            COALESCE(SUM(audio_input_tokens), 0),
            COALESCE(SUM(audio_output_tokens), 0),
            COALESCE(SUM(cost_nanos), 0),
            COALESCE(SUM(cost_nanos) FILTER (WHERE cost_source = 'estimated'), 0),
            COUNT(cost_nanos) FILTER (WHERE cost_source = 'estimated'),
            COUNT(*) FILTER (WHERE cost_nanos IS NULL),
            COALESCE(SUM(%s) FILTER (WHERE cost_nanos IS NULL), 0),
            %s""".formatted(ALL_TOKENS, LATENCY);

    private static final int SORT_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private UsageReporter() {}

    /** How a grouped report reaches its rows: in group order through an index where it can, or sorted. */
    enum Plan { INDEX_ORDER, SORT }

    /** Computes the total's latency percentiles of a grouped report (a scan of its own). */
    interface TotalLatency {
        Latency of(UsageQuery query) throws SQLException;
    }

    static UsageReport report(Connection connection, UsageQuery query) throws SQLException {
        return report(connection, query, Plan.INDEX_ORDER, q -> latency(connection, q));
    }

    static UsageReport report(Connection connection, UsageQuery query, Plan plan) throws SQLException {
        return report(connection, query, plan, q -> latency(connection, q));
    }

    static UsageReport report(Connection connection, UsageQuery query, Plan plan, TotalLatency totalLatency)
            throws SQLException {
        List<UsageTotals> rows = rows(connection, query, plan);
        UsageTotals total;
        if (query.groupBy().isEmpty()) {
            total = rows.getFirst();
        } else {
            total = rows.stream().reduce(empty(), UsageTotals::plus).withLatency(totalLatency.of(query));
        }
        List<ModelUsage> unpriced = total.unpricedAttempts() == 0 ? List.of() : unpriced(connection, query);
        return new UsageReport(query, rows, total, unpriced);
    }

    static List<UsageTotals> rows(Connection connection, UsageQuery query) throws SQLException {
        return rows(connection, query, Plan.INDEX_ORDER);
    }

    private static List<UsageTotals> rows(Connection connection, UsageQuery query, Plan plan) throws SQLException {
        List<GroupKey> keys = query.groupBy();
        Span span = keys.stream().anyMatch(GroupKey::isTime) ? span(connection, query) : new Span(0, 0);
        // Computed even when the slots need no CASE: a span with too many clock changes is refused either way.
        ZoneOffsets offsets = keys.stream().anyMatch(GroupKey::isTime)
                ? ZoneOffsets.of(query.zone(), span.first(), Math.max(span.first(), span.last())) : null;
        if (plan == Plan.INDEX_ORDER) {
            Optional<GroupSlots> slots = GroupSlots.prepare(connection, query, span.first(), span.last());
            if (slots.isPresent()) {
                try (GroupSlots ordered = slots.get()) {
                    List<Object> params = new ArrayList<>();
                    String sql = ordered.select(MEASURES, query, params);
                    return read(connection, sql, params, query);
                }
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (GroupKey key : keys) {
            sql.append(GroupColumns.sql(key, offsets)).append(", ");
        }
        sql.append(MEASURES).append(" FROM usage_event");
        List<Object> params = LedgerFilter.where(query, sql);
        if (!keys.isEmpty()) {
            String columns = IntStream.rangeClosed(1, keys.size()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "));
            sql.append(" GROUP BY ").append(columns).append(" ORDER BY ").append(columns);
        }
        try (Statement pragma = connection.createStatement()) {
            pragma.execute("PRAGMA threads = " + SORT_THREADS); // lets SQLite's sorter use a second core
        }
        return read(connection, sql.toString(), params, query);
    }

    private static List<UsageTotals> read(Connection connection, String sql, List<Object> params, UsageQuery query)
            throws SQLException {
        try (PreparedStatement statement = LedgerFilter.prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            List<UsageTotals> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(read(rs, query));
            }
            return rows;
        }
    }

    /**
     * The instants the query can match, {@code [first, last]}: its time filters, else the ledger's first
     * and last event (empty when {@code first > last}).
     */
    private record Span(long first, long last) {}

    private static Span span(Connection connection, UsageQuery query) throws SQLException {
        long from;
        long to;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT (SELECT MIN(started_at) FROM usage_event), (SELECT MAX(started_at) FROM usage_event)")) {
            rs.next();
            from = rs.getLong(1);
            to = rs.getLong(2);
        }
        if (query.since() != null) {
            from = Math.max(from, query.since().toEpochMilli());
        }
        if (query.until() != null) {
            to = Math.min(to, query.until().toEpochMilli() - 1);
        }
        return new Span(from, to);
    }

    static Latency latency(Connection connection, UsageQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + LATENCY + " FROM usage_event");
        List<Object> params = LedgerFilter.where(query, sql);
        try (PreparedStatement statement = LedgerFilter.prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return latency(rs, 1);
        }
    }

    private static List<ModelUsage> unpriced(Connection connection, UsageQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + GroupColumns.sql(GroupKey.MODEL, null)
                + ", COUNT(*), SUM(" + ALL_TOKENS + ") FROM usage_event");
        List<Object> params = LedgerFilter.where(query, sql, "cost_nanos IS NULL");
        sql.append(" GROUP BY 1 ORDER BY 1");
        try (PreparedStatement statement = LedgerFilter.prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            List<ModelUsage> models = new ArrayList<>();
            while (rs.next()) {
                models.add(new ModelUsage(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
            return models;
        }
    }

    private static UsageTotals empty() {
        return new UsageTotals(List.of(), 0, 0, 0, TokenBuckets.ZERO, Money.ZERO, Money.ZERO, 0, 0, 0, Latency.UNKNOWN);
    }

    private static UsageTotals read(ResultSet rs, UsageQuery query) throws SQLException {
        List<GroupKey> keys = query.groupBy();
        List<String> group = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            group.add(GroupColumns.label(keys.get(i), rs, i + 1, query.zone()));
        }
        int c = keys.size();
        TokenBuckets tokens = new TokenBuckets(rs.getLong(c + 4), rs.getLong(c + 5), rs.getLong(c + 6),
                rs.getLong(c + 7), rs.getLong(c + 8), rs.getLong(c + 9), rs.getLong(c + 10), rs.getLong(c + 11));
        return new UsageTotals(group, rs.getLong(c + 1), rs.getLong(c + 2), rs.getLong(c + 3), tokens,
                new Money(rs.getLong(c + 12)), new Money(rs.getLong(c + 13)), rs.getLong(c + 14),
                rs.getLong(c + 15), rs.getLong(c + 16), latency(rs, c + 17));
    }

    private static Latency latency(ResultSet rs, int column) throws SQLException {
        long p50 = rs.getLong(column);
        return rs.wasNull() ? Latency.UNKNOWN : new Latency(p50, rs.getLong(column + 1));
    }
}
