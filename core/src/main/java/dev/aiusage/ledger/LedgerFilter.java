package dev.aiusage.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The WHERE clause of a {@link UsageQuery}'s filters over {@code usage_event}, values bound as parameters. */
final class LedgerFilter {

    private LedgerFilter() {}

    /** Appends the WHERE clause (with any {@code extra} conditions) and returns its parameters in order. */
    static List<Object> where(UsageQuery query, StringBuilder sql, String... extra) {
        List<String> clauses = new ArrayList<>(List.of(extra));
        List<Object> params = new ArrayList<>();
        add(clauses, params, "job_id = ?", query.jobId());
        add(clauses, params, "batch_id = ?", query.batchId());
        if (query.model() != null) {
            clauses.add("? IN (response_model, request_model)");
            params.add(query.model());
        }
        add(clauses, params, "operation = ?", query.operation());
        add(clauses, params, "provider = ?", query.provider());
        add(clauses, params, "status = ?", query.status() == null ? null : query.status().code());
        add(clauses, params, "started_at >= ?", query.since() == null ? null : query.since().toEpochMilli());
        add(clauses, params, "started_at < ?", query.until() == null ? null : query.until().toEpochMilli());
        if (!clauses.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", clauses));
        }
        return params;
    }

    static PreparedStatement prepare(Connection connection, CharSequence sql, List<Object> params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static void add(List<String> clauses, List<Object> params, String clause, Object value) {
        if (value != null) {
            clauses.add(clause);
            params.add(value);
        }
    }
}
