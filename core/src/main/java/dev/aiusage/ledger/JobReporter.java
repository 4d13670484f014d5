package dev.aiusage.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.ledger.JobDetail.Batch;
import dev.aiusage.ledger.JobDetail.Failure;
import dev.aiusage.pricing.Money;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs from the usage events and scope records, each side aggregated in SQL and the two merged by job id. */
final class JobReporter {

    /** Failure samples a job detail keeps; the item counts say how many there were in all. */
    static final int MAX_FAILURES = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String EVENTS = """
            SELECT job_id, MIN(started_at), MAX(ended_at), 0, 0, COALESCE(SUM(attempt = 1), 0), COUNT(*),
              COALESCE(SUM(status <> 'ok'), 0), COALESCE(SUM(cost_nanos), 0), COALESCE(SUM(cost_nanos IS NULL), 0)
            FROM usage_event""";

    private static final String SCOPES = """
            SELECT job_id, MIN(started_at), MAX(ended_at), COALESCE(SUM(items_ok), 0), COALESCE(SUM(items_failed), 0),
              0, 0, 0, 0, 0
            FROM scope_record""";

    /**
     * Each keyed item's latest scope: a batch item runs in a scope under its batch that carries the
     * {@code item} attribute, and the latest such scope for a key says how the item ended (and in which
     * batch), so an item redone in a later run (retried, changed, resumed) counts once. Cancelled
     * attempts are not outcomes. {@code %s} narrows the jobs.
     */
    private static final String LATEST_ITEMS = """
            SELECT job_id, batch_id, outcome, error_type, error_message, ended_at,
              json_extract(attributes, '$.item') AS item, ROW_NUMBER() OVER (
                  PARTITION BY job_id, json_extract(attributes, '$.item') ORDER BY ended_at DESC, scope_id DESC) AS latest
            FROM scope_record
            WHERE parent_operation = 'batch' AND json_extract(attributes, '$.item') IS NOT NULL
              AND COALESCE(error_type, '') <> 'java.util.concurrent.CancellationException' %s""";

    /**
     * Items (receipts) by their final outcome, per job and batch. Jobs whose items carry no key keep
     * their batches' counts, summed over runs.
     */
    private static final String ITEMS = """
            SELECT job_id, COALESCE(batch_id, '(none)'), COALESCE(SUM(outcome = 'ok'), 0), COALESCE(SUM(outcome <> 'ok'), 0)
            FROM (%s)
            WHERE latest = 1 GROUP BY 1, 2""".formatted(LATEST_ITEMS);

    /** One job's items whose final outcome is a failure, oldest first. */
    private static final String FAILED_ITEMS = """
            SELECT COALESCE(batch_id, '(none)'), item, error_type, error_message
            FROM (%s)
            WHERE latest = 1 AND outcome <> 'ok'
            ORDER BY ended_at
            LIMIT ?""".formatted(LATEST_ITEMS.formatted("AND job_id = ?"));

    /** One batch's items by their final outcome. */
    private record ItemCounts(String jobId, String batchId, long ok, long failed) {}

    private JobReporter() {}

