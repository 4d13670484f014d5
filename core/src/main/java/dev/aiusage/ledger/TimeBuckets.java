package dev.aiusage.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A span of time cut into the pieces in which every time key of a query keeps one value: cut at each
 * local hour, day, week or month start and at each change of the zone's UTC offset. Each piece carries
 * the values {@link GroupColumns#sql} would compute for any instant in it, so a report can read the
 * rows of each piece through the time index, in group order, instead of sorting a million rows.
 */
record TimeBuckets(List<Bucket> buckets) {

    /** {@code [from, until)} in epoch milliseconds, with one value per time key, in the keys' order. */
    record Bucket(long from, long until, List<Object> values) {}

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 86_400_000L;

    TimeBuckets {
        buckets = List.copyOf(buckets);
    }

    /**
     * The pieces of {@code [fromMillis, toMillis]} (both inclusive), or empty when there would be more
     * than {@code max} of them or a month outside the years 0 to 9999 (where SQLite names it otherwise).
     */
    static Optional<TimeBuckets> of(List<GroupKey> timeKeys, ZoneId zone, long fromMillis, long toMillis, int max) {
        ZoneRules rules = zone.getRules();
        List<Bucket> buckets = new ArrayList<>();
        long start = fromMillis;
        while (start <= toMillis) {
            if (buckets.size() == max) {
                return Optional.empty();
            }
            long offset = rules.getOffset(Instant.ofEpochMilli(start)).getTotalSeconds() * 1000L;
            long local = start + offset;
            long end = toMillis + 1;
            ZoneOffsetTransition change = rules.isFixedOffset() ? null : rules.nextTransition(Instant.ofEpochMilli(start));
            if (change != null) {
                end = Math.min(end, change.toEpochSecond() * 1000L);
            }
            List<Object> values = new ArrayList<>(timeKeys.size());
            for (GroupKey key : timeKeys) {
                if (key.kind() == GroupKey.Kind.MONTH) {
                    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(local, DAY_MS));
                    if (day.getYear() < 0 || day.getYear() > 9999) {
                        return Optional.empty();
                    }
                    values.add("%04d-%02d".formatted(day.getYear(), day.getMonthValue()));
                } else {
                    values.add(value(key, start, local));
                }
                end = Math.min(end, nextLocalStart(key, local) - offset);
            }
            buckets.add(new Bucket(start, end, values));
            start = end;
        }
        return Optional.of(new TimeBuckets(buckets));
    }

    /** The same arithmetic as {@link GroupColumns#sql}, for an instant and its local time. */
    private static long value(GroupKey key, long instant, long local) {
        return switch (key.kind()) {
            case HOUR -> instant - Math.floorMod(local, HOUR_MS);
            case DAY -> Math.floorDiv(local, DAY_MS);
            case WEEK -> Math.floorDiv(local + 3 * DAY_MS, 7 * DAY_MS);
            case MONTH, PROVIDER, MODEL, OPERATION, JOB, BATCH, STATUS, ATTRIBUTE ->
                    throw new IllegalArgumentException(key + " has no numeric time value");
        };
    }

    /** The local time (as epoch ms read as UTC) at which the key's next period starts. */
    private static long nextLocalStart(GroupKey key, long local) {
        return switch (key.kind()) {
            case HOUR -> local - Math.floorMod(local, HOUR_MS) + HOUR_MS;
            case DAY -> (Math.floorDiv(local, DAY_MS) + 1) * DAY_MS;
            case WEEK -> (Math.floorDiv(local + 3 * DAY_MS, 7 * DAY_MS) + 1) * 7 * DAY_MS - 3 * DAY_MS;
            case MONTH -> LocalDate.ofEpochDay(Math.floorDiv(local, DAY_MS)).withDayOfMonth(1).plusMonths(1)
                    .toEpochDay() * DAY_MS;
            case PROVIDER, MODEL, OPERATION, JOB, BATCH, STATUS, ATTRIBUTE ->
                    throw new IllegalArgumentException(key + " is not a time key");
        };
    }
}
