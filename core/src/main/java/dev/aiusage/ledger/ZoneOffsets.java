package dev.aiusage.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's UTC offsets over a span of time, as SQL: SQLite has no time-zone database, so the offsets
 * (and the instants they change) are computed here from {@link ZoneRules} and written into the query
 * as a balanced {@code CASE} over {@code started_at}, which costs a few comparisons per row even for
 * a span with many daylight-saving changes. Correct for any offset, half and quarter hours included.
 */
final class ZoneOffsets {

    /** Decades of daylight-saving changes; beyond this the span is not a real ledger's. */
    static final int MAX_CHANGES = 2_000;

    private final List<Long> changes;     // epoch ms at which offsets.get(i + 1) takes over
    private final List<Long> offsets;     // ms to add to UTC

    private ZoneOffsets(List<Long> changes, List<Long> offsets) {
        this.changes = changes;
        this.offsets = offsets;
    }

    /** The offsets of {@code zone} for instants in {@code [fromMillis, toMillis]}. */
    static ZoneOffsets of(ZoneId zone, long fromMillis, long toMillis) {
        ZoneRules rules = zone.getRules();
        List<Long> changes = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        Instant from = Instant.ofEpochMilli(fromMillis);
        offsets.add(rules.getOffset(from).getTotalSeconds() * 1000L);
        ZoneOffsetTransition next = rules.isFixedOffset() ? null : rules.nextTransition(from);
        while (next != null && next.toEpochSecond() * 1000L <= toMillis) {
            if (changes.size() == MAX_CHANGES) {
                throw new IllegalArgumentException("the usage spans more than " + MAX_CHANGES + " UTC offset changes of "
                        + zone + " (" + from + " to " + Instant.ofEpochMilli(toMillis) + "); narrow it with a time "
                        + "filter or group in UTC");
            }
            changes.add(next.toEpochSecond() * 1000L);
            offsets.add(next.getOffsetAfter().getTotalSeconds() * 1000L);
            next = rules.nextTransition(next.getInstant());
        }
        return new ZoneOffsets(List.copyOf(changes), List.copyOf(offsets));
    }

    /** The offset in milliseconds of the row's {@code started_at}, as an SQL expression. */
    String offsetSql() {
        return tree(0, offsets.size() - 1);
    }

    /** The row's local wall-clock time, as epoch milliseconds of that local date-time read as UTC. */
    String localMillisSql() {
        return offsets.size() == 1 && offsets.getFirst() == 0 ? "started_at" : "(started_at + " + offsetSql() + ")";
    }

    private String tree(int low, int high) {
        if (low == high) {
            return Long.toString(offsets.get(low));
        }
        int middle = (low + high + 1) / 2;
        return "(CASE WHEN started_at < " + changes.get(middle - 1) + " THEN " + tree(low, middle - 1)
                + " ELSE " + tree(middle, high) + " END)";
    }
}
