package dev.aiusage.ledger;

import dev.aiusage.event.TokenBuckets;
import dev.aiusage.pricing.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Turns a {@link UsageQuery} into one aggregate SQL statement; nothing is summed in memory. */
final class UsageReporter {

    private static final String MEASURES = """
            COUNT(DISTINCT call_id),
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
            COALESCE(SUM(CASE WHEN cost_nanos IS NULL THEN input_tokens + cache_read_tokens + cache_write_5m_tokens
                + cache_write_1h_tokens + output_tokens + reasoning_tokens + audio_input_tokens
                + audio_output_tokens END), 0)
            """;

    private UsageReporter() {}

    static List<UsageTotals> rows(Connection connection, UsageQuery query) throws SQLException {
        List<GroupKey> keys = query.groupBy();
        String groups = keys.stream().map(GroupKey::sql).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ");
        if (!keys.isEmpty()) {
            sql.append(groups).append(", ");
        }
        sql.append(MEASURES).append(" FROM usage_event");
        List<Object> params = where(query, sql);
        if (!keys.isEmpty()) {
            sql.append(" GROUP BY ").append(groups).append(" ORDER BY ").append(groups);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<UsageTotals> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(read(rs, keys.size()));
                }
                return rows;
            }
        }
    }

    private static List<Object> where(UsageQuery query, StringBuilder sql) {
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (query.jobId() != null) {
            clauses.add("job_id = ?");
            params.add(query.jobId());
        }
        if (query.since() != null) {
            clauses.add("started_at >= ?");
            params.add(query.since().toEpochMilli());
        }
        if (query.until() != null) {
            clauses.add("started_at < ?");
            params.add(query.until().toEpochMilli());
        }
        if (!clauses.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", clauses));
        }
        return params;
    }

    private static UsageTotals read(ResultSet rs, int groupColumns) throws SQLException {
        List<String> group = new ArrayList<>(groupColumns);
        for (int i = 1; i <= groupColumns; i++) {
            group.add(rs.getString(i));
        }
        int c = groupColumns;
        TokenBuckets tokens = new TokenBuckets(rs.getLong(c + 4), rs.getLong(c + 5), rs.getLong(c + 6),
                rs.getLong(c + 7), rs.getLong(c + 8), rs.getLong(c + 9), rs.getLong(c + 10), rs.getLong(c + 11));
        return new UsageTotals(group, rs.getLong(c + 1), rs.getLong(c + 2), rs.getLong(c + 3), tokens,
                new Money(rs.getLong(c + 12)), new Money(rs.getLong(c + 13)), rs.getLong(c + 14),
                rs.getLong(c + 15), rs.getLong(c + 16));
    }
}