    /** Item counts by final outcome for one job, or every job (null); only items that carry keys. */
    private static List<ItemCounts> items(Connection connection, String jobId) throws SQLException {
        List<ItemCounts> items = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                ITEMS.formatted(jobId == null ? "AND job_id IS NOT NULL" : "AND job_id = ?"))) {
            if (jobId != null) {
                statement.setString(1, jobId);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    items.add(new ItemCounts(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return items;
    }

    /** The job with its items counted by final outcome, when its items carry keys. */
    private static JobSummary withItems(JobSummary job, List<ItemCounts> items) {
        List<ItemCounts> own = items.stream().filter(item -> item.jobId().equals(job.jobId())).toList();
        return own.isEmpty() ? job : job.withItems(own.stream().mapToLong(ItemCounts::ok).sum(),
                own.stream().mapToLong(ItemCounts::failed).sum());
    }

    /** Every job with usage or scopes starting in {@code [since, until)} (null: unbounded), by start. */
    static List<JobSummary> jobs(Connection connection, Instant since, Instant until) throws SQLException {
        Map<String, JobSummary> jobs = new HashMap<>();
        for (String base : List.of(EVENTS, SCOPES)) {
            for (JobSummary job : summaries(connection, base, null, since, until)) {
                jobs.merge(job.jobId(), job, JobSummary::merge);
            }
        }
        Map<String, List<ItemCounts>> items = items(connection, null).stream()
                .collect(java.util.stream.Collectors.groupingBy(ItemCounts::jobId));
        return jobs.values().stream()
                .map(job -> withItems(job, items.getOrDefault(job.jobId(), List.of())))
                .sorted(Comparator.comparing(JobSummary::start).thenComparing(JobSummary::jobId))
                .toList();
    }

    static Optional<JobDetail> job(Connection connection, String jobId) throws SQLException {
        JobSummary summary = null;
        for (String base : List.of(EVENTS, SCOPES)) {
            for (JobSummary part : summaries(connection, base, jobId, null, null)) {
                summary = summary == null ? part : summary.merge(part);
            }
        }
        if (summary == null) {
            return Optional.empty();
        }
        List<ItemCounts> items = items(connection, jobId);
        summary = withItems(summary, items);
        Map<String, Batch> batches = new java.util.LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT COALESCE(batch_id, '(none)'), started_at, ended_at, items_ok, items_failed, outcome,
                  error_type, error_message, error_samples
                FROM scope_record
                WHERE job_id = ? AND (items_ok IS NOT NULL OR (outcome = 'error' AND parent_id IS NULL))
                ORDER BY started_at, scope_id""")) {
            statement.setString(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String batch = rs.getString(1);
                    if (rs.getObject(4) != null) {
                        // A batch id seen again is the same batch in a later run (a resume): one row for it.
                        batches.merge(batch, new Batch(batch, Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4), rs.getLong(5)), JobReporter::mergeRuns);
                    }
                    if ("error".equals(rs.getString(6)) && failures.size() < MAX_FAILURES) {
                        failures.add(new Failure(batch, null, rs.getString(7), rs.getString(8)));
                    }
                    if (items.isEmpty()) {
                        samples(batch, rs.getString(9), failures);
                    }
                }
            }
        }
        if (!items.isEmpty()) {
            // Items with keys: the failures are those whose last attempt failed, not ones a later run fixed.
            failedItems(connection, jobId, MAX_FAILURES - failures.size(), failures);
        }
        return Optional.of(new JobDetail(summary, byFinalOutcome(items, batches), failures));
    }

    private static void failedItems(Connection connection, String jobId, int most, List<Failure> failures)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FAILED_ITEMS)) {
            statement.setString(1, jobId);
            statement.setInt(2, Math.max(0, most));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    failures.add(new Failure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
    }

    private static Batch mergeRuns(Batch earlier, Batch later) {
        return new Batch(earlier.batchId(), earlier.start().isBefore(later.start()) ? earlier.start() : later.start(),
                earlier.end().isAfter(later.end()) ? earlier.end() : later.end(),
                earlier.itemsOk() + later.itemsOk(), earlier.itemsFailed() + later.itemsFailed());
    }

    /** The batches with their items counted by how each last ended, where items carry keys (else summed). */
    private static List<Batch> byFinalOutcome(List<ItemCounts> items, Map<String, Batch> batches) {
        if (items.isEmpty()) {
            return List.copyOf(batches.values());
        }
        Map<String, ItemCounts> byBatch = new HashMap<>();
        items.forEach(item -> byBatch.put(item.batchId(), item));
        return batches.values().stream().map(batch -> {
            ItemCounts counts = byBatch.get(batch.batchId());
            return new Batch(batch.batchId(), batch.start(), batch.end(), counts == null ? 0 : counts.ok(),
                    counts == null ? 0 : counts.failed());
        }).toList();
    }

    private static void samples(String batch, String json, List<Failure> failures) {
        if (json == null) {
            return;
        }
        try {
            for (JsonNode sample : JSON.readTree(json)) {
                if (failures.size() == MAX_FAILURES) {
                    return;
                }
                failures.add(new Failure(batch, text(sample, "itemKey"), text(sample, "errorType"), text(sample, "message")));
            }
        } catch (IOException e) {
            failures.add(new Failure(batch, null, "unreadable error samples", e.getMessage()));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static List<JobSummary> summaries(Connection connection, String base, String jobId, Instant since,
            Instant until) throws SQLException {
        StringBuilder sql = new StringBuilder(base).append(jobId == null ? " WHERE job_id IS NOT NULL" : " WHERE job_id = ?");
        List<Object> params = new ArrayList<>();
        if (jobId != null) {
            params.add(jobId);
        }
        if (since != null) {
            sql.append(" AND started_at >= ?");
            params.add(since.toEpochMilli());
        }
        if (until != null) {
            sql.append(" AND started_at < ?");
            params.add(until.toEpochMilli());
        }
        sql.append(" GROUP BY job_id");
        List<JobSummary> jobs = new ArrayList<>();
        try (PreparedStatement statement = LedgerFilter.prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                jobs.add(new JobSummary(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                        rs.getLong(8), new Money(rs.getLong(9)), rs.getLong(10)));
            }
        }
        return jobs;
    }
}
