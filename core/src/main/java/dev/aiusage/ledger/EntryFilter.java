package dev.aiusage.ledger;

import java.time.Instant;

/**
 * Which entries to read back from a ledger; {@code null} matches everything. Usage events match by
 * the time they started ({@code since} inclusive, {@code until} exclusive); scope records match when
 * they were running at some time in that window.
 *
 * <pre>{@code
 * var filter = EntryFilter.all().forJob("job-123").between(yesterday, null);
 * }</pre>
 */
public record EntryFilter(String jobId, Instant since, Instant until) {

    public EntryFilter {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("the window is empty: it starts (" + since + ") at or after it ends ("
                    + until + ")");
        }
    }

    public static EntryFilter all() {
        return new EntryFilter(null, null, null);
    }

    public EntryFilter forJob(String job) {
        return new EntryFilter(job, since, until);
    }

    public EntryFilter between(Instant from, Instant to) {
        return new EntryFilter(jobId, from, to);
    }
}
