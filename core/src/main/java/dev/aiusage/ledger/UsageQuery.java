package dev.aiusage.ledger;

import dev.aiusage.event.CallStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * What to total and how to group it; {@code null} filters match everything. Time groups are calendar
 * periods in {@code zone} (UTC unless told otherwise); {@code since} is inclusive, {@code until} exclusive.
 *
 * <pre>{@code
 * var query = UsageQuery.all().forJob("job-123").inZone(ZoneId.of("Europe/Paris"))
 *         .groupedBy(List.of(GroupKey.DAY, GroupKey.MODEL));
 * }</pre>
 *
 * @param model matches the model the provider reported or the one requested
 */
public record UsageQuery(
        String jobId,
        String batchId,
        String model,
        String operation,
        String provider,
        CallStatus status,
        Instant since,
        Instant until,
        ZoneId zone,
        List<GroupKey> groupBy) {

    public UsageQuery {
        Objects.requireNonNull(zone, "zone");
        groupBy = List.copyOf(groupBy);
        if (groupBy.size() != groupBy.stream().distinct().count()) {
            throw new IllegalArgumentException("a group appears twice in " + groupBy);
        }
    }

    public static UsageQuery all() {
        return new UsageQuery(null, null, null, null, null, null, null, null, ZoneOffset.UTC, List.of());
    }

    public UsageQuery forJob(String job) {
        return new UsageQuery(job, batchId, model, operation, provider, status, since, until, zone, groupBy);
    }

    public UsageQuery forBatch(String batch) {
        return new UsageQuery(jobId, batch, model, operation, provider, status, since, until, zone, groupBy);
    }

    public UsageQuery forModel(String name) {
        return new UsageQuery(jobId, batchId, name, operation, provider, status, since, until, zone, groupBy);
    }

    public UsageQuery forOperation(String name) {
        return new UsageQuery(jobId, batchId, model, name, provider, status, since, until, zone, groupBy);
    }

    public UsageQuery forProvider(String name) {
        return new UsageQuery(jobId, batchId, model, operation, name, status, since, until, zone, groupBy);
    }

    public UsageQuery withStatus(CallStatus value) {
        return new UsageQuery(jobId, batchId, model, operation, provider, value, since, until, zone, groupBy);
    }

    public UsageQuery between(Instant from, Instant to) {
        return new UsageQuery(jobId, batchId, model, operation, provider, status, from, to, zone, groupBy);
    }

    public UsageQuery inZone(ZoneId value) {
        return new UsageQuery(jobId, batchId, model, operation, provider, status, since, until, value, groupBy);
    }

    public UsageQuery groupedBy(List<GroupKey> keys) {
        return new UsageQuery(jobId, batchId, model, operation, provider, status, since, until, zone, keys);
    }
}
