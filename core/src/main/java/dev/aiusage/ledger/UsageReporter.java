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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Turns a {@link UsageQuery} into one aggregate SQL statement; nothing is summed row by row in memory.
 *
 * <p>Speed on a large ledger: SQLite groups by sorting, so the query sorts once, with integer keys
 * where it can, and may use a second core for it; totals are the sum of the groups (calls are counted
 * by their first attempt so they add up), and only the total's percentiles take a second, unsorted scan.
 */
final class UsageReporter {

    private static final String ALL_TOKENS = "input_tokens + cache_read_tokens + cache_write_5m_tokens"
            + " + cache_write_1h_tokens + output_tokens + reasoning_tokens + audio_input_tokens + audio_output_tokens";

    private static final String LATENCY = "percentile_disc(latency_ms, 0.5), percentile_disc(latency_ms, 0.95)";

    private static final String MEASURES = """
            COALESCE(SUM(attempt = 1), 0),
            COUNT(*),
            COALESCE(SUM(status <> 'ok'), 0),
            COALESCE(SUM(input_tokens), 0),
            COALESCE(SUM(cache_read_tokens), 0),
            COALESCE(SUM(cache_write_5m_tokens), 0),
            COALESCE(SUM(cache_write_1h_tokens), 0),
            COALESCE(SUM(output_tokens), 0),
            COALESCE(SUM(reasoning_tokens), 0),
            COALESCE(SUM(audio_input_tokens), 0),
            COALESCE(SUM(audio_output_tokens), 0),
            COALESCE(SUM(cost_nanos), 0),
            COALESCE(SUM(CASE WHEN cost_source = 'estimated' THEN cost_nanos END), 0),
            COALESCE(SUM(cost_source = 'estimated' AND cost_nanos IS NOT NULL), 0),
            COALESCE(SUM(cost_nanos IS NULL), 0),
            COALESCE(SUM(CASE WHEN cost_nanos IS NULL THEN %s END), 0),
            %s""".formatted(ALL_TOKENS, LATENCY);

    private static final int SORT_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private UsageReporter() {}

    static UsageReport report(Connection connection, UsageQuery query) throws SQLException {
        List<UsageTotals> rows = rows(connection, query);
        UsageTotals total;
        if (query.groupBy().isEmpty()) {
            total = rows.getFirst();
        } else {
            total = rows.stream().reduce(empty(), UsageTotals::plus).withLatency(latency(connection, query));
        }
        List<ModelUsage> unpriced = total.unpricedAttempts() == 0 ? List.of() : unpriced(connection, query);
        return new UsageReport(query, rows, total, unpriced);
    }

    static List<UsageTotals> rows(Connection connection, UsageQuery query) throws SQLException {
        List<GroupKey> keys = query.groupBy();
        ZoneOffsets offsets = keys.stream().anyMatch(GroupKey::isTime) ? offsets(connection, query) : null;
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
        try (PreparedStatement statement = LedgerFilter.prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            List<UsageTotals> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(read(rs, query));
            }
            return rows;
        }
    }

    /** The zone's offsets over the span the query can match: its time filters, else the ledger's first and last event. */
    private static ZoneOffsets offsets(Connection connection, UsageQuery query) throws SQLException {
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
            to = Math.min(to, query.until().toEpochMilli());
        }
        return ZoneOffsets.of(query.zone(), from, Math.max(from, to));
    }

    private static Latency latency(Connection connection, UsageQuery query) throws SQLException {
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
