package dev.aiusage.ledger;

import java.time.Instant;
import java.util.List;

/**
 * What to total and how to group it; {@code null} filters match everything.
 *
 * <pre>{@code
 * var query = UsageQuery.all().forJob("job-123").groupedBy(List.of(GroupKey.MODEL));
 * }</pre>
 */
public record UsageQuery(String jobId, Instant since, Instant until, List<GroupKey> groupBy) {

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
        if (groupBy.size() != groupBy.stream().distinct().count()) {
            throw new IllegalArgumentException("a group appears twice in " + groupBy);
        }
    }

    public static UsageQuery all() {
        return new UsageQuery(null, null, null, List.of());
    }

    public UsageQuery forJob(String job) {
        return new UsageQuery(job, since, until, groupBy);
    }

    public UsageQuery between(Instant from, Instant to) {
        return new UsageQuery(jobId, from, to, groupBy);
    }

    public UsageQuery groupedBy(List<GroupKey> keys) {
        return new UsageQuery(jobId, since, until, keys);
    }
}
